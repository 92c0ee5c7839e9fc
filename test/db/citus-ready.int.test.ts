import { readFileSync } from 'node:fs';
import { COLOCATION_ANCHOR, DISTRIBUTION_COLUMN, TABLE_PLACEMENT, tablesPlaced } from '@ponte/db/distribution';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citusViolations, tablesInDistributionDdl } from '../support/citus-readiness';
import { BOTH_ENGINES, type TestDatabase } from '../support/database';

/**
 * Citus-ready, checked (issue 19): Citus cannot be installed here, so the migrated schema is held,
 * from PostgreSQL's catalogue, to what distributing it by agency would need. Every table is placed
 * in packages/db/src/distribution.ts; every key of a distributed table includes agency_id; every
 * foreign key is one Citus accepts; and infra/citus/distribute.sql distributes exactly that list,
 * each table after the tables it references.
 */
const DDL_PATH = new URL('../../infra/citus/distribute.sql', import.meta.url);

describe.each(BOTH_ENGINES)('the schema, ready for Citus, on %s', (_name, open) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database?.close());

  it('places every table, and breaks no rule of its placement', async () => {
    expect(await citusViolations(database.db, TABLE_PLACEMENT)).toEqual([]);
  });

  it('is distributed by infra/citus/distribute.sql exactly as placed, each table after those it references', async () => {
    const ddl = tablesInDistributionDdl(readFileSync(DDL_PATH, 'utf8'));
    expect(ddl.reference).toEqual(tablesPlaced('reference'));
    expect(ddl.distributed.map((d) => d.table)).toEqual(tablesPlaced('distributed'));
    expect(ddl.distributed.every((d) => d.column === DISTRIBUTION_COLUMN)).toBe(true);
    expect(ddl.order.indexOf(COLOCATION_ANCHOR)).toBe(ddl.reference.length);
    expect(ddl.order.slice(0, ddl.reference.length).every((table) => TABLE_PLACEMENT[table as keyof typeof TABLE_PLACEMENT].placement === 'reference')).toBe(true);

    // Citus refuses a foreign key to a table not yet distributed or made a reference table.
    const { rows } = await sql<{ table: string; referenced: string }>`
      select c.relname as table, r.relname as referenced
      from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_class r on r.oid = con.confrelid
      where con.contype = 'f' and c.relnamespace = 'public'::regnamespace and not c.relispartition and c.oid <> r.oid`.execute(database.db);
    const late = rows.filter((fk) => ddl.order.includes(fk.table) && !(ddl.order.indexOf(fk.referenced) >= 0 && ddl.order.indexOf(fk.referenced) < ddl.order.indexOf(fk.table)));
    expect(late.map((fk) => `${fk.table} -> ${fk.referenced}`)).toEqual([]);
  });
});

/** The check itself, on a schema broken on purpose in each way it looks for: it cannot pass by seeing nothing. */
describe('the Citus readiness check', () => {
  let database: TestDatabase;
  const SCRATCH = 'citus_scratch';
  const placements = {
    tenants: { placement: 'reference' },
    cases: { placement: 'distributed' },
    notes: { placement: 'distributed' },
    no_column: { placement: 'distributed' },
    ledger: { placement: 'coordinator' },
    directory: { placement: 'reference' },
    gone: { placement: 'distributed' },
  } as const;

  beforeAll(async () => {
    database = await BOTH_ENGINES[0]![1]();
    await sql
      .raw(
        `
      create schema ${SCRATCH};
      create table ${SCRATCH}.tenants (id uuid primary key);
      create table ${SCRATCH}.ledger (id uuid primary key);
      create table ${SCRATCH}.cases (
        agency_id uuid not null references ${SCRATCH}.tenants (id),
        id uuid not null unique,
        code text not null,
        ledger_id uuid references ${SCRATCH}.ledger (id),
        primary key (agency_id, id)
      );
      create unique index cases_by_code on ${SCRATCH}.cases (code) where code <> '';
      create table ${SCRATCH}.notes (
        agency_id uuid not null,
        id uuid not null,
        case_agency_id uuid not null,
        case_id uuid not null,
        primary key (agency_id, id),
        foreign key (case_agency_id, case_id) references ${SCRATCH}.cases (agency_id, id)
      );
      create table ${SCRATCH}.no_column (id uuid primary key);
      create table ${SCRATCH}.directory (
        agency_id uuid not null,
        case_id uuid not null,
        primary key (agency_id, case_id),
        foreign key (agency_id, case_id) references ${SCRATCH}.cases (agency_id, id)
      );
      create table ${SCRATCH}.stray (id int);
    `,
      )
      .execute(database.db);
  });
  afterAll(() => database?.close());

  it('names each violation of a broken schema', async () => {
    const violations = await citusViolations(database.db, placements, SCRATCH);
    expect([...violations].sort()).toEqual([
      'cases: unique constraint cases_id_key (id) does not include agency_id',
      'cases: unique index cases_by_code (code) WHERE (code <> \'\'::text) does not include agency_id',
      'no_column: distributed, but has no agency_id column',
      'no_column: primary key no_column_pkey (id) does not include agency_id',
      'stray: not classified (distributed, reference or coordinator) in packages/db/src/distribution.ts',
      'gone: classified, but no such table in the schema',
      'cases: foreign key cases_ledger_id_fkey FOREIGN KEY (ledger_id) REFERENCES citus_scratch.ledger(id) points from a distributed table to a coordinator table',
      'directory: foreign key directory_agency_id_case_id_fkey FOREIGN KEY (agency_id, case_id) REFERENCES citus_scratch.cases(agency_id, id) points from a reference table to a distributed table',
      'notes: foreign key notes_case_agency_id_case_id_fkey FOREIGN KEY (case_agency_id, case_id) REFERENCES citus_scratch.cases(agency_id, id) is not co-located: both sides must match on agency_id',
    ].sort());
  });
});
