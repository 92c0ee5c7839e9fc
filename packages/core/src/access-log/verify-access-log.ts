import { verifyLog } from '@ponte/audit';
import type { Context } from '../context';
import { ignoreIdempotencyKey } from '../idempotency';
import { ensurePrivacyOfficer } from './privacy-officer';
import { withAudit } from './with-audit';

/** Recomputes the log and checks every head; with a head the agency kept, checks the log still extends it. */
export async function verifyAccessLog({ ctx, input }: { ctx: Context; input: { witness?: string | undefined } }) {
  ignoreIdempotencyKey(ctx);
  await withAudit(ctx, async (_tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'verify');
    log.allow({ resource: 'AccessEvent', action: 'verify', rule: 'privacy_officer.review' });
  });
  return verifyLog({ db: ctx.db, tokens: ctx.tokens, witness: input.witness });
}
