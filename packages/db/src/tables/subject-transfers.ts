import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { NewSubjectTransfer, SubjectTransferRow } from '../schema';

/** A transfer of responsibility as written (row-level security lets only the sender write it, as itself). */
export function insertSubjectTransfer(tx: ScopedTx, transfer: NewSubjectTransfer): Promise<SubjectTransferRow> {
  return tx.insertInto('subject_transfers').values(transfer).returningAll().executeTakeFirstOrThrow();
}

/** A transfer with the need-to-know attributes of the sender's subject (null where the reader cannot see that row). */
export interface SubjectTransferWithSubject extends SubjectTransferRow {
  subject_assigned_user_id: string | null;
  subject_team: string | null;
  subject_created_by: string | null;
}

function withSubject(tx: ScopedTx) {
  return tx
    .selectFrom('subject_transfers as t')
    .leftJoin('subjects as s', (join) => join.onRef('s.agency_id', '=', 't.agency_id').onRef('s.id', '=', 't.subject_id'))
    .selectAll('t')
    .select(['s.assigned_user_id as subject_assigned_user_id', 's.team as subject_team', 's.created_by as subject_created_by']);
}

/** One transfer either party may see, by id; with `lock`, locked for a decision. */
export function findSubjectTransfer(tx: ScopedTx, id: string, options: { lock?: boolean } = {}): Promise<SubjectTransferWithSubject | undefined> {
  const query = withSubject(tx).where('t.id', '=', id);
  return (options.lock ? query.forUpdate('t') : query).executeTakeFirst() as Promise<SubjectTransferWithSubject | undefined>;
}

/** The live transfers (pending or accepted) of one of the agency's subjects: at most one. */
export function liveTransfersOfSubjectQuery(tx: ScopedTx, agencyId: string, subjectId: string) {
  return tx
    .selectFrom('subject_transfers')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('subject_id', '=', subjectId)
    .where('status', 'in', ['pending', 'accepted']);
}

/** Whether the subject has a referral to this agency that is not closed (draft, sent, accepted, in progress). */
export function openReferralToQuery(tx: ScopedTx, subjectId: string, recipientAgencyId: string, statuses: readonly string[]) {
  return tx
    .selectFrom('referrals')
    .select('id')
    .where('subject_id', '=', subjectId)
    .where('recipient_agency_id', '=', recipientAgencyId)
    .where('status', 'in', [...statuses] as never)
    .limit(1);
}

/**
 * Moves a transfer from `pending` to a decision, only if it is still pending at `expectedVersion`:
 * of two concurrent decisions, exactly one finds the row as it expected.
 */
export function decideSubjectTransfer(
  tx: ScopedTx,
  id: string,
  change: {
    expectedVersion: number;
    to: 'accepted' | 'declined' | 'cancelled';
    by: string;
    at: Date;
    declineReason?: string | undefined;
    receivedSubjectId?: string | undefined;
    readOnlyFrom?: Date | undefined;
  },
): Promise<SubjectTransferRow | undefined> {
  return tx
    .updateTable('subject_transfers')
    .set({
      status: change.to,
      decided_by: change.by,
      decided_at: change.at,
      decline_reason: change.declineReason ?? null,
      received_subject_id: change.receivedSubjectId ?? null,
      read_only_from: change.readOnlyFrom ?? null,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('version', '=', change.expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

/** A page of the transfers from (outbox) or to (inbox) the agency, newest first, after a position. */
export function subjectTransferPage(
  tx: ScopedTx,
  filter: { box: 'inbox' | 'outbox'; agencyId: string; status?: string | undefined; limit: number; after?: { requestedAt: string; id: string } | undefined },
): Promise<SubjectTransferWithSubject[]> {
  let query = withSubject(tx).where(filter.box === 'inbox' ? 't.recipient_agency_id' : 't.agency_id', '=', filter.agencyId);
  if (filter.status) query = query.where('t.status', '=', filter.status as never);
  if (filter.after) query = query.where(sql<boolean>`(t.requested_at, t.id) < (${filter.after.requestedAt}::timestamptz, ${filter.after.id}::uuid)`);
  return query.orderBy('t.requested_at', 'desc').orderBy('t.id', 'desc').limit(filter.limit).execute() as Promise<SubjectTransferWithSubject[]>;
}

/** Every transfer of one of the agency's subjects, in any state, oldest first (for the person's file). */
export function transfersOfSubject(tx: ScopedTx, agencyId: string, subjectId: string): Promise<SubjectTransferRow[]> {
  return tx.selectFrom('subject_transfers').selectAll().where('agency_id', '=', agencyId).where('subject_id', '=', subjectId).orderBy('requested_at').orderBy('id').execute();
}
