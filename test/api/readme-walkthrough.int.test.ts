import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, HubProcess } from '../support/hub-process';
import { freePort } from '../support/private-postgres';

/**
 * The README's "Calling the API" section, run word for word: every `sh` block in it, in order, in
 * one shell, against the hub started as its own process (embedded storage, the demo network); only
 * the address is the test's. Each command must succeed, and the checks it prints must hold.
 */
const ROOT = resolve(import.meta.dirname, '../..');
let hub: HubProcess;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ponte-readme-'));
  const port = await freePort();
  hub = new HubProcess(await buildHub('readme'), { PORT: String(port), HOST: '127.0.0.1', PONTE_DATA_DIR: 'memory://', LOG_LEVEL: 'warn' });
  await hub.start();
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the README's walk-through", () => {
  it('runs as written, and the leaf a privacy officer recomputes matches the hub’s', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Calling the API'), readme.indexOf('## The console'));
    const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const script = ['set -euo pipefail', ...blocks].join('\n').replaceAll('http://127.0.0.1:8080', hub.url);
    const run = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 90_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('the leaf matches');
    expect(run.stdout).not.toContain('THE LEAF DIFFERS');
    // The referral went out, and the log verifies.
    expect(run.stdout).toMatch(/"status":"sent"/);
    expect(run.stdout).toMatch(/"ok":true/);
  }, 120_000);
});
