import { dbRoundTripDuration } from '@ponte/metrics';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CheckState } from './scope';

/**
 * The time a request has left, carried to the database layer without threading it through every
 * verb: the hub runs each request inside {@link withinBudget}, and every unit of work opened for it
 * takes its connection, its timeouts and its last statement from what remains. Work outside a
 * request (the worker, the sealer, start-up) has no budget.
 */
const budget = new AsyncLocalStorage<{ deadline: number; trips: number; statements: number; databaseMs: number; check?: CheckState }>();

export function withinBudget<T>(ms: number, work: () => Promise<T>): Promise<T> {
  return budget.run({ deadline: Date.now() + ms, trips: 0, statements: 0, databaseMs: 0 }, work);
}

/**
 * Counts one exchange with the database for the current request (a statement, or a statement list
 * sent as one, of `statements` statements) and the time it took. What a request cost the database
 * is then known at its end.
 */
export function countRoundTrip(ms: number, statements = 1): void {
  dbRoundTripDuration.observe(ms / 1000);
  const store = budget.getStore();
  if (!store) return;
  store.trips++;
  store.statements += statements;
  store.databaseMs += ms;
}

/** The current request's exchanges with the database so far, or undefined outside a request. */
export function databaseUse(): { trips: number; statements: number; ms: number } | undefined {
  const store = budget.getStore();
  return store ? { trips: store.trips, statements: store.statements, ms: store.databaseMs } : undefined;
}

/** Milliseconds left to the current request, or undefined outside a request. */
export function remainingBudget(): number | undefined {
  const store = budget.getStore();
  return store ? store.deadline - Date.now() : undefined;
}

/** The current request's state its units of work share (its account check), or undefined outside a request. */
export function requestSlot(): { check?: CheckState } | undefined {
  return budget.getStore();
}
