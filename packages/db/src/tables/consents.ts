import { sql, type Expression, type InferResult } from 'kysely';
import type { ScopedTx } from '../scope';
import type { ConsentRow, ConsentWithdrawalRow, NewConsent, ReferralRow } from '../schema';

export function insertConsent(tx: ScopedTx, consent: NewConsent): Promise<ConsentRow> {
  return tx.insertInto('consents').values(consent).returningAll().executeTakeFirstOrThrow();
}

/**
 * Every version of one consent of this agency, oldest first. Consent lookups name the agency
 * that recorded the consent: it leads every key, and row-level security (which also shows the
 * recipients of a referral the consents it rests on) cannot narrow an index scan by itself.
 */
export function findConsentVersions(tx: ScopedTx, agencyId: string, consentId: string): Promise<ConsentRow[]> {
  return tx.selectFrom('consents').selectAll().where('agency_id', '=', agencyId).where('consent_id', '=', consentId).orderBy('version').execute();
}

/**
 * The latest version of a consent of the agency that recorded it, and its withdrawal, if any, in
 * one statement: what deciding whether the consent holds now needs. The agency leads the key, so
 * the recipient of a referral (whose view of consents row-level security widens) finds it by
 * the index too.
 */
export async function findLatestConsentVersion(tx: ScopedTx, agencyId: string, consentId: string): Promise<LatestConsentVersion | undefined> {
  return latestConsentVersionOf(await latestConsentVersionQuery(tx, agencyId, consentId).execute());
}

/** A consent's latest version and its withdrawal, if any. */
export interface LatestConsentVersion {
  consent: ConsentRow;
  withdrawal: ConsentWithdrawalRow | undefined;
}

/**
 * The statement behind {@link findLatestConsentVersion}, for a list of facts read together: the
 * agency and the consent may be values or expressions (a referral's, read in the same statement).
 */
export function latestConsentVersionQuery(tx: ScopedTx, agencyId: string | Expression<string>, consentId: string | Expression<string>) {
  return tx
    .selectFrom('consents')
    .leftJoin('consent_withdrawals as w', (join) => join.onRef('w.agency_id', '=', 'consents.agency_id').onRef('w.consent_id', '=', 'consents.consent_id'))
    .selectAll('consents')
    .select(['w.agency_id as w_agency_id', 'w.requested_by as w_requested_by', 'w.method as w_method', 'w.reason as w_reason', 'w.withdrawn_by as w_withdrawn_by', 'w.withdrawn_at as w_withdrawn_at', 'w.recorded_by_agency_id as w_recorded_by_agency_id'])
    .where('consents.agency_id', '=', agencyId)
    .where('consents.consent_id', '=', consentId)
    .orderBy('consents.version', 'desc')
    .limit(1);
}

/** The rows of {@link latestConsentVersionQuery} as the consent and its withdrawal. */
export function latestConsentVersionOf(rows: readonly unknown[]): LatestConsentVersion | undefined {
  const found = rows[0] as InferResult<ReturnType<typeof latestConsentVersionQuery>>[number] | undefined;
  if (!found) return undefined;
  const { w_agency_id, w_requested_by, w_method, w_reason, w_withdrawn_by, w_withdrawn_at, w_recorded_by_agency_id, ...consent } = found;
  const withdrawal =
    w_withdrawn_at === null
      ? undefined
      : { agency_id: w_agency_id!, consent_id: consent.consent_id, requested_by: w_requested_by!, method: w_method!, reason: w_reason!, withdrawn_by: w_withdrawn_by!, withdrawn_at: w_withdrawn_at, recorded_by_agency_id: w_recorded_by_agency_id };
  return { consent, withdrawal };
}

/** Every version of every consent of these subjects. */
export function listConsentsOfSubjects(tx: ScopedTx, agencyId: string, subjectIds: string[]): Promise<ConsentRow[]> {
  if (subjectIds.length === 0) return Promise.resolve([]);
  return consentsOfSubjectsQuery(tx, agencyId, subjectIds).execute();
}

/** The statement behind {@link listConsentsOfSubjects} (at least one subject). */
export function consentsOfSubjectsQuery(tx: ScopedTx, agencyId: string, subjectIds: string[]) {
  return tx.selectFrom('consents').selectAll().where('agency_id', '=', agencyId).where('subject_id', 'in', subjectIds).orderBy('recorded_at').orderBy('version');
}

/** The withdrawals of every consent of one subject of the agency, in one statement. */
export function withdrawalsOfSubjectQuery(tx: ScopedTx, agencyId: string, subjectId: string) {
  return tx
    .selectFrom('consent_withdrawals')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('consent_id', 'in', tx.selectFrom('consents').select('consent_id').where('agency_id', '=', agencyId).where('subject_id', '=', subjectId));
}

/** A consent's withdrawal; `recorded_by_agency_id` when an agency other than the owner records it (row-level security checks it holds an open referral under the consent). */
export async function insertWithdrawal(
  tx: ScopedTx,
  withdrawal: Omit<ConsentWithdrawalRow, 'recorded_by_agency_id'> & { recorded_by_agency_id?: string | null },
): Promise<void> {
  await tx.insertInto('consent_withdrawals').values(withdrawal).execute();
}

/** An open referral a withdrawal reaches: its ids, parties, shared categories and state, no personal data. */
export type ReachedReferral = Pick<ReferralRow, 'id' | 'agency_id' | 'recipient_agency_id' | 'shared_categories' | 'status'>;

/**
 * Locks every open referral under a consent another agency owns, for a withdrawal the caller's
 * agency is about to record (it must hold one of them: otherwise nothing is locked), in id order as
 * the owner's withdrawal locks them. Tells nothing of them.
 */
export async function lockReferralsForWithdrawal(tx: ScopedTx, agencyId: string, consentId: string): Promise<void> {
  await sql`select lock_referrals_for_withdrawal(${agencyId}::uuid, ${consentId}::uuid)`.execute(tx);
}

/**
 * The open referrals under a consent whose withdrawal the caller's agency, not the owner, has just
 * recorded in this transaction: directly on it, and onward down the chains it began, whoever they
 * went to (locked by {@link lockReferralsForWithdrawal} before). The database hands them over only in that
 * transaction (migration 20261205013000-withdrawal-by-recipient); any other time, none.
 */
export async function referralsReachedByWithdrawal(tx: ScopedTx, agencyId: string, consentId: string): Promise<ReachedReferral[]> {
  const { rows } = await sql<ReachedReferral>`select id, agency_id, recipient_agency_id, shared_categories, status from referrals_reached_by_withdrawal(${agencyId}::uuid, ${consentId}::uuid)`.execute(tx);
  return rows;
}

export function findWithdrawals(tx: ScopedTx, agencyId: string, consentIds: string[]): Promise<ConsentWithdrawalRow[]> {
  if (consentIds.length === 0) return Promise.resolve([]);
  return tx.selectFrom('consent_withdrawals').selectAll().where('agency_id', '=', agencyId).where('consent_id', 'in', consentIds).execute();
}
