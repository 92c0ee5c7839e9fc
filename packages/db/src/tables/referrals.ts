import { sql, type Expression, type SqlBool } from 'kysely';
import { calendarDate, type Condition, type ReferralStatus, type ServiceCode } from '@ponte/contracts';
import { conditionToSql, type FieldMapping } from '../policy-filter';
import { atCommit, type ScopedTx } from '../scope';
import type { NewReferral, ReferralRow, ReferralTransitionRow } from '../schema';

export function insertReferral(tx: ScopedTx, referral: NewReferral): Promise<ReferralRow> {
  return tx.insertInto('referrals').values(referral).returningAll().executeTakeFirstOrThrow();
}

/**
 * A referral by id. With `lock: 'share'` the row is locked for the transaction, so a consent
 * withdrawal in flight (which locks its referrals for update) holds this read until it commits.
 */
export function findReferral(tx: ScopedTx, id: string, options: { lock?: 'share' } = {}): Promise<ReferralRow | undefined> {
  return referralQuery(tx, id, options).executeTakeFirst();
}

/** The statement behind {@link findReferral}. */
export function referralQuery(tx: ScopedTx, id: string, options: { lock?: 'share' } = {}) {
  const query = tx.selectFrom('referrals').selectAll().where('id', '=', id);
  return options.lock === 'share' ? query.forShare() : query;
}

/** One column of a referral, as an expression for another statement of the same list to compare with. */
export function referralColumn(tx: ScopedTx, id: string, column: 'agency_id' | 'recipient_agency_id' | 'consent_id' | 'subject_id'): Expression<string> {
  return tx.selectFrom('referrals').select(column).where('id', '=', id) as unknown as Expression<string>;
}

/** A referral of the subject for the service to the recipient in one of `statuses` (the policy says which count as open). */
/** A referral of the subject for the service to the recipient (a value or an expression) in one of `statuses`. */
export function referralInQuery(tx: ScopedTx, key: { subjectId: string; service: ServiceCode; recipientAgencyId: string | Expression<string> }, statuses: readonly ReferralStatus[]) {
  return tx
    .selectFrom('referrals')
    .select('id')
    .where('subject_id', '=', key.subjectId)
    .where('service', '=', key.service)
    .where('recipient_agency_id', '=', key.recipientAgencyId)
    .where('status', 'in', [...statuses])
    .limit(1);
}

/**
 * Moves a referral from one status to another, only if it is still at `expectedVersion` and in
 * one of `from`: of two concurrent transitions, exactly one finds the row as it expected.
 */
export function transitionReferral(
  tx: ScopedTx,
  id: string,
  change: {
    from: readonly ReferralStatus[];
    expectedVersion: number;
    to: ReferralStatus;
    at: Date;
    set?: Partial<Pick<ReferralRow, 'recipient_assignee_id' | 'recipient_team' | 'outcome' | 'outcome_code' | 'reason' | 'reason_code' | 'shared_categories'>> & {
      sent_at?: Date;
      respond_by?: Date;
      accepted_at?: Date;
      completed_at?: Date;
      closed_at?: Date;
    };
  },
): Promise<ReferralRow | undefined> {
  return tx
    .updateTable('referrals')
    .set({ ...(change.set ?? {}), status: change.to, updated_at: change.at, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', change.expectedVersion)
    .where('status', 'in', [...change.from])
    .returningAll()
    .executeTakeFirst();
}

export function assignReferral(tx: ScopedTx, id: string, expectedVersion: number, assignee: { userId: string | null; team: string | null }, at: Date) {
  return tx
    .updateTable('referrals')
    .set({ recipient_assignee_id: assignee.userId, recipient_team: assignee.team, updated_at: at, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

/** Records a transition with the unit of work's commit (`atCommit`). */
export function insertTransitionAtCommit(tx: ScopedTx, transition: Omit<ReferralTransitionRow, 'id'>): void {
  atCommit(tx, tx.insertInto('referral_transitions').values(transition));
}

/** The transitions of several referrals at once, in order (for a page of a list). */
/** The transitions of these referrals, each named with its sending agency (which leads the key). */
export function listTransitionsOf(tx: ScopedTx, referrals: Array<{ agencyId: string; id: string }>): Promise<ReferralTransitionRow[]> {
  if (referrals.length === 0) return Promise.resolve([]);
  return transitionsOfQuery(tx, referrals).execute();
}

/** The statement behind {@link listTransitionsOf} (at least one referral). */
export function transitionsOfQuery(tx: ScopedTx, referrals: Array<{ agencyId: string; id: string }>) {
  return tx
    .selectFrom('referral_transitions')
    .selectAll()
    .where('agency_id', 'in', [...new Set(referrals.map((r) => r.agencyId))])
    .where('referral_id', 'in', referrals.map((r) => r.id))
    .orderBy('at')
    .orderBy('id');
}

export interface ReferralListFilter {
  box: 'inbox' | 'outbox';
  agencyId: string;
  status?: ReferralStatus | undefined;
  /** Only the received referrals assigned to this user. */
  assigneeId?: string | undefined;
  /** Only those past a deadline at `now` (true), or only those not (false). */
  overdue?: { value: boolean; now: Date } | undefined;
  limit: number;
  after?: { createdAt: string; id: string } | undefined;
}

/** A page of the agency's inbox or outbox, newest first. */
export function referralPageQuery(tx: ScopedTx, filter: ReferralListFilter) {
  let query = tx
    .selectFrom('referrals')
    .selectAll()
    .where(filter.box === 'inbox' ? 'recipient_agency_id' : 'agency_id', '=', filter.agencyId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.box === 'inbox') query = query.where('status', '<>', 'draft');
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.assigneeId) query = query.where('recipient_assignee_id', '=', filter.assigneeId);
  if (filter.overdue) {
    const past = overdueAt(filter.overdue.now);
    query = query.where(filter.overdue.value ? past : sql<boolean>`not ${past}`);
  }
  if (filter.after) {
    const { createdAt, id } = filter.after;
    query = query.where(sql<boolean>`(created_at, id) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  return query;
}

/**
 * Referrals built on a consent in one of `statuses`: a withdrawal stops the live ones. Locked until the withdrawal
 * commits, so a receiver's read (which takes a share lock on its referral) waits and then sees it.
 */
export function referralsOnConsent(tx: ScopedTx, consentId: string, statuses: readonly ReferralStatus[]): Promise<ReferralRow[]> {
  // In id order, as a withdrawal recorded by a recipient locks them: two withdrawals of one consent never deadlock.
  return tx.selectFrom('referrals').selectAll().where('consent_id', '=', consentId).where('status', 'in', [...statuses]).orderBy('id').forUpdate().execute();
}

/**
 * Past a deadline at `now` (see the core's referral-deadlines): still `sent` after `respond_by`
 * (kind `response`), or accepted or in progress after the end of `due_date`, a hub calendar day
 * (kind `completion`).
 */
export function overdueAt(now: Date) {
  // Values as parameters only: the statement may go in a list (see statement-lists).
  const [awaiting, accepted, inProgress] = ['sent', 'accepted', 'in_progress'] satisfies ReferralStatus[];
  return sql<boolean>`coalesce((referrals.status = ${awaiting} and referrals.respond_by < ${now.toISOString()}::timestamptz) or (referrals.status in (${accepted}, ${inProgress}) and referrals.due_date < ${calendarDate(now)}::date), false)`;
}

/** A referral the worker may tell both parties is overdue: ids, state and deadlines only. */
export interface OverdueReferral {
  agency_id: string;
  id: string;
  recipient_agency_id: string;
  status: ReferralStatus;
  version: number;
  service: ServiceCode;
  urgency: ReferralRow['urgency'];
  respond_by: Date | null;
  due_date: string | null;
  kind: 'response' | 'completion';
}

/**
 * Marks, once each, the referrals newly past a deadline at `now` and returns them (at most
 * `limit`): those still `sent` past `respond_by` not yet marked for their response, and those
 * accepted or in progress past `due_date` not yet marked for their completion. Run as the worker,
 * across agencies; rows another sweep holds are skipped, so two workers never mark one twice.
 */
export async function markOverdueReferrals(tx: ScopedTx, now: Date, limit: number): Promise<OverdueReferral[]> {
  const response = await markPast(tx, { mark: 'response_overdue_at', statuses: ['sent'], deadline: 'respond_by', before: now }, now, limit);
  const completion = await markPast(tx, { mark: 'completion_overdue_at', statuses: ['accepted', 'in_progress'], deadline: 'due_date', before: calendarDate(now) }, now, limit);
  return [...response.map((r) => ({ ...r, kind: 'response' as const })), ...completion.map((r) => ({ ...r, kind: 'completion' as const }))];
}

/** One deadline's sweep: marks (at most `limit`, skipping rows another sweep holds) the referrals in `statuses` past `deadline` and not yet marked. */
function markPast(
  tx: ScopedTx,
  { mark, statuses, deadline, before }: { mark: 'response_overdue_at' | 'completion_overdue_at'; statuses: ReferralStatus[]; deadline: 'respond_by' | 'due_date'; before: Date | string },
  now: Date,
  limit: number,
) {
  return tx
    .updateTable('referrals')
    .set({ [mark]: now })
    .where((eb) =>
      eb(
        eb.refTuple('agency_id', 'id'),
        'in',
        eb
          .selectFrom('referrals')
          .select(['agency_id', 'id'])
          .where('status', 'in', statuses)
          .where(deadline, '<', before as never)
          .where(mark, 'is', null)
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .$asTuple('agency_id', 'id'),
      ),
    )
    .returning(['agency_id', 'id', 'recipient_agency_id', 'status', 'version', 'service', 'urgency', 'respond_by', 'due_date'])
    .execute();
}

/**
 * The onward referrals built on a root consent and still live, down every chain the agency owns the
 * subject of: a withdrawal tells each of them to purge. Not locked: the owner may see them, not
 * change them; their readers check the root consent at each read.
 */
export function onwardReferralsOnRootConsent(tx: ScopedTx, rootAgencyId: string, consentId: string, statuses: readonly ReferralStatus[]): Promise<ReferralRow[]> {
  return tx.selectFrom('referrals').selectAll().where('root_agency_id', '=', rootAgencyId).where('root_consent_id', '=', consentId).where('status', 'in', [...statuses]).execute();
}

/**
 * The referrals of a consent another agency owns that this agency received and still holds open
 * (directly under it, or onward down a chain the consent began), oldest first.
 */
export function referralsHeldUnderConsent(tx: ScopedTx, recipientAgencyId: string, ownerAgencyId: string, consentId: string, statuses: readonly ReferralStatus[]): Promise<ReferralRow[]> {
  return tx
    .selectFrom('referrals')
    .selectAll()
    .where('recipient_agency_id', '=', recipientAgencyId)
    .where('status', 'in', [...statuses])
    .where((eb) =>
      eb.or([
        eb.and([eb('agency_id', '=', ownerAgencyId), eb('consent_id', '=', consentId)]),
        eb.and([eb('root_agency_id', '=', ownerAgencyId), eb('root_consent_id', '=', consentId)]),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The referrals the agency sent on from a referral it received (`parentId`), oldest first. */
export function onwardReferralsOf(tx: ScopedTx, agencyId: string, parentId: string): Promise<ReferralRow[]> {
  return tx.selectFrom('referrals').selectAll().where('agency_id', '=', agencyId).where('parent_referral_id', '=', parentId).where('status', '<>', 'draft').orderBy('created_at').orderBy('id').execute();
}

/** Every onward referral down the chain of a referral the agency sent as the subject's owner, oldest first. */
export function chainOfRoot(tx: ScopedTx, rootAgencyId: string, rootReferralId: string): Promise<ReferralRow[]> {
  return tx.selectFrom('referrals').selectAll().where('root_agency_id', '=', rootAgencyId).where('root_referral_id', '=', rootReferralId).where('status', '<>', 'draft').orderBy('created_at').orderBy('id').execute();
}

/** Who works these referrals on their receiving side (an onward referral's sender works its parent so). */
export function findReferralAssignees(tx: ScopedTx, ids: string[]): Promise<Array<Pick<ReferralRow, 'id' | 'recipient_assignee_id' | 'recipient_team'>>> {
  return tx.selectFrom('referrals').select(['id', 'recipient_assignee_id', 'recipient_team']).where('id', 'in', ids).execute();
}

/** Every onward referral of a subject the agency owns, down every chain, oldest first (for the subject's access report). */
export function onwardReferralsOfSubject(tx: ScopedTx, rootAgencyId: string, subjectId: string): Promise<ReferralRow[]> {
  return tx.selectFrom('referrals').selectAll().where('root_agency_id', '=', rootAgencyId).where('subject_id', '=', subjectId).where('status', '<>', 'draft').orderBy('created_at').orderBy('id').execute();
}

/** Every referral the agency sent or received, for its figures. */
export function referralsOfAgency(tx: ScopedTx, agencyId: string) {
  return tx
    .selectFrom('referrals')
    .select(['agency_id', 'recipient_agency_id', 'status', 'service', 'sent_at', 'accepted_at', 'completed_at', 'closed_at', 'respond_by'])
    .where((eb) => eb.or([eb('agency_id', '=', agencyId), eb('recipient_agency_id', '=', agencyId)]))
    .where('status', '<>', 'draft')
    .execute();
}

/** Where the policy's attributes of a referral itself stand, whichever side reads it. */
const REFERRAL_FIELDS: Record<string, FieldMapping> = {
  agencyId: { kind: 'column', sql: sql`referrals.agency_id` },
  recipientAgencyId: { kind: 'column', sql: sql`referrals.recipient_agency_id` },
  status: { kind: 'column', sql: sql`referrals.status` },
  recipientAssigneeId: { kind: 'column', sql: sql`referrals.recipient_assignee_id` },
  recipientTeam: { kind: 'column', sql: sql`referrals.recipient_team` },
};

/**
 * The policy's conditions on a referral as SQL, for the referrals an agency received: the
 * referral's own columns; the sender's subject is not the receiver's to see, so its assignee, team
 * and registrar read as the policy's record of a received referral has them (none).
 */
export function receivedReferralFilter(condition: Condition | null): Expression<SqlBool> {
  return conditionToSql(condition, {
    ...REFERRAL_FIELDS,
    assignedUserId: { kind: 'column', sql: sql`null::uuid` },
    team: { kind: 'column', sql: sql`null::text` },
    createdBy: { kind: 'column', sql: sql`''::text` },
  });
}

/**
 * The policy's conditions on a referral as SQL, for the referrals an agency sent: the referral's
 * own columns, and the need-to-know attributes (assignee, team, registrar) of the subject it is
 * about (joined as `subjects`, see {@link countSentReferrals}).
 */
export function sentReferralFilter(condition: Condition | null): Expression<SqlBool> {
  return conditionToSql(condition, {
    ...REFERRAL_FIELDS,
    assignedUserId: { kind: 'column', sql: sql`subjects.assigned_user_id` },
    team: { kind: 'column', sql: sql`subjects.team` },
    createdBy: { kind: 'column', sql: sql`subjects.created_by` },
  });
}

/** How many referrals the agency sent (drafts included) in these statuses match `filter` (a {@link sentReferralFilter}), optionally only those overdue at `overdueAt`. */
export async function countSentReferrals(tx: ScopedTx, options: { agencyId: string; filter: Expression<SqlBool>; statuses: readonly ReferralStatus[]; overdueAt?: Date | undefined }): Promise<number> {
  if (options.statuses.length === 0) return 0;
  let query = tx
    .selectFrom('referrals')
    .leftJoin('subjects', (join) => join.onRef('subjects.agency_id', '=', 'referrals.agency_id').onRef('subjects.id', '=', 'referrals.subject_id'))
    .select(sql<number>`count(*)::int`.as('n'))
    .where('referrals.agency_id', '=', options.agencyId)
    .where('referrals.status', 'in', [...options.statuses])
    .where(options.filter);
  if (options.overdueAt) query = query.where(overdueAt(options.overdueAt));
  return (await query.executeTakeFirstOrThrow()).n;
}

/** How many referrals the agency received (never drafts) in these statuses match `filter`, optionally only those assigned to one user or overdue at `overdueAt`. */
export async function countReceivedReferrals(
  tx: ScopedTx,
  options: { agencyId: string; filter: Expression<SqlBool>; statuses: readonly ReferralStatus[]; assigneeId?: string | undefined; overdueAt?: Date | undefined },
): Promise<number> {
  if (options.statuses.length === 0) return 0;
  let query = tx
    .selectFrom('referrals')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('recipient_agency_id', '=', options.agencyId)
    .where('status', '<>', 'draft')
    .where('status', 'in', [...options.statuses])
    .where(options.filter);
  if (options.assigneeId) query = query.where('recipient_assignee_id', '=', options.assigneeId);
  if (options.overdueAt) query = query.where(overdueAt(options.overdueAt));
  return (await query.executeTakeFirstOrThrow()).n;
}

/** Every referral the agency made of its own subject (not those down a chain), in any state, oldest first (for the person's file). */
export function referralsOfOwnSubject(tx: ScopedTx, agencyId: string, subjectId: string): Promise<ReferralRow[]> {
  return tx.selectFrom('referrals').selectAll().where('agency_id', '=', agencyId).where('subject_id', '=', subjectId).where('parent_referral_id', 'is', null).orderBy('created_at').orderBy('id').execute();
}

/**
 * Sets the triage (age band, sex, province, languages) of the agency's referrals of a subject in these
 * statuses, and of the onward referrals down the chains they began: what the receiving intake sees follows a correction. Not the referral's version:
 * a step the receiver takes on what it read is not refused for it.
 */
export async function refreshTriage(tx: ScopedTx, ownerAgencyId: string, subjectId: string, statuses: readonly ReferralStatus[], triage: unknown): Promise<void> {
  await tx.updateTable('referrals').set({ triage: JSON.stringify(triage) }).where('agency_id', '=', ownerAgencyId).where('subject_id', '=', subjectId).where('status', 'in', [...statuses]).execute();
  // Down the chains the owner began, the onward referrals (other agencies' rows: that one column, through the database).
  await sql`select refresh_onward_triage(${subjectId}::uuid, ${JSON.stringify(triage)}::jsonb, ${sql.val([...statuses])}::text[])`.execute(tx);
}
