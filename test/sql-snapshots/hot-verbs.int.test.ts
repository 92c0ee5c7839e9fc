import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clonePglite, createTestDatabase, type TestDatabase, type TestDatabaseOptions } from '../support/database';
import { SNAPSHOT_FILE, snapshotHotVerbs, StatementRecorder } from './hot-verbs';

/**
 * The SQL of the hot verbs is checked in (hot-verbs.sql), so a query change shows in review. The
 * verbs run again here on a fresh database and must send exactly the statements of the file, on
 * the run's database and on embedded PGlite alike (the same statements reach both engines).
 */
const engines: Array<[string, (options: TestDatabaseOptions) => Promise<TestDatabase>]> = [['the run database (PostgreSQL when a server is found)', createTestDatabase]];
if (inject('database').kind === 'postgres') engines.push(['embedded PGlite', clonePglite]);

describe.each(engines)('the SQL of the hot verbs on %s', (_name, open) => {
  const recorder = new StatementRecorder();
  let database: TestDatabase;
  beforeAll(async () => {
    // Statements as written, on both engines: PostgreSQL would run those it sees again by name (`execute`).
    database = await open({ onSend: recorder.onSend, preparedStatements: false });
  });
  afterAll(() => database?.close());

  it('is the SQL checked in as test/sql-snapshots/hot-verbs.sql', async () => {
    const snapshot = await snapshotHotVerbs(database.db, recorder);
    const committed = readFileSync(SNAPSHOT_FILE, 'utf8');
    expect(snapshot, 'The SQL of a hot verb changed (- as checked in, + as sent now). If the change is meant, run `pnpm sql:snapshots` and commit test/sql-snapshots/hot-verbs.sql with it').toBe(committed);
  });
});
