import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { bundle } from '@ponte/hub/build';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Builds the hub as `pnpm build` does, into a folder of its own (so a concurrent build is not
 * disturbed); the bundle resolves its outside dependencies from the hub's package.
 */
export async function buildHub(name: string): Promise<string> {
  const outfile = resolve(ROOT, 'services/hub/dist', name, 'hub.mjs');
  await bundle(resolve(ROOT, 'services/hub/src/main.ts'), outfile);
  return outfile;
}

/**
 * The hub as its own process, as an operator runs it (`node services/hub/dist/hub.mjs`), that a
 * test can kill with SIGKILL and start again. Its log lines are kept for the test to read.
 */
export class HubProcess {
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  readonly logs: string[] = [];
  readonly url: string;

  constructor(
    private readonly entry: string,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${env.PORT}`;
  }

  /** Starts the process and waits until `/readyz` answers 200. */
  async start(timeoutMs = 90_000): Promise<void> {
    const child = spawn(process.execPath, [this.entry], { cwd: ROOT, env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    const keep = (chunk: Buffer) => {
      this.logs.push(chunk.toString('utf8'));
      if (this.logs.length > 5000) this.logs.splice(0, 1000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.#exited = new Promise((done) => child.once('exit', () => done()));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the hub exited with ${child.exitCode}:\n${this.logs.slice(-20).join('')}`);
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the hub did not become ready:\n${this.logs.slice(-20).join('')}`);
  }

  /** SIGKILL: no shutdown, requests in flight cut. */
  async kill(): Promise<void> {
    this.#child?.kill('SIGKILL');
    await this.#exited;
  }

  /** SIGTERM: the hub finishes what is in flight and closes its storage. */
  async stop(): Promise<void> {
    this.#child?.kill('SIGTERM');
    await this.#exited;
  }
}
