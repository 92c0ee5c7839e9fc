/** PostgreSQL error classes the verbs turn into domain errors. */
function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';
export const isCheckViolation = (error: unknown): boolean => sqlState(error) === '23514';
/** Row-level security refused a write (new row violates policy). */
export const isPolicyViolation = (error: unknown): boolean => sqlState(error) === '42501';

/**
 * The request's time ran out before the database work could finish: waiting for a connection,
 * before a statement was sent, or a statement the hub cancelled at the deadline. Nothing of the
 * unit of work was committed.
 */
export class DatabaseTimeout extends Error {
  constructor(readonly reason: 'pool' | 'deadline') {
    super(reason === 'pool' ? 'no database connection came free within the request’s time' : 'the request’s time ran out before the database work finished');
    this.name = 'DatabaseTimeout';
  }
}

/**
 * The work stopped for lack of time, and was rolled back: the hub's own deadline, or the server's
 * statement, lock or idle-in-transaction timeout (57014, 55P03, 25P03).
 */
export const isTimeout = (error: unknown): boolean => error instanceof DatabaseTimeout || ['57014', '55P03', '25P03'].includes(sqlState(error) ?? '');

/**
 * The connection went away (terminated, server restarting, refused): the work did not happen,
 * and a retry will likely succeed. A failure while committing is not one of these: see
 * {@link CommitOutcomeUnknown}.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = sqlState(error);
  if (code && (code.startsWith('08') || ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EPIPE'].includes(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect/.test(message);
}

/**
 * The connection failed while the commit was on its way: the server may or may not have committed.
 * A client that sent an `Idempotency-Key` learns which by retrying with it.
 */
export class CommitOutcomeUnknown extends Error {
  constructor(override readonly cause: unknown) {
    super('the connection failed while committing; the outcome is unknown');
    this.name = 'CommitOutcomeUnknown';
  }
}
