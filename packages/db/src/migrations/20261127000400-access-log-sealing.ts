import { sql, type Kysely } from 'kysely';

/**
 * Sealing the access log: the sealer gives each event its place in the log (`log_index`,
 * consecutive from 0, in the order it seals them) and its RFC 6962 leaf hash, and signs a tree
 * head over the log so far. Events are still appended with plain inserts and no global lock.
 *
 * `log_index` is the one index not led by `agency_id`: the log is one sequence across agencies.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table access_events add column log_index bigint;
    alter table access_events add column leaf_hash text;
    create unique index access_events_log_order on access_events (log_index) where log_index is not null;
    create index access_events_unsealed on access_events (occurred_at, id) where log_index is null;
    -- The privacy officers' searches: by actor and by the subjects' owner, in time order.
    create index access_events_by_actor on access_events (agency_id, actor_id, occurred_at);
    create index access_events_by_owner_time on access_events (owning_agency_id, occurred_at);

    -- Events past the retention period leave the live log for an archive, with the frontier and
    -- signed head that prove them, so the archive and what remains both still verify.
    create table log_archives (
      from_size bigint primary key,
      up_to_size bigint not null unique check (up_to_size > from_size),
      start_frontier jsonb not null,
      signed_head text not null,
      events bytea not null,
      archived_at timestamptz not null
    );
    alter table log_archives enable row level security;
    alter table log_archives force row level security;
    create policy log_archives_worker on log_archives for all to ponte_app
      using (nullif(current_setting('app.actor_kind', true), '') = 'worker')
      with check (nullif(current_setting('app.actor_kind', true), '') = 'worker');
    grant select, insert on log_archives to ponte_app;
    -- Only events already in an archive can leave the live log.
    create policy access_events_retention on access_events for delete to ponte_app
      using (nullif(current_setting('app.actor_kind', true), '') = 'worker'
             and log_index < (select coalesce(max(up_to_size), 0) from log_archives));
    grant delete on access_events to ponte_app;

    create table log_heads (
      tree_size bigint primary key check (tree_size > 0),
      root_hash text not null,
      previous_size bigint,
      frontier jsonb not null,
      signed_head text not null,
      created_at timestamptz not null
    );
    alter table log_heads enable row level security;
    alter table log_heads force row level security;
    -- Signed heads are public inside the hub: every agency may keep a witness copy.
    create policy log_heads_read on log_heads for select to ponte_app using (true);
    create policy log_heads_write on log_heads for insert to ponte_app
      with check (nullif(current_setting('app.actor_kind', true), '') = 'worker');
    grant select, insert on log_heads to ponte_app;

    -- The sealer reads every event and writes only their place and leaf hash.
    create policy access_events_sealer_read on access_events for select to ponte_app
      using (nullif(current_setting('app.actor_kind', true), '') = 'worker');
    create policy access_events_sealer_write on access_events for update to ponte_app
      using (nullif(current_setting('app.actor_kind', true), '') = 'worker')
      with check (nullif(current_setting('app.actor_kind', true), '') = 'worker');
    grant update (log_index, leaf_hash, owning_agency_id) on access_events to ponte_app;

    -- Which agency owns a subject, and nothing else about it: the sealer completes the owner of
    -- events whose actor could not see it (another agency asking for an id not its own), so the
    -- owning agency learns of every attempt on its subjects.
    create table subject_owners (
      agency_id uuid not null references agencies (id),
      subject_id uuid not null unique,
      primary key (agency_id, subject_id)
    );
    alter table subject_owners enable row level security;
    alter table subject_owners force row level security;
    create policy subject_owners_insert on subject_owners for insert to ponte_app
      with check (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid);
    create policy subject_owners_read on subject_owners for select to ponte_app using (
      agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
      or nullif(current_setting('app.actor_kind', true), '') = 'worker');
    grant select, insert on subject_owners to ponte_app;
    create function record_subject_owner() returns trigger language plpgsql as $fn$
    begin
      insert into subject_owners (agency_id, subject_id) values (new.agency_id, new.id) on conflict do nothing;
      return new;
    end
    $fn$;
    create trigger subjects_owner after insert on subjects for each row execute function record_subject_owner();
    insert into subject_owners (agency_id, subject_id) select agency_id, id from subjects on conflict do nothing;

    -- A privacy officer's review of an event or a flag: reviewed with a note, or escalated.
    create table access_reviews (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid(),
      target_kind text not null check (target_kind in ('event', 'flag')),
      target_id text not null check (length(target_id) between 1 and 200),
      status text not null check (status in ('reviewed', 'escalated')),
      note text not null check (length(note) between 1 and 4000),
      reviewer_id uuid not null,
      created_at timestamptz not null,
      primary key (agency_id, id)
    );
    create index access_reviews_by_target on access_reviews (agency_id, target_kind, target_id);
    alter table access_reviews enable row level security;
    alter table access_reviews force row level security;
    create policy access_reviews_own on access_reviews for all to ponte_app
      using (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid)
      with check (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid);
    grant select, insert on access_reviews to ponte_app;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger subjects_owner on subjects;
    drop function record_subject_owner();
    drop table subject_owners;
    drop table access_reviews;
    revoke delete on access_events from ponte_app;
    drop policy access_events_retention on access_events;
    drop table log_archives;
    revoke update (log_index, leaf_hash, owning_agency_id) on access_events from ponte_app;
    drop policy access_events_sealer_write on access_events;
    drop policy access_events_sealer_read on access_events;
    drop table log_heads;
    drop index access_events_unsealed;
    drop index access_events_log_order;
    alter table access_events drop column leaf_hash;
    alter table access_events drop column log_index;
  `.execute(db);
}
