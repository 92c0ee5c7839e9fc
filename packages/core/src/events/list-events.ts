import { fieldError, PonteError, type EventFeedQuery } from '@ponte/contracts';
import { listEvents as selectEvents } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { iso } from '../util';

/**
 * The agency's events in order, after a cursor: for agencies that poll instead of receiving
 * webhooks. The cursor is the place (`seq`) of the last event read, given as `cursor` or by its
 * deprecated name `after`. The feed has no end: `nextCursor` is never null, and after the last
 * event it is the cursor given, to poll with again.
 */
export async function listEvents({ ctx, input }: { ctx: Context; input: EventFeedQuery }) {
  const [field, given] = input.after !== undefined ? (['after', input.after] as const) : (['cursor', input.cursor] as const);
  // An empty `after` meant the start, as it still does; a cursor is what `nextCursor` was.
  const afterSeq = given === undefined || (field === 'after' && given === '') ? 0 : /^(0|[1-9][0-9]{0,15})$/.test(given) ? Number(given) : Number.NaN;
  if (!Number.isSafeInteger(afterSeq))
    throw new PonteError('invalid_request', { en: 'The cursor is not valid', pt: 'O cursor não é válido' }, [
      fieldError('query', [field], 'cursor', { en: 'use the nextCursor of a previous page', pt: 'use o nextCursor de uma página anterior' }),
    ]);
  return withAudit(ctx, async (tx, log) => {
    ensureCanList(ctx.ability, 'Event', { agencyId: ctx.principal.agencyId! });
    const rows = await selectEvents(tx, { afterSeq, limit: input.limit });
    log.allow({ resource: 'Event', action: 'list', rule: 'events.feed' });
    const last = rows.at(-1);
    return {
      items: rows.map((row) => ({ id: row.id, seq: row.seq, type: row.type, referralId: row.referral_id, createdAt: iso(row.created_at), data: row.payload })),
      nextCursor: String(last ? last.seq : afterSeq),
    };
  });
}
