import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The time a request has left, carried to the database layer without threading it through every
 * verb: the hub runs each request inside {@link withinBudget}, and every unit of work opened for it
 * takes its connection, its timeouts and its last statement from what remains. Work outside a
 * request (the worker, the sealer, start-up) has no budget.
 */
const budget = new AsyncLocalStorage<{ deadline: number }>();

export function withinBudget<T>(ms: number, work: () => Promise<T>): Promise<T> {
  return budget.run({ deadline: Date.now() + ms }, work);
}

/** Milliseconds left to the current request, or undefined outside a request. */
export function remainingBudget(): number | undefined {
  const store = budget.getStore();
  return store ? store.deadline - Date.now() : undefined;
}
