import { requeueDeliveries } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';

/** Replays deliveries: dead-lettered ones, or those of given events. Receivers deduplicate by event id. */
export async function replayWebhookDeliveries({ ctx, input }: { ctx: Context; input: { eventIds?: string[] | undefined; dead?: boolean | undefined } }) {
  return withAudit(ctx, async (tx, log) => {
    ensureCanList(ctx.ability, 'Webhook', { agencyId: ctx.principal.agencyId! });
    const requeued = await requeueDeliveries(tx, input, ctx.now());
    log.allow({ resource: 'Webhook', action: 'replay', rule: 'webhook.replay' });
    return { requeued: requeued.length };
  });
}
