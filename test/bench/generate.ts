import { sql } from 'kysely';
import type { Db } from '@ponte/db';

export const SCALES = {
  tiny: { subjects: 10_000, referrals: 6_000, events: 100_000 },
  small: { subjects: 100_000, referrals: 100_000, events: 1_000_000 },
  large: { subjects: 1_000_000, referrals: 1_000_000, events: 10_000_000 },
} as const;
export type Scale = keyof typeof SCALES;

function progress(label: string, done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r  ${label.padEnd(16)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')}`);
  if (done >= total) process.stderr.write('\n');
}

/**
 * Bulk-loads a dataset with server-side `insert … select generate_series`, in chunks, as the
 * owner (no API, no row-level security): subjects across the eight agencies with consents, a
 * referral for most of IOM's subjects to a partner in every state with its transitions, and
 * access events.
 */
export async function generate(db: Db, scale: Scale) {
  const size = SCALES[scale];
  const agencies = (await sql<{ id: string; slug: string }>`select id, slug from agencies order by slug`.execute(db)).rows;
  const iom = agencies.find((a) => a.slug === 'iom')!;
  const partner = agencies.find((a) => a.slug === 'caminho-seguro')!;
  const caseworkers = new Map((await sql<{ agency_id: string; id: string }>`select agency_id, id from users where username = 'caseworker'`.execute(db)).rows.map((r) => [r.agency_id, r.id]));
  const chunk = 50_000;
  // Most subjects at IOM, the sender of most referrals; the rest spread over the other agencies.
  const iomShare = Math.max(size.referrals + Math.ceil(size.subjects * 0.05), Math.ceil(size.subjects * 0.7));
  const plan = agencies.map((a) => ({ agency: a, count: a.id === iom.id ? Math.min(iomShare, size.subjects) : Math.floor((size.subjects - Math.min(iomShare, size.subjects)) / (agencies.length - 1)) }));
  let done = 0;
  const total = plan.reduce((n, p) => n + p.count, 0);
  for (const [index, { agency, count }] of plan.entries()) {
    for (let from = 1; from <= count; from += chunk) {
      const to = Math.min(count, from + chunk - 1);
      const owner = caseworkers.get(agency.id)!;
      await sql`
        insert into subjects (agency_id, id, reference, assigned_user_id, team, birth_date, identity, contact, location, created_by, created_at, updated_at)
        select ${agency.id}::uuid, gen_random_uuid(), ${`B${index}-`} || lpad(g::text, 9, '0'), ${owner}::uuid, 'case-team', date '1980-01-01' + (g % 12000),
          jsonb_build_object('givenName', 'Bench', 'familyName', 'P' || g, 'sex', case when g % 2 = 0 then 'female' else 'male' end, 'languages', jsonb_build_array('pt'), 'dateOfBirth', (date '1980-01-01' + (g % 12000))::text),
          jsonb_build_object('safeToContact', true), jsonb_build_object('current', jsonb_build_object('country', 'MOZ', 'province', 'MZ-G')),
          ${owner}::uuid, now() - make_interval(secs => g), now()
        from generate_series(${from}::int, ${to}::int) g`.execute(db);
      done += to - from + 1;
      progress('subjects', done, total);
    }
  }
  const others = agencies.map((a) => a.id);
  await sql`
    insert into consents (agency_id, id, consent_id, version, subject_id, granted_by, method, language, interpreter_used, purposes, recipient_agency_ids, categories, legal_basis, valid_from, valid_until, recorded_by, recorded_at)
    select s.agency_id, gen_random_uuid(), gen_random_uuid(), 1, s.id, 'subject', 'written', 'pt', false, array['return_reintegration', 'protection_assistance'],
      array_remove(${others}::uuid[], s.agency_id), array['identity', 'contact', 'location'], 'consent', now() - interval '30 days', timestamptz '2099-01-01', s.created_by, now()
    from subjects s where s.reference like 'B%'`.execute(db);
  progress('consents', total, total);

  // Referrals: IOM → Caminho Seguro, legal aid; a quarter each sent, accepted (assigned), in progress, completed.
  const partnerCaseworker = caseworkers.get(partner.id)!;
  const iomSubjects = (await sql<{ n: number }>`select count(*)::int as n from subjects where agency_id = ${iom.id} and reference like 'B%'`.execute(db)).rows[0]!.n;
  const referrals = Math.min(size.referrals, iomSubjects - Math.ceil(size.subjects * 0.05));
  await sql`create temporary table bench_iom as select row_number() over (order by s.id) as i, s.id as subject_id, c.consent_id, s.created_by from subjects s join consents c on c.subject_id = s.id and c.agency_id = s.agency_id where s.agency_id = ${iom.id} and s.reference like 'B%'`.execute(db);
  for (let from = 1; from <= referrals; from += chunk) {
    const to = Math.min(referrals, from + chunk - 1);
    await sql`
      insert into referrals (agency_id, recipient_agency_id, subject_id, consent_id, legal_basis, service, purpose, urgency, shared_categories, triage, status, version,
        recipient_assignee_id, recipient_team, created_by, created_at, updated_at, sent_at, accepted_at, completed_at, closed_at, outcome, outcome_code)
      select ${iom.id}::uuid, ${partner.id}::uuid, b.subject_id, b.consent_id, 'consent', 'legal_aid', 'return_reintegration', 'routine', array['identity', 'contact'],
        '{"ageBand":"25-59","sex":"female","province":"MZ-G","languages":["pt"]}'::jsonb,
        (array['sent', 'accepted', 'in_progress', 'completed'])[1 + b.i % 4], 1,
        case when b.i % 4 = 0 then null else ${partnerCaseworker}::uuid end, 'case-team', b.created_by, now() - make_interval(secs => b.i::int), now(), now() - make_interval(secs => b.i::int),
        case when b.i % 4 = 0 then null else now() end, case when b.i % 4 = 3 then now() else null end, case when b.i % 4 = 3 then now() else null end, case when b.i % 4 = 3 then 'done' else null end,
        case when b.i % 4 = 3 then 'service_provided' else null end
      from bench_iom b where b.i between ${from} and ${to}`.execute(db);
    progress('referrals', to, referrals);
  }
  // Their history: sent by IOM's caseworker; accepted by the partner's; started; completed.
  const iomCaseworker = caseworkers.get(iom.id)!;
  for (const [step, from, status, actor, agencyOf] of [
    [0, null, 'sent', iomCaseworker, iom.id],
    [1, 'sent', 'accepted', partnerCaseworker, partner.id],
    [2, 'accepted', 'in_progress', partnerCaseworker, partner.id],
    [3, 'in_progress', 'completed', partnerCaseworker, partner.id],
  ] as const) {
    await sql`
      insert into referral_transitions (agency_id, referral_id, recipient_agency_id, from_status, to_status, actor_agency_id, actor_id, at)
      select r.agency_id, r.id, r.recipient_agency_id, ${from}, ${status}, ${agencyOf}::uuid, ${actor}::uuid, r.created_at + make_interval(hours => ${step})
      from referrals r
      where r.agency_id = ${iom.id} and array_position(array['sent', 'accepted', 'in_progress', 'completed'], r.status) > ${step}`.execute(db);
    progress('transitions', step + 1, 4);
  }

  await sql`create temporary table bench_subjects as select row_number() over (order by id) as i, id, agency_id, created_by from subjects where reference like 'B%'`.execute(db);
  const n = total;
  // The months the events fall in (the last 30 days), as the sealer makes them ahead.
  await sql`select ensure_access_event_partitions(now() - interval '31 days', now() + interval '2 months')`.execute(db);
  for (let from = 1; from <= size.events; from += chunk * 4) {
    const to = Math.min(size.events, from + chunk * 4 - 1);
    await sql`
      insert into access_events (id, agency_id, occurred_at, actor_kind, actor_id, owning_agency_id, subject_id, resource, resource_id, action, fields, purpose, legal_basis, decision, rule, request_id)
      select uuid_v7(t.at), s.agency_id, t.at, 'user', s.created_by, s.agency_id, s.id, 'Subject', s.id, 'read', array['identity', 'contact'],
        null, 'consent', case when g % 20 = 0 then 'deny' else 'allow' end, 'need_to_know.assigned', 'bench-' || g
      from generate_series(${from}::int, ${to}::int) g join bench_subjects s on s.i = 1 + (g % ${n})
      -- An event's id is made as it is appended, when it occurred.
      cross join lateral (select now() - make_interval(secs => (g % 2592000)) as at) t`.execute(db);
    progress('access events', to, size.events);
  }
  await sql`create sequence if not exists bench_seq start 1000000000000`.execute(db);
  // Vacuumed as well as analysed: otherwise autovacuum visits every freshly loaded table during the load.
  await sql`vacuum (analyze)`.execute(db);
  return { subjects: total, referrals, events: size.events };
}
