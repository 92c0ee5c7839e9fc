import { fieldError, PonteError } from '@ponte/contracts';
import { findIdempotentResponse, saveIdempotentResponse, withTenant } from '@ponte/db';
import type { Context } from '../context';

/**
 * The answer a creating request with this `Idempotency-Key` got before, if any. The same key
 * with a different request is refused: a key names one request.
 */
export async function idempotentReplay(ctx: Context, key: string, requestHash: string): Promise<{ status: number; body: unknown } | undefined> {
  const agencyId = ctx.principal.agencyId;
  if (!agencyId) return undefined;
  const previous = await withTenant(ctx.db, agencyId, (tx) => findIdempotentResponse(tx, ctx.principal.id, key), ctx.principal.kind === 'client' ? 'client' : 'user');
  if (!previous) return undefined;
  if (previous.request_hash !== requestHash)
    throw new PonteError('conflict', { en: 'This Idempotency-Key was used for a different request', pt: 'Esta Idempotency-Key foi usada num pedido diferente' }, [
      fieldError('header', ['idempotency-key'], 'reused_for_other_request', { en: 'use a new key for a new request', pt: 'use uma chave nova para um pedido novo' }),
    ]);
  return { status: previous.status, body: previous.response };
}

/** Remembers a successful creating request's answer under its key (a second remember is a no-op). */
export async function rememberResponse(ctx: Context, key: string, requestHash: string, status: number, body: unknown): Promise<void> {
  const agencyId = ctx.principal.agencyId;
  if (!agencyId) return;
  await withTenant(
    ctx.db,
    agencyId,
    async (tx) => {
      if (await findIdempotentResponse(tx, ctx.principal.id, key)) return;
      await saveIdempotentResponse(tx, { agency_id: agencyId, principal_id: ctx.principal.id, key, request_hash: requestHash, status, response: body, created_at: ctx.now() });
    },
    ctx.principal.kind === 'client' ? 'client' : 'user',
  );
}
