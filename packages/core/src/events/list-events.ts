import { fieldError, PonteError } from '@ponte/contracts';
import { listEvents as selectEvents } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { iso } from '../util';

/** The agency's events in order, after a cursor: for agencies that poll instead of receiving webhooks. */
export async function listEvents({ ctx, input }: { ctx: Context; input: { after?: string | undefined; limit: number } }) {
  const afterSeq = input.after === undefined ? 0 : Number(input.after);
  if (!Number.isSafeInteger(afterSeq) || afterSeq < 0)
    throw new PonteError('invalid_request', { en: 'The cursor is not valid', pt: 'O cursor não é válido' }, [
      fieldError('query', ['after'], 'cursor', { en: 'use the nextCursor of a previous page', pt: 'use o nextCursor de uma página anterior' }),
    ]);
  return withAudit(ctx, async (tx, log) => {
    ensureCanList(ctx.ability, 'Event', { agencyId: ctx.principal.agencyId! });
    const rows = await selectEvents(tx, { afterSeq, limit: input.limit });
    log.allow({ resource: 'Event', action: 'list', rule: 'events.feed' });
    const last = rows.at(-1);
    return {
      items: rows.map((row) => ({ id: row.id, seq: row.seq, type: row.type, referralId: row.referral_id, createdAt: iso(row.created_at), data: row.payload })),
      nextCursor: last ? String(last.seq) : input.after ?? '0',
    };
  });
}
