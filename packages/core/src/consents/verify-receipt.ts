import { TokenRejected } from '@ponte/auth';
import { findConsentVersions, findWithdrawals, withTenant } from '@ponte/db';
import type { Context } from '../context';
import { RECEIPT_TYPE } from './receipt';
import { statusOf } from './consent-state';

/**
 * Verifies a consent receipt: the hub's signature, and whether the consent it proves still
 * counts now. Only the consent's status is looked up, never personal data.
 */
export async function verifyReceipt({ ctx, input }: { ctx: Context; input: { receipt: string } }) {
  let claims;
  try {
    claims = await ctx.tokens.verifySigned(input.receipt, RECEIPT_TYPE);
  } catch (error) {
    if (error instanceof TokenRejected) return { valid: false, reason: error.reason, active: false };
    throw error;
  }
  const record = claims.record as { recordId?: unknown; version?: unknown; agencyId?: unknown; event?: unknown } | undefined;
  if (!record || typeof record.recordId !== 'string' || typeof record.agencyId !== 'string' || typeof record.version !== 'number')
    return { valid: false, reason: 'claims', active: false };
  const { recordId, agencyId, version } = record;
  const now = ctx.now();
  const status = await withTenant(
    ctx.db,
    agencyId,
    async (tx) => {
      const versions = await findConsentVersions(tx, recordId);
      const latest = versions.at(-1);
      if (!latest) return undefined;
      const [withdrawal] = await findWithdrawals(tx, [recordId]);
      const proven = versions.find((v) => v.version === version) ?? latest;
      return statusOf(proven, latest.version, withdrawal, now);
    },
    'system',
  );
  return {
    valid: status !== undefined,
    ...(status === undefined ? { reason: 'unknown_consent' } : {}),
    consentId: recordId,
    version,
    event: record.event === 'withdrawn' ? ('withdrawn' as const) : ('given' as const),
    ...(status ? { currentStatus: status } : {}),
    active: status === 'active',
  };
}
