import { spawn, type ChildProcess } from 'node:child_process';
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
  const child: ChildProcess = spawn(HAPROXY, ['-f', file, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${output}`);
    if ((await fetch(`${url}/readyz`).then((r) => r.status, () => 0)) === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
