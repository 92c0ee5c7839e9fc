import { insertVerification } from '@ponte/db';
import type { Context } from '../context';
import { ensurePrivacyOfficer } from './privacy-officer';
import { toLogVerification } from './verification-view';
import { withAudit } from './with-audit';

/**
 * Queues a verification of the log (every event recomputed, every head checked; with a head the
 * agency kept, that the log still extends it). It runs in the background; poll it with
 * `getLogVerification`. Queued under an `Idempotency-Key`, a retry gets the same verification.
 */
export async function verifyAccessLog({ ctx, input }: { ctx: Context; input: { witness?: string | undefined } }) {
  return withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'verify');
    const row = await insertVerification(tx, { agency_id: ctx.principal.agencyId!, requested_by: ctx.principal.id, witness: input.witness ?? null, created_at: ctx.now() });
    log.allow({ resource: 'AccessEvent', resourceId: row.id, action: 'verify', rule: 'privacy_officer.review' });
    return toLogVerification(row);
  });
}
