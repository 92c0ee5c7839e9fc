import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { ErasureMode, ErasureReason, LegalHoldRow, PurgeRequestRow, ReferralRow, SubjectRow } from '../schema';

/**
 * Makes one of the agency's subjects a tombstone: every personal category and the birth date
 * nulled (the table's check refuses a tombstone holding any), the erasure recorded; then
 * `erase_subject_personal_data` deletes what the subject's data left in every other table and
 * withdraws its referrals in `withdrawFrom` (down the chains too), answering which it withdrew
 * and from what. Only a subject not yet erased, at `expectedVersion`: of two concurrent
 * erasures, one finds the row.
 */
export async function eraseSubjectRow(
  tx: ScopedTx,
  id: string,
  expectedVersion: number,
  erasure: { by: string; reason: ErasureReason; mode: ErasureMode; attributes: Record<string, unknown> | null; at: Date; withdrawFrom: readonly string[] },
): Promise<{ row: SubjectRow; withdrawn: Array<{ referral_id: string; from_status: string }> } | undefined> {
  const row = await tx
    .updateTable('subjects')
    .set({
      identity: sql`null`,
      contact: null,
      location: null,
      family: null,
      protection: null,
      health: null,
      legal: null,
      birth_date: null,
      birth_date_estimated: false,
      erased_at: erasure.at,
      erased_by: erasure.by,
      erasure_reason: erasure.reason,
      erasure_mode: erasure.mode,
      erasure_attributes: erasure.attributes === null ? null : JSON.stringify(erasure.attributes),
      updated_at: erasure.at,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('erased_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  const withdrawn = await sql<{ referral_id: string; from_status: string }>`
    select referral_id, from_status from erase_subject_personal_data(${id}::uuid, ${sql.val([...erasure.withdrawFrom])}::text[], ${erasure.by}::uuid, ${erasure.at}::timestamptz)`.execute(tx);
  return { row, withdrawn: withdrawn.rows };
}

/**
 * Every referral that told another agency of the subject: the owner's own (not drafts: a draft
 * reached no one) and every onward referral down their chains.
 */
export function referralsOfErasedSubject(tx: ScopedTx, ownerAgencyId: string, subjectId: string): Promise<ReferralRow[]> {
  return tx
    .selectFrom('referrals')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .where((eb) => eb.or([eb.and([eb('agency_id', '=', ownerAgencyId), eb('root_agency_id', 'is', null)]), eb('root_agency_id', '=', ownerAgencyId)]))
    .where('status', '<>', 'draft')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

// ── Legal holds ───────────────────────────────────────────────────────────────────────────

/** The subject's active legal hold, if any (at most one). */
export function activeLegalHoldQuery(tx: ScopedTx, agencyId: string, subjectId: string) {
  return tx.selectFrom('legal_holds').selectAll().where('agency_id', '=', agencyId).where('subject_id', '=', subjectId).where('released_at', 'is', null);
}

/** The subject's active legal hold, if any (at most one). */
export function findActiveLegalHold(tx: ScopedTx, agencyId: string, subjectId: string): Promise<LegalHoldRow | undefined> {
  return activeLegalHoldQuery(tx, agencyId, subjectId).executeTakeFirst();
}

/** Of these subjects of the agency, the ids under an active legal hold (for the retention job). */
export async function subjectsUnderLegalHold(tx: ScopedTx, agencyId: string, subjectIds: readonly string[]): Promise<Set<string>> {
  if (subjectIds.length === 0) return new Set();
  const rows = await tx.selectFrom('legal_holds').select('subject_id').where('agency_id', '=', agencyId).where('subject_id', 'in', [...subjectIds]).where('released_at', 'is', null).execute();
  return new Set(rows.map((r) => r.subject_id));
}

/** Every hold of the subject, newest first. */
export function legalHoldsOf(tx: ScopedTx, agencyId: string, subjectId: string): Promise<LegalHoldRow[]> {
  return tx.selectFrom('legal_holds').selectAll().where('agency_id', '=', agencyId).where('subject_id', '=', subjectId).orderBy('placed_at', 'desc').orderBy('id').execute();
}

export function insertLegalHold(tx: ScopedTx, hold: { agency_id: string; subject_id: string; reason: string; placed_by: string; placed_at: Date }): Promise<LegalHoldRow> {
  return tx.insertInto('legal_holds').values(hold).returningAll().executeTakeFirstOrThrow();
}

/** Releases an active hold; undefined when it is not active (released already, or not the agency's). */
export function releaseLegalHoldRow(tx: ScopedTx, id: string, release: { by: string; at: Date; reason: string }): Promise<LegalHoldRow | undefined> {
  return tx
    .updateTable('legal_holds')
    .set({ released_by: release.by, released_at: release.at, release_reason: release.reason })
    .where('id', '=', id)
    .where('released_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

// ── Purge requests ────────────────────────────────────────────────────────────────────────

export type NewPurgeRequest = Pick<PurgeRequestRow, 'agency_id' | 'subject_id' | 'referral_id' | 'referral_agency_id' | 'recipient_agency_id' | 'reason' | 'categories' | 'requested_at' | 'due_at'>;

export function insertPurgeRequests(tx: ScopedTx, requests: NewPurgeRequest[]): Promise<PurgeRequestRow[]> {
  if (requests.length === 0) return Promise.resolve([]);
  return tx.insertInto('purge_requests').values(requests).returningAll().execute();
}

/** The purge requests of one of the agency's subjects, oldest first. */
export function purgeRequestsOfSubject(tx: ScopedTx, agencyId: string, subjectId: string): Promise<PurgeRequestRow[]> {
  return tx.selectFrom('purge_requests').selectAll().where('agency_id', '=', agencyId).where('subject_id', '=', subjectId).orderBy('requested_at').orderBy('id').execute();
}

/** The purge request on a referral the caller's agency may see (as owner or as the recipient asked). */
export function findPurgeRequestOfReferral(tx: ScopedTx, referralId: string): Promise<PurgeRequestRow | undefined> {
  return tx.selectFrom('purge_requests').selectAll().where('referral_id', '=', referralId).executeTakeFirst();
}

/** The purge requests the agency was asked (as a recipient), newest first; `pending`: only those not attested. */
export function purgeRequestsReceived(tx: ScopedTx, agencyId: string, options: { pending?: boolean; limit: number }): Promise<PurgeRequestRow[]> {
  let query = tx.selectFrom('purge_requests').selectAll().where('recipient_agency_id', '=', agencyId);
  if (options.pending) query = query.where('attested_at', 'is', null);
  return query.orderBy('requested_at', 'desc').orderBy('id').limit(options.limit).execute();
}

/** Records the recipient's attestation, once: undefined when it was attested already. */
export function attestPurgeRow(
  tx: ScopedTx,
  id: string,
  attestation: { at: Date; by: string; byKind: 'user' | 'client'; statement: Record<string, unknown>; receipt: string },
): Promise<PurgeRequestRow | undefined> {
  return tx
    .updateTable('purge_requests')
    .set({ attested_at: attestation.at, attested_by: attestation.by, attested_by_kind: attestation.byKind, attestation: JSON.stringify(attestation.statement), receipt: attestation.receipt })
    .where('id', '=', id)
    .where('attested_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Purge requests the caller's agency may see (as owner or as recipient) past their deadline at
 * `to` and not attested by then: the privacy officers' `purge_unattested` flags.
 */
export function unattestedPurgeRequests(tx: ScopedTx, to: Date): Promise<PurgeRequestRow[]> {
  return tx
    .selectFrom('purge_requests')
    .selectAll()
    .where('due_at', '<=', to)
    .where((eb) => eb.or([eb('attested_at', 'is', null), eb('attested_at', '>', to)]))
    .orderBy('due_at')
    .orderBy('id')
    .execute();
}

/**
 * Marks purge requests past their deadline and not attested, once each, for the worker to tell
 * both agencies (`referral.purge_overdue`); returns those it marked.
 */
export function markOverduePurgeRequests(tx: ScopedTx, now: Date, limit: number): Promise<PurgeRequestRow[]> {
  return tx
    .updateTable('purge_requests')
    .set({ overdue_notified_at: now })
    .where('id', 'in', (eb) =>
      eb.selectFrom('purge_requests').select('id').where('attested_at', 'is', null).where('overdue_notified_at', 'is', null).where('due_at', '<=', now).orderBy('due_at').limit(limit).forUpdate().skipLocked(),
    )
    .returningAll()
    .execute();
}
