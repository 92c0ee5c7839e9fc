-- The SQL each hot verb sends, in order, run against the demo network. Written by `pnpm sql:snapshots`
-- (test/sql-snapshots/generate.ts) and checked by test/sql-snapshots/hot-verbs.int.test.ts on PostgreSQL
-- and PGlite. Do not edit: regenerate it and commit the result with the change that caused it.
-- Each line is one round trip: a statement, or a statement list sent as one (a unit of work opens with
-- its first statement and ends with what goes with its commit). Parameters are never written here; what
-- is sent with the commit carries its values as literals, UUIDs and times reading <uuid> and <time>.

-- sendReferral: an IOM caseworker refers a returnee to Caminho Seguro
-- 16 round trips
begin; select set_config('role', 'ponte_app', true), set_config('app.agency_id', '<uuid>', true), set_config('idle_in_transaction_session_timeout', '60000', true); select * from "subjects" where "id" = $1 for share;
select * from "consents" where "agency_id" = $1 and "subject_id" in ($2) order by "recorded_at", "version";
select * from "consent_withdrawals" where "agency_id" = $1 and "consent_id" in ($2);
select distinct "subject_id" from "break_glass_grants" where "user_id" = $1 and "granted_at" <= $2 and "expires_at" > $3;
select * from "agencies" where "slug" = $1;
select "agency_id", "service", "province" from "agency_services" where "agency_id" in ($1) order by "agency_id", "service", "province";
select * from "agreements" where "agency_id" = $1 and "recipient_agency_id" = $2 order by "created_at" desc;
select "consents".*, "w"."agency_id" as "w_agency_id", "w"."requested_by" as "w_requested_by", "w"."method" as "w_method", "w"."reason" as "w_reason", "w"."withdrawn_by" as "w_withdrawn_by", "w"."withdrawn_at" as "w_withdrawn_at" from "consents" left join "consent_withdrawals" as "w" on "w"."agency_id" = "consents"."agency_id" and "w"."consent_id" = "consents"."consent_id" where "consents"."agency_id" = $1 and "consents"."consent_id" = $2 order by "consents"."version" desc limit $3;
select "id" from "referrals" where "subject_id" = $1 and "service" = $2 and "recipient_agency_id" = $3 and "status" in ($4, $5, $6, $7);
insert into "referrals" ("agency_id", "recipient_agency_id", "subject_id", "consent_id", "legal_basis", "service", "purpose", "urgency", "shared_categories", "note", "due_date", "triage", "status", "created_by", "created_at", "updated_at", "sent_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) returning *;
insert into "referral_transitions" ("agency_id", "referral_id", "recipient_agency_id", "from_status", "to_status", "actor_agency_id", "actor_id", "reason", "at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9);
select agency_id, last from take_event_numbers($1::uuid[], $2::integer[]);
insert into "events" ("agency_id", "type", "referral_id", "payload", "created_at", "seq") values ($1, $2, $3, $4, $5, $6), ($7, $8, $9, $10, $11, $12);
select * from "agencies" where "id" in ($1, $2);
select * from "referral_transitions" where "agency_id" in ($1) and "referral_id" in ($2) order by "at", "id";
insert into "access_events" ("agency_id", "occurred_at", "actor_kind", "actor_id", "owning_agency_id", "subject_id", "resource", "resource_id", "action", "fields", "purpose", "legal_basis", "decision", "rule", "break_glass", "request_id", "client_request_id") values ('<uuid>', <time>, 'user', '<uuid>', '<uuid>', '<uuid>', 'Referral', '<uuid>', 'send', '{"identity","contact","location"}', 'return_reintegration', 'consent', 'allow', 'referral.sent', 'false', 'sql-snapshot-iom-caseworker', null); commit;

-- listReferrals: the inbox page of Caminho Seguro's assigned caseworker (two accepted referrals received)
-- 8 round trips
begin; select set_config('role', 'ponte_app', true), set_config('app.agency_id', '<uuid>', true), set_config('idle_in_transaction_session_timeout', '60000', true); select * from "referrals" where "recipient_agency_id" = $1 and "status" <> $2 order by "created_at" desc, "id" desc limit $3;
select * from "agreements" where "agency_id" = $1 and "recipient_agency_id" = $2 order by "created_at" desc;
select "consents".*, "w"."agency_id" as "w_agency_id", "w"."requested_by" as "w_requested_by", "w"."method" as "w_method", "w"."reason" as "w_reason", "w"."withdrawn_by" as "w_withdrawn_by", "w"."withdrawn_at" as "w_withdrawn_at" from "consents" left join "consent_withdrawals" as "w" on "w"."agency_id" = "consents"."agency_id" and "w"."consent_id" = "consents"."consent_id" where "consents"."agency_id" = $1 and "consents"."consent_id" = $2 order by "consents"."version" desc limit $3;
select * from "agreements" where "agency_id" = $1 and "recipient_agency_id" = $2 order by "created_at" desc;
select "consents".*, "w"."agency_id" as "w_agency_id", "w"."requested_by" as "w_requested_by", "w"."method" as "w_method", "w"."reason" as "w_reason", "w"."withdrawn_by" as "w_withdrawn_by", "w"."withdrawn_at" as "w_withdrawn_at" from "consents" left join "consent_withdrawals" as "w" on "w"."agency_id" = "consents"."agency_id" and "w"."consent_id" = "consents"."consent_id" where "consents"."agency_id" = $1 and "consents"."consent_id" = $2 order by "consents"."version" desc limit $3;
select * from "agencies" where "id" in ($1, $2);
select * from "referral_transitions" where "agency_id" in ($1) and "referral_id" in ($2, $3) order by "at", "id";
insert into "access_events" ("agency_id", "occurred_at", "actor_kind", "actor_id", "owning_agency_id", "subject_id", "resource", "resource_id", "action", "fields", "purpose", "legal_basis", "decision", "rule", "break_glass", "request_id", "client_request_id") values ('<uuid>', <time>, 'user', '<uuid>', null, null, 'Referral', null, 'list', '{"inbox"}', null, null, 'allow', 'list.referrals', 'false', 'sql-snapshot-caminho-seguro-caseworker', null); commit;

-- readReferredSubject: the assigned caseworker reads the referred subject
-- 5 round trips
begin; select set_config('role', 'ponte_app', true), set_config('app.agency_id', '<uuid>', true), set_config('idle_in_transaction_session_timeout', '60000', true); select * from "referrals" where "id" = $1 for share;
select * from "agreements" where "agency_id" = $1 and "recipient_agency_id" = $2 order by "created_at" desc;
select "consents".*, "w"."agency_id" as "w_agency_id", "w"."requested_by" as "w_requested_by", "w"."method" as "w_method", "w"."reason" as "w_reason", "w"."withdrawn_by" as "w_withdrawn_by", "w"."withdrawn_at" as "w_withdrawn_at" from "consents" left join "consent_withdrawals" as "w" on "w"."agency_id" = "consents"."agency_id" and "w"."consent_id" = "consents"."consent_id" where "consents"."agency_id" = $1 and "consents"."consent_id" = $2 order by "consents"."version" desc limit $3;
select * from "subjects" where "id" = $1;
insert into "access_events" ("agency_id", "occurred_at", "actor_kind", "actor_id", "owning_agency_id", "subject_id", "resource", "resource_id", "action", "fields", "purpose", "legal_basis", "decision", "rule", "break_glass", "request_id", "client_request_id") values ('<uuid>', <time>, 'user', '<uuid>', '<uuid>', '<uuid>', 'ReferredSubject', '<uuid>', 'read', '{"identity","contact","location"}', 'return_reintegration', 'consent', 'allow', 'referral.shared', 'false', 'sql-snapshot-caminho-seguro-caseworker', null); commit;

-- listAccessEvents: IOM's privacy officer searches the access log by the subject
-- 3 round trips
begin; select set_config('role', 'ponte_app', true), set_config('app.agency_id', '<uuid>', true), set_config('idle_in_transaction_session_timeout', '60000', true); select "e".*, "l"."log_index" from "access_events" as "e" left join "log_leaves" as "l" on "l"."agency_id" = "e"."agency_id" and "l"."event_id" = "e"."id" and "l"."occurred_at" = "e"."occurred_at" where "e"."subject_id" = $1 order by "e"."occurred_at", "e"."id" limit $2;
select "id", "display_name" as "name" from "users" where "id" in ($1) union all select "id", "name" from "api_clients" where "id" in ($2);
insert into "access_events" ("agency_id", "occurred_at", "actor_kind", "actor_id", "owning_agency_id", "subject_id", "resource", "resource_id", "action", "fields", "purpose", "legal_basis", "decision", "rule", "break_glass", "request_id", "client_request_id") values ('<uuid>', <time>, 'user', '<uuid>', null, '<uuid>', 'AccessEvent', null, 'search', '{}', null, null, 'allow', 'privacy_officer.review', 'false', 'sql-snapshot-iom-privacy', null); commit;
