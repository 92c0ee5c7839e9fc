import { fieldError, PonteError } from '@ponte/contracts';
import {
  deleteExpiredIdempotencyKey,
  deleteExpiredIdempotencyKeys,
  ERASED_REQUEST_HASH,
  HUB_SCOPE,
  idempotentResponseQuery,
  lockIdempotencyKeyQuery,
  saveIdempotentRefusal,
  saveIdempotentResponseAtCommit,
  withoutTenant,
  type Db,
  type IdempotencyKeyRow,
  type Opened,
  type ScopedTx,
} from '@ponte/db';
import type { Compilable } from 'kysely';
import type { Context } from './context';

/** A changing request that carries an `Idempotency-Key`. */
export interface IdempotentRequest {
  key: string;
  /** A digest of what the request asks for; one key names one request. */
  requestHash: string;
  /** Set once the request's first unit of work has taken the key. */
  claimed?: boolean;
  /** Set when the answer is the one stored under the key (the API says `Idempotent-Replayed: true`). */
  replayed?: boolean;
  /** The refusal the claiming unit's work gave, to be stored once that unit has rolled back. */
  refusal?: PonteError;
}

const DEFAULT_TTL_HOURS = 24;

const inFlight = () =>
  new PonteError('idempotency_in_flight', { en: 'A request with this Idempotency-Key is still being processed; try again shortly', pt: 'Um pedido com esta Idempotency-Key ainda está a ser processado; tente de novo daqui a pouco' }, [
    fieldError('header', ['idempotency-key'], 'in_flight', { en: 'the first request with this key has not finished', pt: 'o primeiro pedido com esta chave ainda não terminou' }),
  ], { retryAfter: 1 });

const reused = () =>
  new PonteError('idempotency_key_reused', { en: 'This Idempotency-Key was used for a different request', pt: 'Esta Idempotency-Key foi usada num pedido diferente' }, [
    fieldError('header', ['idempotency-key'], 'same_request', { en: 'use a new key for a new request', pt: 'use uma chave nova para um pedido novo' }),
  ]);

/**
 * The refusals stored under a key and replayed, as Stripe does: a 4xx the work gave once its unit
 * held the key, replayed even if the state it was decided on has changed since. Not stored: 401
 * and 403 (keys belong to a principal, and authority is decided again at every request, so a right
 * granted or taken away since counts and each denial is logged when it happens), 409
 * `idempotency_in_flight` and 429 (they say "not now", not what became of the request), and no
 * 5xx (the client must be able to retry).
 */
function isStoredRefusal(error: unknown): error is PonteError {
  return error instanceof PonteError && error.status >= 400 && error.status < 500 && ![401, 403, 429].includes(error.status) && error.code !== 'idempotency_in_flight';
}

/** A stored refusal, as it was given. */
type StoredRefusal = { refusal: Pick<PonteError, 'code' | 'detail' | 'errors' | 'extensions'> };

/** What is stored under the key, but for the answer and its status. */
function answerRecord(ctx: Context, request: IdempotentRequest, now: Date) {
  const ttlHours = ctx.settings.idempotencyTtlHours ?? DEFAULT_TTL_HOURS;
  return {
    agency_id: ctx.principal.agencyId ?? HUB_SCOPE,
    principal_id: ctx.principal.id,
    key: request.key,
    request_hash: request.requestHash,
    created_at: now,
    expires_at: new Date(now.getTime() + ttlHours * 3_600_000),
  };
}

/**
 * The request's `Idempotency-Key` is claimed by its first unit of work: the key taken, the work done
 * and the answer stored in that one transaction, so a retry gets the stored answer instead of doing
 * the work again, and if the transaction fails nothing of it, key included, remains. A refusal
 * (see {@link isStoredRefusal}) is stored too, in a unit of its own once the refused one has rolled
 * back, so it writes nothing else. Another request with the key while this one is in flight is
 * refused at once (409 `idempotency_in_flight`); a key sent with a different request is refused
 * (422 `idempotency_key_reused`). A retry after the key expired is a new request.
 *
 * These are the statements that take the key and read its stored answer, read as that unit opens
 * (in its opening round trip); the key is then the unit's. Their rows go to {@link withClaimedKey}.
 * None without a key to claim, or in a later unit of the same request.
 */
export function idempotencyFacts(ctx: Context): { request: IdempotentRequest; first: Array<(tx: ScopedTx) => Compilable<unknown>> } | undefined {
  const request = ctx.idempotency;
  if (!request || request.claimed) return undefined;
  request.claimed = true;
  const principalId = ctx.principal.id;
  return { request, first: [(tx) => lockIdempotencyKeyQuery(tx, principalId, request.key), (tx) => idempotentResponseQuery(tx, principalId, request.key)] };
}

/** The rows of {@link idempotencyFacts}. */
export function idempotencyFactsOf([lock, found]: Opened): { locked: boolean; previous: IdempotencyKeyRow | undefined } {
  return { locked: (lock![0] as { locked: boolean }).locked, previous: found![0] as IdempotencyKeyRow | undefined };
}

/** Runs the work under a key this unit holds (or refuses), and stores its answer with the commit. */
export async function withClaimedKey<T>(
  ctx: Context,
  tx: ScopedTx,
  request: IdempotentRequest,
  read: { locked: boolean; previous: IdempotencyKeyRow | undefined },
  work: () => Promise<T>,
): Promise<T> {
  const principalId = ctx.principal.id;
  if (!read.locked) throw inFlight();
  const now = ctx.now();
  const { previous } = read;
  if (previous && previous.expires_at > now) {
    // The subject the stored request named was erased: whatever is asked under the key, its answer is 410 gone.
    if (previous.request_hash !== request.requestHash && previous.request_hash !== ERASED_REQUEST_HASH) throw reused();
    request.replayed = true;
    if (previous.status >= 400) {
      const { refusal } = previous.response as StoredRefusal;
      throw new PonteError(refusal.code, refusal.detail, refusal.errors, refusal.extensions);
    }
    return previous.response as T;
  }
  if (previous) await deleteExpiredIdempotencyKey(tx, principalId, request.key, now);
  const result = await work().catch((error: unknown) => {
    if (isStoredRefusal(error)) request.refusal = error;
    throw error;
  });
  // Stored with the commit: the answer and the work's writes are one.
  saveIdempotentResponseAtCommit(tx, { ...answerRecord(ctx, request, now), status: 200, response: result });
  return result;
}

/**
 * Stores the refusal the claiming unit's work gave ({@link withClaimedKey}), in `tx`, a unit of its
 * own opened once that one has rolled back.
 */
export async function storeRefusal(ctx: Context, tx: ScopedTx, request: IdempotentRequest): Promise<void> {
  const error = request.refusal;
  if (!error) return;
  const refusal: StoredRefusal = { refusal: { code: error.code, detail: error.detail, errors: error.errors, extensions: error.extensions } };
  await saveIdempotentRefusal(tx, { ...answerRecord(ctx, request, ctx.now()), status: error.status, response: refusal });
}

/**
 * For a POST that only reads (a verification): its key names nothing to replay, so none of its
 * units of work claims it, and every retry checks (and is logged) again.
 */
export function ignoreIdempotencyKey(ctx: Context): void {
  if (ctx.idempotency) ctx.idempotency.claimed = true;
}

/**
 * The worker's sweep: deletes expired keys of every agency, `batchSize` at a time (each batch its
 * own short transaction), until none is left or `maxBatches` ran. Returns how many it deleted.
 */
export async function sweepExpiredIdempotencyKeys({ db, now = () => new Date(), batchSize = 1000, maxBatches = 100 }: { db: Db; now?: () => Date; batchSize?: number; maxBatches?: number }): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const removed = await withoutTenant(db, 'worker', (tx) => deleteExpiredIdempotencyKeys(tx, now(), batchSize));
    deleted += removed;
    if (removed < batchSize) break;
  }
  return deleted;
}
