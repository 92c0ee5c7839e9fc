import { DATA_CATEGORIES, type DataCategory } from '@ponte/contracts';
import { insertEventsAtCommit, insertRectificationsAtCommit, referralsSharingOfSubject, refreshTriage, type ScopedTx, type SubjectRow } from '@ponte/db';
import { OPEN_REFERRAL_STATUSES, RECTIFIED_REFERRAL_STATUSES } from '@ponte/policy';
import { TRIAGE_CATEGORIES, triageOf } from '../referrals/send-referral';
import type { Context } from '../context';
import { iso } from '../util';

/**
 * Carries a correction of the subject's data downstream (GDPR art. 16 and 19 as the reference):
 * each open referral of the subject (sent, accepted or in progress; those it sent and, down every
 * chain it began, the onward ones) that shares a corrected category records the correction in its
 * history, and its receiving agency gets a `subject.rectified` event: the referral's id, the
 * names of the categories corrected that it shares, and when. Never a value: the receiver reads
 * the subject again through the referral, under the policy. With the commit of the correction.
 * A corrected identity or location also sets the triage of the agency's own open referrals (drafts
 * too), so the receiving intake does not triage the person on what was wrong.
 */
export async function carryCorrection(tx: ScopedTx, ctx: Context, subject: SubjectRow, corrected: readonly DataCategory[]): Promise<void> {
  if (corrected.length === 0) return;
  // The triage is taken from identity (birth date, sex, languages) and location (province): the agency's open referrals, drafts too, show the corrected one.
  if (TRIAGE_CATEGORIES.some((c) => corrected.includes(c))) await refreshTriage(tx, subject.agency_id, subject.id, OPEN_REFERRAL_STATUSES, triageOf(subject, ctx.now()));
  const referrals = await referralsSharingOfSubject(tx, subject.agency_id, subject.id, corrected, RECTIFIED_REFERRAL_STATUSES);
  if (referrals.length === 0) return;
  const at = ctx.now();
  const rows = referrals.map((referral) => ({
    agency_id: referral.agency_id,
    referral_id: referral.id,
    recipient_agency_id: referral.recipient_agency_id,
    owning_agency_id: subject.agency_id,
    status: referral.status,
    categories: DATA_CATEGORIES.filter((c) => corrected.includes(c) && referral.shared_categories.includes(c)),
    rectified_by: ctx.principal.id,
    rectified_at: at,
  }));
  insertRectificationsAtCommit(tx, rows);
  insertEventsAtCommit(
    tx,
    rows.map((row) => ({
      agency_id: row.recipient_agency_id,
      type: 'subject.rectified',
      referral_id: row.referral_id,
      payload: { referralId: row.referral_id, categories: row.categories, rectifiedAt: iso(at) },
      created_at: at,
    })),
  );
}
