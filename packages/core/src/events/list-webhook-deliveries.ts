import { listDeliveries } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { iso, isoOrNull } from '../util';

/** The agency's webhook deliveries, optionally of one status. */
export async function listWebhookDeliveries({ ctx, input }: { ctx: Context; input: { status?: string | undefined; limit: number } }) {
  return withAudit(ctx, async (tx) => {
    ensureCanList(ctx.ability, 'Webhook', { agencyId: ctx.principal.agencyId! });
    const rows = await listDeliveries(tx, input);
    return {
      items: rows.map((row) => ({
        id: row.id,
        eventId: row.event_id,
        endpointId: row.endpoint_id,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: iso(row.next_attempt_at),
        lastError: row.last_error,
        lastStatus: row.last_status,
        deliveredAt: isoOrNull(row.delivered_at),
      })),
    };
  });
}
