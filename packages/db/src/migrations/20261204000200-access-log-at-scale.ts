import { sql, type Kysely } from 'kysely';

/**
 * The access log at national scale.
 *
 * - **Events never change.** `access_events` loses its sealing columns (`log_index`, `leaf_hash`):
 *   no role may update an event. The owner of an event about a subject its actor could not see is
 *   completed as the event is appended (`complete_event_owner`, a trigger), not later by the sealer.
 * - **Sealing appends.** Each appended event is queued (`log_pending`, by a statement trigger, so
 *   no path can append an event the sealer would miss); the sealer takes the queue in batches and
 *   appends `(log_index, event)` rows to `log_leaves` and the tree's hashes to `log_tiles`
 *   (C2SP tlog-tiles: 256 hashes a tile, by level; a tile grows until full, then never changes).
 * - **Time partitions.** `access_events` is range-partitioned by month on `occurred_at`, with a
 *   default partition for anything outside the months made so far; the sealer makes months ahead
 *   (`ensure_access_event_partitions`) and retention archives whole months, then detaches and
 *   drops them (`drop_access_event_partition`). The search indexes are per partition.
 * - Archives leave the database: `log_partition_archives` records each month archived (its file,
 *   digest, events and log range); the archive itself holds the events, their leaves and the head
 *   that proves them.
 *
 * One way only: the log's earlier shape is not restored by `down` (restore a backup instead).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from log_archives`.execute(db);
  if (rows[0]!.n > 0) throw new Error('this database holds archives of the earlier shape (log_archives); export them before migrating');

  await sql`
    alter table access_events rename to access_events_unpartitioned;
    alter index access_events_pkey rename to access_events_unpartitioned_pkey;
    alter index access_events_by_time rename to access_events_unpartitioned_by_time;
    alter index access_events_by_owner_time rename to access_events_unpartitioned_by_owner_time;
    alter index access_events_by_actor_time rename to access_events_unpartitioned_by_actor_time;
    alter index access_events_by_subject_time rename to access_events_unpartitioned_by_subject_time;

    create table access_events (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid(),
      occurred_at timestamptz not null,
      actor_kind text not null check (actor_kind in ('user', 'client')),
      actor_id uuid not null,
      owning_agency_id uuid,
      subject_id uuid,
      resource text not null,
      resource_id uuid,
      action text not null,
      fields text[] not null default '{}',
      purpose text,
      legal_basis text,
      decision text not null check (decision in ('allow', 'deny')),
      rule text not null,
      break_glass boolean not null default false,
      request_id text not null,
      client_request_id text check (client_request_id ~ '^[\\x21-\\x7e]{1,128}$'),
      primary key (agency_id, id, occurred_at)
    ) partition by range (occurred_at);
    create table access_events_default partition of access_events default;
    -- A month is reached only through its parent's policies: no grant, and security on in case one is given.
    alter table access_events_default enable row level security;
    create index access_events_by_time on access_events (agency_id, occurred_at, id);
    create index access_events_by_owner_time on access_events (owning_agency_id, occurred_at);
    create index access_events_by_actor_time on access_events (actor_id, occurred_at, id);
    create index access_events_by_subject_time on access_events (subject_id, occurred_at, id);

    alter table access_events enable row level security;
    alter table access_events force row level security;
    grant select, insert on access_events to ponte_app;
    create policy access_events_insert on access_events for insert to ponte_app
      with check (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid);
    create policy access_events_read on access_events for select to ponte_app
      using (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
             or owning_agency_id = nullif(current_setting('app.agency_id', true), '')::uuid);
    grant select on access_events to ponte_sealer, ponte_auditor;
    create policy access_events_sealer_read on access_events for select to ponte_sealer using (true);
    create policy access_events_auditor on access_events for select to ponte_auditor using (true);

    -- Months: one partition each, named access_events_yYYYYmMM, in UTC. Rows that landed in the
    -- default partition for a month made later move into it (the new table is filled, then
    -- attached, so nothing is appended or queued twice).
    create function ensure_access_event_partitions(first timestamptz, last timestamptz) returns integer
    language plpgsql security definer set search_path = pg_catalog, public as $fn$
    declare
      month timestamptz := date_trunc('month', first at time zone 'UTC') at time zone 'UTC';
      next_month timestamptz;
      name text;
      made integer := 0;
    begin
      if last < first or last - first > interval '10 years' then
        raise exception 'partitions are made for at most ten years at once' using errcode = '22023';
      end if;
      while month <= last loop
        next_month := (date_trunc('month', month at time zone 'UTC') + interval '1 month') at time zone 'UTC';
        name := 'access_events_' || to_char(month at time zone 'UTC', '"y"YYYY"m"MM');
        if to_regclass('public.' || name) is null then
          if exists (select 1 from public.access_events_default where occurred_at >= month and occurred_at < next_month) then
            execute format('create table public.%I (like public.access_events including defaults including constraints)', name);
            execute format('with moved as (delete from public.access_events_default where occurred_at >= %L and occurred_at < %L returning *) insert into public.%I select * from moved', month, next_month, name);
            execute format('alter table public.access_events attach partition public.%I for values from (%L) to (%L)', name, month, next_month);
          else
            execute format('create table public.%I partition of public.access_events for values from (%L) to (%L)', name, month, next_month);
          end if;
          execute format('alter table public.%I enable row level security', name);
          made := made + 1;
        end if;
        month := next_month;
      end loop;
      return made;
    end
    $fn$;
    revoke all on function ensure_access_event_partitions(timestamptz, timestamptz) from public;
    grant execute on function ensure_access_event_partitions(timestamptz, timestamptz) to ponte_sealer;

    -- The months there are, oldest first, with their bounds.
    create function access_event_partitions() returns table (name text, starts timestamptz, ends timestamptz)
    language sql stable security definer set search_path = pg_catalog, public as $fn$
      select c.relname::text,
             (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz,
             (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'public.access_events'::regclass and c.relname <> 'access_events_default'
      order by 2
    $fn$;
    revoke all on function access_event_partitions() from public;
    grant execute on function access_event_partitions() to ponte_sealer, ponte_auditor;

    -- Retention drops a month only once an archive of it is recorded. The detach waits for a
    -- lock on the whole table at most a moment (appends queue behind it), and gives up otherwise.
    create function drop_access_event_partition(partition_name text) returns void
    language plpgsql security definer set search_path = pg_catalog, public as $fn$
    begin
      if not exists (select 1 from public.log_partition_archives a where a.partition_name = drop_access_event_partition.partition_name) then
        raise exception 'the month % has no archive; it is not dropped', partition_name using errcode = '42501';
      end if;
      if not exists (select 1 from public.access_event_partitions() p where p.name = partition_name) then
        raise exception 'no such month: %', partition_name using errcode = '22023';
      end if;
      perform set_config('lock_timeout', '50ms', true);
      execute format('alter table public.access_events detach partition public.%I', partition_name);
      execute format('drop table public.%I', partition_name);
    end
    $fn$;
    revoke all on function drop_access_event_partition(text) from public;
    grant execute on function drop_access_event_partition(text) to ponte_sealer;

    -- The owner of an event about a subject: completed as it is appended.
    create policy subject_owners_owner_lookup on subject_owners for select to current_user using (true);
    create function complete_event_owner() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public as $fn$
    begin
      if new.owning_agency_id is null and new.subject_id is not null and new.resource <> 'AccessEvent' then
        select o.agency_id into new.owning_agency_id from public.subject_owners o where o.subject_id = new.subject_id;
      end if;
      return new;
    end
    $fn$;
    create trigger access_events_owner before insert on access_events for each row execute function complete_event_owner();

    -- The sealer's queue: every appended event, in the statement that appends it.
    create table log_pending (
      occurred_at timestamptz not null,
      agency_id uuid not null,
      event_id uuid not null,
      primary key (occurred_at, agency_id, event_id)
    );
    alter table log_pending enable row level security;
    alter table log_pending force row level security;
    create policy log_pending_queue on log_pending for insert to current_user with check (true);
    grant select, delete on log_pending to ponte_sealer;
    create policy log_pending_sealer on log_pending for all to ponte_sealer using (true);
    -- The auditor finds an event not sealed yet by its id here.
    grant select on log_pending to ponte_auditor;
    create policy log_pending_auditor on log_pending for select to ponte_auditor using (true);
    create function queue_access_events() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public as $fn$
    begin
      insert into public.log_pending (occurred_at, agency_id, event_id) select occurred_at, agency_id, id from appended;
      return null;
    end
    $fn$;
    create trigger access_events_queue after insert on access_events referencing new table as appended
      for each statement execute function queue_access_events();

    -- The log's leaves: each event's place, appended by the sealer, never changed.
    create table log_leaves (
      log_index bigint primary key check (log_index >= 0),
      agency_id uuid not null,
      event_id uuid not null unique,
      occurred_at timestamptz not null
    );
    alter table log_leaves enable row level security;
    alter table log_leaves force row level security;
    grant select, insert on log_leaves to ponte_sealer;
    create policy log_leaves_sealer on log_leaves for all to ponte_sealer using (true) with check (true);
    grant select on log_leaves to ponte_auditor;
    create policy log_leaves_auditor on log_leaves for select to ponte_auditor using (true);
    -- An agency sees the place of the events it may see (the event's own policy decides).
    grant select on log_leaves to ponte_app;
    create policy log_leaves_app on log_leaves for select to ponte_app
      using (exists (select 1 from access_events e where e.agency_id = log_leaves.agency_id and e.id = log_leaves.event_id and e.occurred_at = log_leaves.occurred_at));

    -- The tree's hashes as C2SP tiles: level 0 holds leaf hashes, level L the roots of 256^L-leaf
    -- subtrees; 256 a tile. The rightmost tile of a level grows with each seal, by extension only.
    create table log_tiles (
      level smallint not null check (level between 0 and 63),
      tile_index bigint not null check (tile_index >= 0),
      hashes bytea not null check (length(hashes) between 32 and 8192 and length(hashes) % 32 = 0),
      primary key (level, tile_index)
    );
    alter table log_tiles enable row level security;
    alter table log_tiles force row level security;
    grant select, insert, update on log_tiles to ponte_sealer;
    create policy log_tiles_sealer on log_tiles for all to ponte_sealer using (true) with check (true);
    grant select on log_tiles to ponte_auditor, ponte_app;
    create policy log_tiles_read on log_tiles for select to ponte_auditor, ponte_app using (true);

    -- A month archived: where its archive went, its digest and the part of the log it covers.
    create table log_partition_archives (
      partition_name text primary key check (partition_name ~ '^access_events_y[0-9]{4}m[0-9]{2}$'),
      starts timestamptz not null,
      ends timestamptz not null check (ends > starts),
      file_name text not null check (length(file_name) between 1 and 300),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      events bigint not null check (events >= 0),
      first_index bigint,
      up_to_size bigint not null,
      archived_at timestamptz not null
    );
    alter table log_partition_archives enable row level security;
    alter table log_partition_archives force row level security;
    grant select, insert on log_partition_archives to ponte_sealer;
    create policy log_partition_archives_sealer on log_partition_archives for all to ponte_sealer using (true) with check (true);
    grant select on log_partition_archives to ponte_auditor;
    create policy log_partition_archives_auditor on log_partition_archives for select to ponte_auditor using (true);
    create policy log_partition_archives_owner on log_partition_archives for select to current_user using (true);
  `.execute(db);

  // The events so far, their places and the queue of those not yet placed.
  await sql`
    select ensure_access_event_partitions(
      coalesce((select min(occurred_at) from access_events_unpartitioned), now()),
      greatest(coalesce((select max(occurred_at) from access_events_unpartitioned), now()), now() + interval '2 months'));
    insert into log_leaves (log_index, agency_id, event_id, occurred_at)
      select log_index, agency_id, id, occurred_at from access_events_unpartitioned where log_index is not null;
    alter table access_events disable trigger access_events_queue;
    insert into access_events (agency_id, id, occurred_at, actor_kind, actor_id, owning_agency_id, subject_id, resource, resource_id, action, fields, purpose, legal_basis, decision, rule, break_glass, request_id, client_request_id)
      select agency_id, id, occurred_at, actor_kind, actor_id, owning_agency_id, subject_id, resource, resource_id, action, fields, purpose, legal_basis, decision, rule, break_glass, request_id, client_request_id
      from access_events_unpartitioned;
    alter table access_events enable trigger access_events_queue;
    insert into log_pending (occurred_at, agency_id, event_id)
      select occurred_at, agency_id, id from access_events_unpartitioned where log_index is null;
  `.execute(db);

  // The tiles of the leaves placed so far: level 0 from the stored leaf hashes, each level above
  // from the full tiles below it.
  await sql`
    create function pg_temp.tile_root(hashes bytea) returns bytea language plpgsql immutable as $fn$
    declare
      nodes bytea := hashes;
      next bytea;
      i integer;
    begin
      while length(nodes) > 32 loop
        next := ''::bytea;
        for i in 0 .. length(nodes) / 64 - 1 loop
          next := next || sha256('\\x01'::bytea || substring(nodes from i * 64 + 1 for 64));
        end loop;
        nodes := next;
      end loop;
      return nodes;
    end
    $fn$;
    insert into log_tiles (level, tile_index, hashes)
      select 0, log_index / 256, string_agg(decode(leaf_hash, 'hex'), ''::bytea order by log_index)
      from access_events_unpartitioned where log_index is not null group by log_index / 256;
    do $$
    declare level_below integer := 0;
    begin
      loop
        insert into log_tiles (level, tile_index, hashes)
          select level_below + 1, tile_index / 256, string_agg(pg_temp.tile_root(hashes), ''::bytea order by tile_index)
          from log_tiles where level = level_below and length(hashes) = 8192 group by tile_index / 256;
        exit when not found;
        level_below := level_below + 1;
      end loop;
    end
    $$;
    drop table access_events_unpartitioned;
    drop table log_archives;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('20261204000200-access-log-at-scale is one way: restore a backup taken before it');
}
