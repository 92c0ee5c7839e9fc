import type { Referral } from '@ponte/contracts';
import { chainOfRoot, findAgenciesByIds, findLatestConsentVersion, onwardReferralsOf, onwardReferralsOfSubject, type ReferralRow, type ScopedTx } from '@ponte/db';
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

/**
 * The onward referrals of a subject the agency owns, for the subject's access report: who referred
 * the person on, when, in which state, and to whom where the consent the chain began under names
 * that agency (as {@link onwardReferralsFor} shows the owner).
 */
export async function onwardReferralsOfOwnSubject(tx: ScopedTx, agencyId: string, subjectId: string) {
  const rows = await onwardReferralsOfSubject(tx, agencyId, subjectId);
  if (rows.length === 0) return [];
  const named = new Map<string, readonly string[]>();
  for (const consentId of new Set(rows.map((r) => r.root_consent_id!)))
    named.set(consentId, (await findLatestConsentVersion(tx, agencyId, consentId))?.consent.recipient_agency_ids ?? []);
  const agencies = await findAgenciesByIds(tx, [...new Set(rows.flatMap((r) => [r.agency_id, r.recipient_agency_id]))]);
  const slug = (id: string) => agencies.find((a) => a.id === id)?.slug ?? null;
  return rows.map((r) => ({
    id: r.id,
    parentReferralId: r.parent_referral_id!,
    from: slug(r.agency_id)!,
    to: named.get(r.root_consent_id!)!.includes(r.recipient_agency_id) ? slug(r.recipient_agency_id) : null,
    status: r.status,
    sentAt: isoOrNull(r.sent_at),
  }));
}
