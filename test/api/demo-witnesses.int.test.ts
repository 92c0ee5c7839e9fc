import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, HubProcess } from '../support/hub-process';
import { freePort } from '../support/private-postgres';

/**
 * The demo network as `pnpm start` runs it: two agencies' witnesses (IOM's and UNHCR's) cosign its
 * access log beside the hub, over HTTP, as their own systems would. And an agency's own witness,
 * run from the command line as its README section says (`ponte witness init`, then `run --once`).
 */
const ROOT = resolve(import.meta.dirname, '../..');
const PASSWORD = 'ponte-demo-2026';
let hub: HubProcess;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ponte-witnesses-'));
  const port = await freePort();
  hub = new HubProcess(await buildHub('witnesses'), {
    PORT: String(port),
    HOST: '127.0.0.1',
    PONTE_DATA_DIR: 'memory://',
    LOG_LEVEL: 'warn',
    PONTE_SEAL_INTERVAL_MS: '300',
    PONTE_DEMO_WITNESS_INTERVAL_MS: '1000',
    PONTE_LOG_WITNESSES_REQUIRED: '2',
  });
  await hub.start();
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function token(body: Record<string, string>, basic?: string): Promise<string> {
  const res = await fetch(`${hub.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(basic ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {}) },
    body: new URLSearchParams(body).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('witnesses of the demo network', () => {
  it('IOM’s and UNHCR’s witnesses cosign the log as it grows: the checkpoint is witnessed by two agencies', async () => {
    const caseworker = await token({ grant_type: 'password', agency: 'iom', username: 'caseworker', password: PASSWORD });
    const officer = await token({ grant_type: 'password', agency: 'iom', username: 'privacy', password: PASSWORD });
    for (let i = 0; i < 5; i++) await fetch(`${hub.url}/v1/subjects`, { headers: { authorization: `Bearer ${caseworker}` } });
    let witnessed: Response | undefined;
    for (const started = Date.now(); Date.now() - started < 30_000; await new Promise((r) => setTimeout(r, 500))) {
      witnessed = await fetch(`${hub.url}/v1/log/checkpoint?witnessed=true`, { headers: { authorization: `Bearer ${officer}` } });
      if (witnessed.status === 200) break;
    }
    expect(witnessed?.status).toBe(200);
    expect(witnessed!.headers.get('ponte-witnessed-by')).toBe('2');
    const lines = (await witnessed!.text()).trimEnd().split('\n');
    expect(lines.filter((l) => /^\u2014 witness\.(iom|unhcr)\.demo\/ponte /.test(l))).toHaveLength(2);
    const keys = (await (await fetch(`${hub.url}/v1/log/witness-keys`, { headers: { authorization: `Bearer ${officer}` } })).json()) as { items: Array<{ name: string }> };
    expect(keys.items.map((k) => k.name).sort()).toEqual(['witness.iom.demo/ponte', 'witness.unhcr.demo/ponte']);
  }, 60_000);

  it('an agency runs its own witness from the command line: init, register, run once', async () => {
    const cli = (args: string[], env: Record<string, string> = {}) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'services/hub/src/cli.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } }).then(
        (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
      );
    const key = join(dir, 'unicef.pem');
    const init = await cli(['witness', 'init', '--key', key, '--name', 'witness.unicef.example/ponte']);
    expect(init.code).toBe(0);
    const verifierKey = init.out.trim();
    expect(verifierKey).toMatch(/^witness\.unicef\.example\/ponte\+[0-9a-f]{8}\+/);
    const admin = await token({ grant_type: 'password', agency: 'unicef', username: 'admin', password: PASSWORD });
    const registered = await fetch(`${hub.url}/v1/log/witness-keys`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ verifierKey }) });
    expect(registered.status).toBe(201);
    const run = await cli(['witness', 'run', '--hub', hub.url, '--key', key, '--name', 'witness.unicef.example/ponte', '--state', join(dir, 'unicef.state.json'), '--once'], {
      PONTE_WITNESS_CLIENT_ID: 'unicef.demo',
      PONTE_WITNESS_CLIENT_SECRET: `unicef-${PASSWORD}`,
    });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('"outcome":"cosigned"');
    // Without its client, it says what to set.
    expect((await cli(['witness', 'run', '--hub', hub.url, '--key', key, '--name', 'x', '--state', join(dir, 'x.json'), '--once'])).err).toContain('PONTE_WITNESS_CLIENT_ID');
    // An operator's mistakes: one line and exit 2, never a stack trace; nothing overwritten.
    const client = { PONTE_WITNESS_CLIENT_ID: 'unicef.demo', PONTE_WITNESS_CLIENT_SECRET: `unicef-${PASSWORD}` };
    const runArgs = ['witness', 'run', '--hub', hub.url, '--key', key, '--name', 'witness.unicef.example/ponte', '--state', join(dir, 'unicef.state.json'), '--once'];
    // Each is a command of its own, refused before it writes anything: run side by side (a cold CLI start is seconds on a busy machine).
    const mistakes = [
      ['an existing key file', ['witness', 'init', '--key', key, '--name', 'w.example'], {}, 'is never overwritten'],
      ['a folder that is not there', ['witness', 'init', '--key', join(dir, 'none', 'w.pem'), '--name', 'w.example'], {}, 'no such file or folder'],
      ['a name with a space', ['witness', 'init', '--key', join(dir, 'spaced.pem'), '--name', 'a b'], {}, '--name is a key name'],
      ['an unknown option', [...runArgs, '--bogus'], client, 'unknown option --bogus'],
      ['a hub key that is none', [...runArgs, '--hub-key', 'garbage'], client, '--hub-key is'],
      ['a key file that is not a key', ['witness', 'run', '--hub', hub.url, '--key', join(dir, 'unicef.state.json'), '--name', 'w.example', '--state', join(dir, 'y.json'), '--once'], client, 'not an Ed25519 private key'],
    ] as const;
    const results = await Promise.all(mistakes.map(([, args, env]) => cli([...args], env)));
    for (const [i, [what, , , says]] of mistakes.entries()) {
      expect(results[i]!.code, what).toBe(2);
      expect(results[i]!.err, what).toContain(says);
      expect(results[i]!.err, what).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});
