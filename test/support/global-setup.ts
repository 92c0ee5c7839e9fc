import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoNetwork, ensureSigningKeys } from '@ponte/core';
import { createPglite, openStorage } from '@ponte/db';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { DEMO_PASSWORD } from './constants';
import { TEST_SIGNING_KEY_OPTIONS } from './key-encryption';
import { canConnect, describeTarget, withDatabase, type DatabaseTarget } from './targets';

declare module 'vitest' {
  export interface ProvidedContext {
    database: DatabaseTarget;
  }
}

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Chooses where integration tests run, in this order: TEST_DATABASE_URL or DATABASE_URL;
 * a PostgreSQL container when a Docker engine answers; the server on 127.0.0.1:5432;
 * embedded PGlite (or PGlite straight away with TEST_DATABASE=pglite). Builds one migrated template with the demo network, from which each
 * test file clones its own database.
 */
export default async function setup(project: TestProject) {
  const cleanups: Array<() => Promise<void>> = [];
  let adminUrl: string | undefined;
  let source: 'env' | 'testcontainers' | 'local server' = 'env';

  const fromEnv = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (process.env.TEST_DATABASE === 'pglite') {
    // Forced: run everything on embedded PGlite, as a machine without any server would.
  } else if (fromEnv) {
    adminUrl = fromEnv;
  } else if (await dockerAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    cleanups.push(async () => void (await container.stop()));
    adminUrl = container.getConnectionUri();
    source = 'testcontainers';
  } else if (await canConnect(LOCAL_SERVER)) {
    adminUrl = LOCAL_SERVER;
    source = 'local server';
  }

  let target: DatabaseTarget;
  if (adminUrl) {
    const template = `ponte_template_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${template}`);
    await admin.end();
    const storage = await openStorage({ databaseUrl: withDatabase(adminUrl, template), migrate: true, poolSize: 2 });
    await ensureSigningKeys(storage.db, TEST_SIGNING_KEY_OPTIONS);
    await seedDemoNetwork({ db: storage.db, demoPassword: DEMO_PASSWORD });
    await storage.close();
    target = { kind: 'postgres', adminUrl, source, template };
    cleanups.push(async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(
        `select datname from pg_database where datname = $1 or datname like $2`,
        [template, `${template}_f%`],
      );
      for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
      await client.end();
    });
  } else {
    const pglite = await createPglite();
    const storage = await openStorage({ pglite, migrate: true });
    await ensureSigningKeys(storage.db, TEST_SIGNING_KEY_OPTIONS);
    await seedDemoNetwork({ db: storage.db, demoPassword: DEMO_PASSWORD });
    const dump = await pglite.dumpDataDir('none');
    await storage.close();
    const dir = mkdtempSync(join(tmpdir(), 'ponte-test-'));
    const templateDump = join(dir, 'template.tar');
    writeFileSync(templateDump, Buffer.from(await dump.arrayBuffer()));
    target = { kind: 'pglite', templateDump };
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  }

  console.log(`\nIntegration tests run on ${describeTarget(target)}; each test file clones its own database.\n`);
  project.provide('database', target);

  return async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000).unref());
    await Promise.race([getContainerRuntimeClient(), timeout]);
    return true;
  } catch {
    return false;
  }
}
