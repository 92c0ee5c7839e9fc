import { sql, type Kysely } from 'kysely';

/**
 * Structured outcomes (issue 21, item 2): a completed referral carries a code from a closed list
 * beside its free-text outcome, and a declined one a code beside its free-text reason. Referrals
 * closed before this migration keep their text and have no code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table referrals
      add column outcome_code text check (outcome_code in (
        'service_provided', 'partly_provided', 'not_provided_person_unreachable',
        'not_provided_person_declined', 'not_provided_no_capacity', 'not_provided_other')),
      add column reason_code text check (reason_code in (
        'no_capacity', 'outside_mandate', 'person_unreachable', 'duplicate_referral',
        'consent_insufficient', 'other'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table referrals drop column reason_code, drop column outcome_code;`.execute(db);
}
