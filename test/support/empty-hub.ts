import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Secret, TOTP } from 'otpauth';
import pg from 'pg';
import { TEST_KEY_ENCRYPTION_KEY } from './key-encryption';

/**
 * What a hub put into service from nothing needs in a test: an empty database (a new one on the
 * PostgreSQL server, or an embedded data folder), the operator's CLI as its own process, and the
 * codes a person's authenticator app would show.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface EmptyEngine {
  name: string;
  /** What the hub and the CLI are given to reach it. */
  env: Record<string, string>;
  dispose: () => Promise<void>;
}

/** A new, empty database on the PostgreSQL server, dropped by `dispose`. */
export async function emptyPostgres(): Promise<EmptyEngine> {
  const name = `ponte_empty_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1000)}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return {
    name: 'PostgreSQL',
    env: { DATABASE_URL: url.toString(), PONTE_KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY },
    dispose: async () => {
      const again = new pg.Client({ connectionString: SERVER });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

/** An empty embedded data folder, removed by `dispose`. */
export async function emptyEmbedded(): Promise<EmptyEngine> {
  const dir = await mkdtemp(join(tmpdir(), 'ponte-empty-'));
  return { name: 'PGlite', env: { PONTE_DATA_DIR: join(dir, 'data'), PONTE_LOG_ARCHIVE_DIR: join(dir, 'archives') }, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** `ponte <args>` as an operator runs it, with only these settings in its environment. */
export const ponteCli = (args: string[], env: Record<string, string>) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'services/hub/src/cli.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } }).then(
    (out) => ({ code: 0, stdout: out.stdout, stderr: out.stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

/** The code an authenticator app shows now for this base-32 secret (RFC 6238, as the hub enrols it). */
export const totpNow = (secret: string, offsetSteps = 0) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
