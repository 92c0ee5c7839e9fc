import { sql, type Kysely } from 'kysely';

/**
 * Documents down a referral's chain (issue 21, items 3 and 5): the third agency of an onward
 * referral reads the documents of the categories that referral shares, as it reads the subject's
 * data. The documents belong to the agency that owns the subject, which on an onward referral is
 * the chain's root (`root_agency_id`), not the referral's sender; the policy of
 * `20261205006000-documents` matched the sender only, so the recipient of an onward referral saw
 * none. The rest of the decision (open referral, consent down the chain, agreement, assignee) stays
 * the policy layer's, as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const agency = sql`nullif(current_setting('app.agency_id', true), '')::uuid`;
  await sql`
    drop policy documents_referred on documents;
    create policy documents_referred on documents for select to ponte_app using (exists (
      select 1 from referrals r
      where coalesce(r.root_agency_id, r.agency_id) = documents.agency_id and r.subject_id = documents.subject_id
        and r.recipient_agency_id = ${agency} and r.status in ('accepted', 'in_progress')
        and documents.category = any (r.shared_categories)));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const agency = sql`nullif(current_setting('app.agency_id', true), '')::uuid`;
  await sql`
    drop policy documents_referred on documents;
    create policy documents_referred on documents for select to ponte_app using (exists (
      select 1 from referrals r
      where r.agency_id = documents.agency_id and r.subject_id = documents.subject_id
        and r.recipient_agency_id = ${agency} and r.status in ('accepted', 'in_progress')
        and documents.category = any (r.shared_categories)));
  `.execute(db);
}
