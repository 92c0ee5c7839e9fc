import { listDeliveries } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { decodeCursor, pageOf } from '../paging';
import { iso, isoOrNull } from '../util';

/** The agency's webhook deliveries, optionally of one status, newest first, by cursor. */
export async function listWebhookDeliveries({ ctx, input }: { ctx: Context; input: { status?: string | undefined; cursor?: string | undefined; limit: number } }) {
  const after = decodeCursor(input.cursor, ['atKey', 'id'] as const);
  return withAudit(ctx, async (tx) => {
    ensureCanList(ctx.ability, 'Webhook', { agencyId: ctx.principal.agencyId! });
    const rows = await listDeliveries(tx, { status: input.status, after, limit: input.limit });
    return pageOf(
      rows,
      input.limit,
      (row) => ({
        id: row.id,
        eventId: row.event_id,
        endpointId: row.endpoint_id,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: iso(row.next_attempt_at),
        lastError: row.last_error,
        lastStatus: row.last_status,
        deliveredAt: isoOrNull(row.delivered_at),
      }),
      (row) => ({ atKey: row.at_key, id: row.id }),
    );
  });
}
