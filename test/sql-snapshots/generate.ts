/**
 * `pnpm sql:snapshots`: runs the hot verbs on a fresh embedded database with the demo network and
 * writes the SQL they send to test/sql-snapshots/hot-verbs.sql. Commit the file with the change
 * that altered it. PostgreSQL receives the same statements (the test checks both engines).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { seedDemoNetwork } from '@ponte/core';
import { createPglite, openStorage } from '@ponte/db';
import { DEMO_PASSWORD } from '../support/constants';
import { SNAPSHOT_FILE, snapshotHotVerbs, StatementRecorder } from './hot-verbs';

const recorder = new StatementRecorder();
const storage = await openStorage({ pglite: await createPglite(), migrate: true, onSend: recorder.onSend });
try {
  await seedDemoNetwork({ db: storage.db, demoPassword: DEMO_PASSWORD });
  const snapshot = await snapshotHotVerbs(storage.db, recorder);
  const before = existsSync(SNAPSHOT_FILE) ? readFileSync(SNAPSHOT_FILE, 'utf8') : undefined;
  writeFileSync(SNAPSHOT_FILE, snapshot);
  console.log(`${relative(process.cwd(), SNAPSHOT_FILE)} ${before === snapshot ? 'is unchanged' : 'written: commit it'}`);
} finally {
  await storage.close();
}
