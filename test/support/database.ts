import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ensureSigningKeys, seedDemoNetwork } from '@ponte/core';
import { createPglite, openStorage, type Db, type Storage, type StorageOptions } from '@ponte/db';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { DEMO_PASSWORD } from './constants';
import { TEST_SIGNING_KEY_OPTIONS } from './key-encryption';
import { withDatabase } from './targets';

export interface TestDatabase extends Storage {
  /** A connection string for this database, when it lives on a server. */
  url?: string;
}

/** What a test may ask of its database's connection: kysely's `log`, and `onSend`, to see what is sent. */
export type TestDatabaseOptions = Pick<StorageOptions, 'log' | 'onSend' | 'preparedStatements'>;

/**
 * A fresh database for one test file, cloned from the run's migrated template (with the demo
 * network in it). Close it in `afterAll`; on a server it is dropped then.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const target = inject('database');
  if (target.kind === 'pglite') return clonePglite(options);
  const name = `${target.template}_f${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: target.adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${target.template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(target.adminUrl, name);
  const storage = await openStorage({ databaseUrl: url, poolSize: 8, log: options.log, onSend: options.onSend, preparedStatements: options.preparedStatements });
  return {
    ...storage,
    url,
    close: async () => {
      await storage.close();
      const client = new pg.Client({ connectionString: target.adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * An embedded PGlite database with the template's contents, whatever the run's target: loaded
 * from the template dump when the run is on PGlite, built the same way otherwise.
 */
export async function clonePglite(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const target = inject('database');
  if (target.kind === 'pglite') {
    const pglite = await createPglite({ loadDataDir: new Blob([readFileSync(target.templateDump)]) });
    return openStorage({ pglite, log: options.log, onSend: options.onSend });
  }
  const storage = await openStorage({ pglite: await createPglite(), migrate: true, log: options.log, onSend: options.onSend });
  await ensureSigningKeys(storage.db, TEST_SIGNING_KEY_OPTIONS);
  await seedDemoNetwork({ db: storage.db, demoPassword: DEMO_PASSWORD });
  return storage;
}

/** An agency's id by its slug, read as the test database's owner. */
export async function agencyIdOf(db: Db, slug: string): Promise<string> {
  return (await sql<{ id: string }>`select id from agencies where slug = ${slug}`.execute(db)).rows[0]!.id;
}

/** The two engines a rule must hold on, for `describe.each`: the run's database (PostgreSQL when a server is found) and embedded PGlite. */
export const BOTH_ENGINES: Array<[string, (options?: TestDatabaseOptions) => Promise<TestDatabase>]> = [
  ['the run database (PostgreSQL when a server is found)', createTestDatabase],
  ['embedded PGlite', clonePglite],
];
