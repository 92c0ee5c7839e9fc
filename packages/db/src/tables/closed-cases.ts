import { sql } from 'kysely';
import type { ScopedTx } from '../scope';

/**
 * A closed case of the agency, as its retention schedule sees it: ids, its case reference, the
 * service of its last referral and since when it is closed; no personal data.
 */
export interface ClosedCase {
  id: string;
  reference: string;
  /** The service of the subject's most recent referral (null: never referred). */
  last_service: string | null;
  closed_since: Date;
}

/**
 * The agency's closed cases: its subjects not erased, with no referral that is not closed (draft, sent,
 * accepted, in progress; onward referrals down the subject's chain included) and no pending
 * transfer, each closed since the latest of its own last change, its referrals' last changes and
 * its transfers' decisions, closed by `closedBy` (a case closed later cannot be due yet). Read in the agency's scope (row-level security holds it to the
 * agency), by the worker's retention job and the forecast alike.
 */
export async function listClosedCases(tx: ScopedTx, agencyId: string, openStatuses: readonly string[], closedBy: Date): Promise<ClosedCase[]> {
  const open = sql.join(openStatuses.map((s) => sql`${s}`));
  const { rows } = await sql<ClosedCase>`
    select * from (select s.id, s.reference,
      (select r.service from referrals r
        where (r.agency_id = s.agency_id or r.root_agency_id = s.agency_id) and r.subject_id = s.id
        order by r.created_at desc, r.id desc limit 1) as last_service,
      greatest(
        s.updated_at,
        (select max(r.updated_at) from referrals r where (r.agency_id = s.agency_id or r.root_agency_id = s.agency_id) and r.subject_id = s.id),
        (select max(t.decided_at) from subject_transfers t where t.agency_id = s.agency_id and t.subject_id = s.id)
      ) as closed_since
    from subjects s
    where s.agency_id = ${agencyId}
      and s.erased_at is null
      and not exists (select 1 from referrals r
        where (r.agency_id = s.agency_id or r.root_agency_id = s.agency_id) and r.subject_id = s.id and r.status in (${open}))
      and not exists (select 1 from subject_transfers t where t.agency_id = s.agency_id and t.subject_id = s.id and t.status = 'pending')
    ) as c
    where c.closed_since <= ${closedBy}
    order by c.id
  `.execute(tx);
  return rows.map((row) => ({ ...row, closed_since: new Date(row.closed_since) }));
}
