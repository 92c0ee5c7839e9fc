import { dbRoundTripDuration } from '@ponte/metrics';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CheckState } from './scope';

/**
 * The time a request has left, carried to the database layer without threading it through every
 * verb: the hub runs each request inside {@link withinBudget}, and every unit of work opened for it
 * takes its connection, its timeouts and its last statement from what remains. Work outside a
 * request (the worker, the sealer, start-up) has no budget.
 */
interface RequestState {
  deadline: number;
  trips: number;
  statements: number;
  databaseMs: number;
  check?: CheckState;
}

/** The request's state, shared by everything it runs, and the domain verb running now (see {@link inVerb}). */
const budget = new AsyncLocalStorage<{ request: RequestState; verb?: string }>();

export function withinBudget<T>(ms: number, work: () => Promise<T>): Promise<T> {
  return budget.run({ request: { deadline: Date.now() + ms, trips: 0, statements: 0, databaseMs: 0 } }, work);
}

/**
 * Runs a domain verb's work under its name, so its round trips are counted by verb
 * (`ponte_db_round_trip_duration_seconds{verb}`); verbs a request runs side by side keep their own.
 */
export function inVerb<T>(verb: string, work: () => Promise<T>): Promise<T> {
  const store = budget.getStore();
  return store ? budget.run({ request: store.request, verb }, work) : work();
}

/**
 * Counts one exchange with the database for the current request (a statement, or a statement list
 * sent as one, of `statements` statements) and the time it took. What a request cost the database
 * is then known at its end.
 */
export function countRoundTrip(ms: number, statements = 1): void {
  const store = budget.getStore();
  // Outside a request (the worker, the sealer, start-up) a round trip belongs to no verb.
  dbRoundTripDuration.observe({ verb: store ? (store.verb ?? 'none') : 'background' }, ms / 1000);
  if (!store) return;
  const request = store.request;
  request.trips++;
  request.statements += statements;
  request.databaseMs += ms;
}

/** The current request's exchanges with the database so far, or undefined outside a request. */
export function databaseUse(): { trips: number; statements: number; ms: number } | undefined {
  const request = budget.getStore()?.request;
  return request ? { trips: request.trips, statements: request.statements, ms: request.databaseMs } : undefined;
}

/** Milliseconds left to the current request, or undefined outside a request. */
export function remainingBudget(): number | undefined {
  const request = budget.getStore()?.request;
  return request ? request.deadline - Date.now() : undefined;
}

/** The current request's state its units of work share (its account check), or undefined outside a request. */
export function requestSlot(): { check?: CheckState } | undefined {
  return budget.getStore()?.request;
}
