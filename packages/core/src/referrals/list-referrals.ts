import type { ReferralStatus } from '@ponte/contracts';
import {
  findReferralAssignees,
  agenciesByIdsQuery,
  latestConsentVersionOf,
  referralPageQuery,
  type ReferralRow,
  readTogether,
  subjectWorkersQuery,
  transitionsOfQuery,
  rectificationsOfQuery,
  type AgencyRow,
  type ReferralRectificationRow,
  type AgreementRow,
  type ReferralTransitionRow,
} from '@ponte/db';
import { tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { decodeCursor, pageOf } from '../paging';
import { referralAccess, referralAccessFacts, referralAccessNeedsFacts, referralRecord, viewReferrals } from './referral-access';

/**
 * The agency's inbox (received) or outbox (sent), newest first, each as the caller may see it;
 * `assignee: 'me'` keeps the received referrals assigned to the caller; `overdue` keeps those past a
 * deadline now (`'true'`) or those not (`'false'`).
 *
 * Three round trips: the page as the unit opens; in one list, what the decisions and the view
 * need of the whole page (the subjects' workers for the outbox; for the referrals an inbox reader
 * might read, their agreements and consents; the agencies, transitions and corrections); the access event
 * with the commit.
 */
export async function listReferrals({
  ctx,
  input,
}: {
  ctx: Context;
  input: { box: 'inbox' | 'outbox'; status?: ReferralStatus | undefined; overdue?: 'true' | 'false' | undefined; assignee?: 'me' | undefined; limit: number; cursor?: string | undefined };
}) {
  const after = decodeCursor(input.cursor, ['createdAt', 'id'] as const);
  const agencyId = ctx.principal.agencyId!;
  const assigneeId = input.assignee === 'me' ? ctx.principal.id : undefined;
  // Overdue is decided against the unit's clock, as each referral's view is.
  const overdue = input.overdue === undefined ? undefined : { value: input.overdue === 'true', now: ctx.now() };
  const filter = { box: input.box, agencyId, status: input.status, assigneeId, overdue, limit: input.limit, after };
  // The page is read as the unit opens (row-level security keeps it to the agency's own).
  return withAudit(ctx, async (tx, log, [page]) => {
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const rows = page as ReferralRow[];
    const side: 'sender' | 'receiver' = input.box === 'inbox' ? 'receiver' : 'sender';
    const cursor = pageOf(rows, input.limit, (r) => r, (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }));
    log.allow({ resource: 'Referral', action: 'list', fields: [input.box], rule: 'list.referrals' });
    if (rows.length === 0) return { items: [], nextCursor: cursor.nextCursor };
    // A receiver's record needs nothing of the subject, so who needs the consent and agreement is known now.
    const needsFacts = side === 'receiver' ? rows.filter((row) => referralAccessNeedsFacts(ability, { row, record: referralRecord(row, undefined), side })) : [];
    const [agencies, transitions, rectifications, ...more] = await readTogether(tx, [
      agenciesByIdsQuery(tx, [...new Set(rows.flatMap((r) => [r.agency_id, r.recipient_agency_id]))]),
      transitionsOfQuery(tx, rows.map((r) => ({ agencyId: r.agency_id, id: r.id }))),
      rectificationsOfQuery(tx, rows.map((r) => ({ agencyId: r.agency_id, id: r.id }))),
      ...(side === 'sender' ? [subjectWorkersQuery(tx, [...new Set(rows.map((r) => r.subject_id))])] : needsFacts.flatMap((row) => referralAccessFacts(tx, row))),
    ]);
    const workers = (side === 'sender' ? more[0]! : []) as Array<{ id: string; assigned_user_id: string | null; team: string | null; created_by: string }>;
    const factsOf = new Map(needsFacts.map((row, i) => [row.id, { agreements: more[2 * i] as AgreementRow[], latest: latestConsentVersionOf(more[2 * i + 1]!) }]));
    const subjects = new Map(workers.map((w) => [w.id, w]));
    // An onward referral's case, on its sending side, is the parent's on the agency's receiving side (one more round trip, only for them).
    const parentIds = side === 'sender' ? [...new Set(rows.flatMap((r) => (r.parent_referral_id ? [r.parent_referral_id] : [])))] : [];
    const parents = new Map((parentIds.length > 0 ? await findReferralAssignees(tx, parentIds) : []).map((p) => [p.id, { assigned_user_id: p.recipient_assignee_id, team: p.recipient_team, created_by: '' }]));
    const readable = [];
    for (const row of rows) {
      const record = referralRecord(row, side === 'sender' ? (row.parent_referral_id ? parents.get(row.parent_referral_id) : subjects.get(row.subject_id)) : undefined);
      if (!ability.can('read', tag('Referral', record))) continue;
      const { detail } = await referralAccess(tx, ctx, ability, { row, record, side }, factsOf.get(row.id));
      readable.push({ row, side, detail });
    }
    const visible = await viewReferrals(tx, readable, { agencies: agencies as AgencyRow[], transitions: transitions as ReferralTransitionRow[], rectifications: rectifications as ReferralRectificationRow[], now: ctx.now() });
    return { items: visible, nextCursor: cursor.nextCursor };
  }, { first: [(tx) => referralPageQuery(tx, filter)] });
}
