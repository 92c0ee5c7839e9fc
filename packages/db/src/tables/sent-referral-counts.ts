import { sql, type Expression, type SqlBool } from 'kysely';
import type { Condition, ReferralStatus } from '@ponte/contracts';
import { conditionToSql, type FieldMapping } from '../policy-filter';
import type { ScopedTx } from '../scope';

/**
 * Where the policy's attributes of a referral stand for the agency that sent it: the referral's own
 * columns, and the need-to-know attributes (assignee, team, registrar) of the subject it is about.
 */
const SENT_REFERRAL_COLUMNS = {
  agencyId: 'referrals.agency_id',
  recipientAgencyId: 'referrals.recipient_agency_id',
  status: 'referrals.status',
  recipientAssigneeId: 'referrals.recipient_assignee_id',
  recipientTeam: 'referrals.recipient_team',
  assignedUserId: 'subjects.assigned_user_id',
  team: 'subjects.team',
  createdBy: 'subjects.created_by',
} as const;

/** The policy's conditions on a referral as SQL over the agency's sent referrals joined to their subjects (see {@link countSentReferrals}). */
export function sentReferralFilter(condition: Condition | null): Expression<SqlBool> {
  const fields: Record<string, FieldMapping> = {};
  for (const [attribute, column] of Object.entries(SENT_REFERRAL_COLUMNS)) fields[attribute] = { kind: 'column', sql: sql.ref(column) };
  return conditionToSql(condition, fields);
}

/** How many referrals the agency sent (drafts included) in these statuses match `filter` (a {@link sentReferralFilter}). */
export async function countSentReferrals(tx: ScopedTx, options: { agencyId: string; filter: Expression<SqlBool>; statuses: readonly ReferralStatus[] }): Promise<number> {
  if (options.statuses.length === 0) return 0;
  const row = await tx
    .selectFrom('referrals')
    .leftJoin('subjects', (join) => join.onRef('subjects.agency_id', '=', 'referrals.agency_id').onRef('subjects.id', '=', 'referrals.subject_id'))
    .select(sql<number>`count(*)::int`.as('n'))
    .where('referrals.agency_id', '=', options.agencyId)
    .where('referrals.status', 'in', [...options.statuses])
    .where(options.filter)
    .executeTakeFirstOrThrow();
  return row.n;
}
