import type { TokenRejection } from '@ponte/auth';
import { findConsentVersions, findWithdrawals, withTenant } from '@ponte/db';
import type { Context } from '../context';
import { ignoreIdempotencyKey } from '../idempotency';
import { readReceiptRecord } from './receipt';
import { statusOf } from './consent-state';
import { withAudit } from '../access-log/with-audit';

/**
 * Verifies a consent receipt, or the compact receipt reference printed in a receipt's QR code:
 * the hub's signature, and whether the consent it proves still counts now. Only the consent's
 * status is looked up, never personal data.
 */
export async function verifyReceipt({ ctx, input }: { ctx: Context; input: { receipt: string } }) {
  ignoreIdempotencyKey(ctx);
  const refuse = async (reason: TokenRejection | 'unknown_consent') => {
    await withAudit(ctx, async (_tx, log) => log.deny({ resource: 'Consent', action: 'verify_receipt', rule: `receipt.${reason}` }));
    return { valid: false, reason, active: false };
  };
  const record = await readReceiptRecord(ctx, input.receipt);
  if ('rejected' in record) return refuse(record.rejected);
  const { recordId, agencyId, version } = record;
  const now = ctx.now();
  const found = await withTenant(
    ctx.db,
    agencyId,
    async (tx) => {
      const versions = await findConsentVersions(tx, agencyId, recordId);
      const latest = versions.at(-1);
      if (!latest) return undefined;
      const [withdrawal] = await findWithdrawals(tx, agencyId, [recordId]);
      const proven = versions.find((v) => v.version === version) ?? latest;
      return { status: statusOf(proven, latest.version, withdrawal, now), subjectId: latest.subject_id };
    },
    'system',
  );
  const status = found?.status;
  // The check itself is logged in the caller's agency: who verified which consent, and what it learned.
  await withAudit(ctx, async (_tx, log) =>
    log.allow({ resource: 'Consent', resourceId: recordId, action: 'verify_receipt', subjectId: found?.subjectId, owningAgencyId: agencyId, fields: ['status'], rule: 'receipt.verified' }),
  );
  return {
    valid: status !== undefined,
    ...(status === undefined ? { reason: 'unknown_consent' } : {}),
    consentId: recordId,
    version,
    event: record.event,
    ...(status ? { currentStatus: status } : {}),
    active: status === 'active',
  };
}
