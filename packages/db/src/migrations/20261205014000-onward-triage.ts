import { sql, type Kysely } from 'kysely';

/**
 * A correction's triage down onward chains (issue 22, item 2). An onward referral carries the
 * triage (age band, sex, province, languages) its parent had when it was sent on; when the
 * subject's owner corrects the identity or the location, the receiving intake down the chain must
 * not triage the person on what was wrong. The owner's unit of work may not write another agency's
 * referral, so `refresh_onward_triage` sets that one column, and nothing else, on the open onward
 * referrals of the owner's own subject in chains the owner began (`root_agency_id` is the agency
 * set for the transaction).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const agency = sql`nullif(current_setting('app.agency_id', true), '')::uuid`;
  await sql`
    create function refresh_onward_triage(p_subject uuid, p_triage jsonb, p_statuses text[]) returns void
    language sql security definer set search_path = pg_catalog, public as $fn$
      update public.referrals r set triage = p_triage
      where r.root_agency_id = ${agency} and r.agency_id <> r.root_agency_id
        and r.subject_id = p_subject and r.status = any (p_statuses)
    $fn$;
    revoke all on function refresh_onward_triage(uuid, jsonb, text[]) from public;
    grant execute on function refresh_onward_triage(uuid, jsonb, text[]) to ponte_app;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function refresh_onward_triage(uuid, jsonb, text[])`.execute(db);
}
