import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, HubProcess } from '../support/hub-process';
import { freePort } from '../support/private-postgres';

/**
 * The README's "Calling the API" section, run word for word: every `sh` block in it, in order, in
 * one shell, against the hub started as its own process (embedded storage, the demo network); only
 * the address is the test's. Each command must succeed, and the checks it prints must hold. Its
 * TypeScript examples of the SDK run as written too, with `@ponte/client` resolved to this checkout.
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

/** The section's TypeScript blocks, each as a module on disk that imports the SDK of this checkout. */
function typescriptExamples(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Calling the API'), readme.indexOf('## The console'));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => {
    const file = join(dir, `example-${i}.mts`);
    writeFileSync(file, m[1]!.replaceAll("from '@ponte/client'", `from '${join(ROOT, 'packages/client/src/index.ts')}'`).replaceAll('http://127.0.0.1:8080', hub.url));
    return file;
  });
}
const TSX = join(ROOT, 'node_modules/.bin/tsx');

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

  it('runs the SDK example as written: a referral sent by one system, accepted by the other, and the events polled', () => {
    const [integration] = typescriptExamples();
    const run = spawnSync(TSX, [integration!], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^referral [0-9a-f-]{36} sent$/m);
    expect(run.stdout).toMatch(/^referral [0-9a-f-]{36} accepted$/m);
    const id = /^referral ([0-9a-f-]{36}) accepted$/m.exec(run.stdout)![1]!;
    expect(run.stdout).toContain(`referral.accepted ${id}`);
    expect(run.stdout).not.toContain('ponte-demo-2026');
  }, 120_000);

  it("runs the SDK's webhook receiver as written: a signed delivery is taken once, a tampered one refused", async () => {
    const [, receiver] = typescriptExamples();
    const secret = `whsec_${Buffer.from('a webhook secret of 32 bytes....').toString('base64')}`;
    const port = await freePort();
    const child = spawn(TSX, [receiver!], { cwd: ROOT, env: { ...process.env, PONTE_WEBHOOK_SECRET: secret, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    try {
      const body = JSON.stringify({ id: 'f1d6f0de-8f4b-4c43-9a39-6f0f9a0c2b11', type: 'referral.accepted', createdAt: new Date().toISOString(), data: { referralId: 'r-1' } });
      const at = new Date();
      const headers = { 'content-type': 'application/json', 'webhook-id': 'f1d6f0de-8f4b-4c43-9a39-6f0f9a0c2b11', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign('f1d6f0de-8f4b-4c43-9a39-6f0f9a0c2b11', at, body) };
      const post = async (payload: string) => {
        for (let tries = 0; ; tries++) {
          try {
            return (await fetch(`http://127.0.0.1:${port}/ponte-events`, { method: 'POST', headers, body: payload })).status;
          } catch (error) {
            if (tries > 300) throw new Error(`the receiver did not start: ${output}`, { cause: error });
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      };
      expect(await post(body)).toBe(204);
      expect(await post(body)).toBe(204);
      expect(await post(body.replace('r-1', 'r-2'))).toBe(400);
      await new Promise((r) => setTimeout(r, 200));
      expect(output.match(/^webhook referral\.accepted \{"referralId":"r-1"\}$/gm)).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);
});
