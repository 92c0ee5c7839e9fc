import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EMBEDDED_KEY_ENCRYPTION_KEY_FILE, KeyEncryptionKey } from '@ponte/auth';
import { openStorage } from '@ponte/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { buildHub, HubProcess } from '../support/hub-process';
import { TEST_KEY_ENCRYPTION_KEY } from '../support/key-encryption';
import { freePort } from '../support/private-postgres';

/**
 * The hub and the operator's `ponte keys` as their own processes, as an operator runs them: on
 * PostgreSQL the hub refuses to start without the key-encryption key, or with one that does not
 * open its keys, in one line naming the setting; the embedded default needs no setting and keeps
 * the key it made; a rotation while one is pending is refused with a non-zero exit.
 */

// Each process here gets exactly the settings its test gives, none inherited from the run.
for (const name of ['DATABASE_URL', 'PONTE_MIGRATION_DATABASE_URL', 'PONTE_DATA_DIR', 'PONTE_KEY_ENCRYPTION_KEY', 'PONTE_KEY_ENCRYPTION_KEY_FILE', 'PONTE_PUBLIC_URL']) delete process.env[name];

const ROOT = resolve(import.meta.dirname, '../..');
const QUIET = { HOST: '127.0.0.1', PONTE_SEED_DEMO: 'false', PONTE_WORKER: 'off', LOG_LEVEL: 'info' };

/** Runs a process to its end: exit code, standard output and error. */
function run(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${args.join(' ')} did not end within ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

const ponte = (args: string[], env: Record<string, string>) => run([resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'services/hub/src/cli.ts', ...args], env);

let entry: string;
beforeAll(async () => {
  entry = await buildHub('key-lifecycle');
}, 120_000);

// A server of its own is what the hub refuses to start on without a key-encryption key.
describe.skipIf(inject('database').kind !== 'postgres')('the hub on PostgreSQL', () => {
  let database: TestDatabase;
  const keyRows = async () => (await sql<{ kid: string }>`select * from signing_keys order by kid`.execute(database.db)).rows;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  const refusals: Array<[string, Record<string, string>, RegExp]> = [
    ['without a key-encryption key', {}, /PONTE_KEY_ENCRYPTION_KEY \(or PONTE_KEY_ENCRYPTION_KEY_FILE\) is required on PostgreSQL/],
    ['with another key-encryption key', { PONTE_KEY_ENCRYPTION_KEY: KeyEncryptionKey.generate().text }, /sealed under another key-encryption key.*PONTE_KEY_ENCRYPTION_KEY/],
    ['with a key-encryption key that is not 32 bytes of base64', { PONTE_KEY_ENCRYPTION_KEY: 'not a key at all' }, /PONTE_KEY_ENCRYPTION_KEY is not base64/],
    ['with a key-encryption key file that is not there', { PONTE_KEY_ENCRYPTION_KEY_FILE: '/nonexistent/ponte-kek' }, /PONTE_KEY_ENCRYPTION_KEY_FILE names \/nonexistent\/ponte-kek, which cannot be read/],
  ];
  it.each(refusals)('refuses to start %s, in one line naming the setting, and changes no key', async (_case, settings, message) => {
    const before = await keyRows();
    const { code, stderr } = await run([entry], { ...QUIET, PORT: String(await freePort()), DATABASE_URL: database.url!, ...settings });
    expect(code).not.toBe(0);
    const refusal = stderr.split('\n').filter((line) => line.startsWith('ponte: refusing to start'));
    expect(refusal).toHaveLength(1);
    expect(refusal[0]).toMatch(message);
    // The key itself is never in what the hub says.
    if (settings.PONTE_KEY_ENCRYPTION_KEY) expect(stderr).not.toContain(settings.PONTE_KEY_ENCRYPTION_KEY);
    expect(await keyRows()).toEqual(before);
  }, 90_000);

  it('starts with its key-encryption key in a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-kek-'));
    try {
      writeFileSync(join(dir, 'kek'), `${TEST_KEY_ENCRYPTION_KEY}\n`, { mode: 0o600 });
      const hub = new HubProcess(entry, { ...QUIET, PORT: String(await freePort()), DATABASE_URL: database.url!, PONTE_KEY_ENCRYPTION_KEY_FILE: join(dir, 'kek') });
      await hub.start();
      const jwks = (await (await fetch(`${hub.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
      expect(jwks.keys.map((k) => k.kid)).toEqual((await keyRows()).map((r) => r.kid));
      await hub.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('ponte keys: rotate publishes a pending key; a second rotation is refused, exit 1, nothing changed; list shows states and no key material', async () => {
    const env = { DATABASE_URL: database.url!, PONTE_KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY, PONTE_PUBLIC_URL: 'https://ponte.example.org' };
    const [signing] = await keyRows();
    const rotated = await ponte(['keys', 'rotate', '--prepublish-hours', '12'], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(new RegExp(`key (\\S+) is published now and signs from \\S+; key ${signing!.kid} then becomes verification-only`));
    expect(rotated.stdout).toMatch(/checkpoint verifier key for witnesses .*: ponte\.example\.org\+[0-9a-f]{8}\+/);
    const after = await keyRows();
    expect(after).toHaveLength(2);

    const again = await ponte(['keys', 'rotate', '--prepublish-hours', '0'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/refused, nothing changed: key \S+ is still pending/);
    expect(await keyRows()).toEqual(after);

    const listed = await ponte(['keys', 'list'], { DATABASE_URL: database.url! });
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^KID\s+STATE\s+CREATED\s+SIGNS FROM$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[1])).toEqual(['pending', 'signing']);
    for (const line of lines.slice(1)) expect(line).toMatch(/^[A-Za-z0-9_-]{43}\s+(pending|signing)\s+\S+Z\s+\S+Z$/);

    expect((await ponte(['keys', 'rotate', '--prepublish-hours', '-3'], env)).code).toBe(2);
    expect((await ponte(['keys', 'retire'], env)).code).toBe(2);
    expect(await keyRows()).toEqual(after);
  }, 120_000);
});

describe('the embedded default', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ponte-embedded-keys-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts with no setting at all, making its key-encryption key (0600) on first start and reusing it after', async () => {
    const start = async () => {
      const hub = new HubProcess(entry, { ...QUIET, PORT: String(await freePort()), PONTE_DATA_DIR: dataDir });
      await hub.start();
      const kid = ((await (await fetch(`${hub.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys[0]!.kid;
      await hub.stop();
      return { logs: hub.logs.join(''), kid };
    };
    const first = await start();
    const file = join(dataDir, EMBEDDED_KEY_ENCRYPTION_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const kek = readFileSync(file, 'utf8');
    expect(first.logs).toContain('signing_keys.kek_created');

    const second = await start();
    expect(readFileSync(file, 'utf8')).toBe(kek);
    expect(second.logs).not.toContain('signing_keys.kek_created');
    expect(second.kid).toBe(first.kid);

    const storage = await openStorage({ dataDir });
    try {
      const [row] = (await sql<Record<string, unknown>>`select * from signing_keys`.execute(storage.db)).rows;
      expect(row).toMatchObject({ kid: first.kid, private_jwk: null, kek_id: KeyEncryptionKey.parse(kek, 'the file').id });
    } finally {
      await storage.close();
    }
  }, 180_000);
});
