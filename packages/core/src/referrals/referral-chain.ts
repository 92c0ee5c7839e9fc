import type { Referral } from '@ponte/contracts';
import { chainOfRoot, findAgenciesByIds, findLatestConsentVersion, onwardReferralsOf, type ReferralRow, type ScopedTx } from '@ponte/db';
import { isoOrNull } from '../util';

type OnwardReferrals = NonNullable<Referral['onwardReferrals']>;

/**
 * The onward referrals of a referral, as far as its reader may know of them (ids and states only,
 * never what they share):
 * - its receiver sees those it sent on from it, with their recipients;
 * - the subject's owner, on a referral it sent, sees every onward referral down the chain: that
 *   the person was referred on, when, and in which state, and to whom only where the consent
 *   the chain began under names that agency (the person agreed to it being told);
 * - anyone else sees none.
 */
export async function onwardReferralsFor(tx: ScopedTx, agencyId: string, row: ReferralRow, side: 'sender' | 'receiver'): Promise<OnwardReferrals> {
  if (side === 'receiver') return summaries(tx, await onwardReferralsOf(tx, agencyId, row.id), () => true);
  if (row.parent_referral_id !== null) return [];
  const chain = await chainOfRoot(tx, agencyId, row.id);
  if (chain.length === 0) return [];
  const named = (await findLatestConsentVersion(tx, agencyId, row.consent_id))?.consent.recipient_agency_ids ?? [];
  return summaries(tx, chain, (recipientId) => named.includes(recipientId));
}

async function summaries(tx: ScopedTx, rows: readonly ReferralRow[], mayName: (recipientId: string) => boolean): Promise<OnwardReferrals> {
  if (rows.length === 0) return [];
  const agencies = await findAgenciesByIds(tx, [...new Set(rows.map((r) => r.recipient_agency_id))]);
  return rows.map((r) => ({
    id: r.id,
    to: mayName(r.recipient_agency_id) ? (agencies.find((a) => a.id === r.recipient_agency_id)?.slug ?? null) : null,
    status: r.status,
    sentAt: isoOrNull(r.sent_at),
  }));
}
