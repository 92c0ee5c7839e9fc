import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/private-postgres';

export const HAPROXY = '/usr/sbin/haproxy';

/** Whether Debian's HAProxy is installed (`apt-get install -y haproxy`; .ci/run installs it). */
export const haproxyInstalled = () => existsSync(HAPROXY);

export interface RunningHaproxy {
  url: string;
  stop(): Promise<void>;
}

/**
 * HAProxy in front of `backends` (host:port), round robin, on a free port of 127.0.0.1, with its
 * configuration in a temporary folder: HTTP mode, `X-Forwarded-For` added (the hubs trust
 * 127.0.0.1 as their proxy), and a health check of each backend's `/readyz`.
 */
export async function startHaproxy(backends: string[]): Promise<RunningHaproxy> {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-haproxy-'));
  const port = await freePort();
  const config = [
    'global',
    '  maxconn 256',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  option forwardfor',
    'frontend ponte',
    `  bind 127.0.0.1:${port}`,
    '  default_backend hubs',
    'backend hubs',
    '  balance roundrobin',
    // HAProxy's own check: HTTP/1.0, no Host header.
    '  option httpchk GET /readyz',
    ...backends.map((backend, i) => `  server hub${i + 1} ${backend} check inter 1s`),
    '',
  ].join('\n');
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const running = await runHaproxy(file, {}, `http://127.0.0.1:${port}/readyz`);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * HAProxy on `file`, with `env` for the "${VAR}"s it names, until `stop`; answers once `readyUrl`
 * gives 200 through it (or after 10 s, for a test to see why not).
 */
export async function runHaproxy(file: string, env: Record<string, string>, readyUrl: string): Promise<{ stop(): Promise<void>; output(): string }> {
  const check = spawnSync(HAPROXY, ['-c', '-q', '-f', file], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy -c refused ${file}: ${check.stderr}${check.stdout}`);
  const child: ChildProcess = spawn(HAPROXY, ['-f', file, '-db'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${output}`);
    if ((await fetch(readyUrl).then((r) => r.status, () => 0)) === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
