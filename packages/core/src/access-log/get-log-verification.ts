import { findVerification } from '@ponte/db';
import type { Context } from '../context';
import { privacyOfficerRefusal } from './privacy-officer';
import { noSuchVerification, toLogVerification } from './verification-view';
import { withAudit } from './with-audit';

/** Where a verification the agency queued stands. Only its privacy officers may know of it. */
export async function getLogVerification({ ctx, input }: { ctx: Context; input: { id: string } }) {
  return withAudit(ctx, async (tx, log) => {
    const base = { resource: 'AccessEvent' as const, resourceId: input.id, action: 'verify' };
    if (privacyOfficerRefusal(ctx)) throw log.refuse(base, noSuchVerification('role.not_privacy_officer'));
    const row = await findVerification(tx, input.id);
    if (!row) throw log.refuse(base, noSuchVerification('tenant_isolation'));
    return toLogVerification(row);
  });
}
