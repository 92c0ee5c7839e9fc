import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../support/private-postgres';

/**
 * A real Prometheus of the test's own: its configuration and data in a temporary folder, listening
 * on a free port on 127.0.0.1, scraping the targets it is given. `stop()` ends it (SIGTERM, then
 * SIGKILL) and removes the folder; should a test forget, or this process be killed, a watchdog does.
 */
export const PROMETHEUS_BINARY = '/usr/bin/prometheus';

export interface PrometheusOptions {
  /** `host:port` of each target, all in one scrape job. */
  targets: string[];
  scrapeIntervalSeconds: number;
  /** Sent as `Authorization: Bearer <token>` on every scrape (from a file only this process reads). */
  bearerToken?: string;
  /** The scrape job's name; `ponte-hub` by default, as the alerts expect. */
  job?: string;
  metricsPath?: string;
  /** Rule files to load (alerts.yml), evaluated every scrape interval. */
  ruleFiles?: string[];
}

/** The `data` of an `/api/v1/query` answer. */
export type QueryResult =
  | { resultType: 'vector'; result: Array<{ metric: Record<string, string>; value: [number, string] }> }
  | { resultType: 'matrix'; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

export interface RunningPrometheus {
  url: string;
  /** An instant query at the current time; throws with Prometheus' error when it refuses the query. */
  query(promql: string): Promise<QueryResult>;
  /** Waits until every target has been scraped at least `count` times (successfully or not). */
  waitForScrapes(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
/** Once its stdin ends: kill Prometheus ($1), give it up to 5 s to be gone, remove its folder ($2). */
const WATCHDOG = 'cat >/dev/null; kill -KILL "$1" 2>/dev/null; for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done; rm -rf "$2"';
const STOP_GRACE_MS = 3_000;

export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-prometheus-'));
  const job = options.job ?? 'ponte-hub';
  const interval = `${options.scrapeIntervalSeconds}s`;
  const scrape: Record<string, unknown> = {
    job_name: job,
    metrics_path: options.metricsPath ?? '/metrics',
    scrape_interval: interval,
    scrape_timeout: interval,
    static_configs: [{ targets: options.targets }],
  };
  if (options.bearerToken !== undefined) {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, options.bearerToken, { mode: 0o600 });
    scrape.authorization = { type: 'Bearer', credentials_file: tokenFile };
  }
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval },
    rule_files: (options.ruleFiles ?? []).map((file) => resolve(file)),
    scrape_configs: [scrape],
  };
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, stringify(config));

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    PROMETHEUS_BINARY,
    [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr = (stderr + chunk).slice(-8_000)));
  // 'exit', or 'error' alone when it could not be started at all.
  const exited = new Promise<void>((done) => {
    child.once('exit', () => done());
    child.once('error', (error) => {
      stderr += `\n${String(error)}`;
      done();
    });
  });
  let running = true;
  void exited.then(() => void (running = false));

  // Should the test process end without stop(), even killed, the server and its folder go with it:
  // a watchdog waits for the end of a pipe only this process holds open.
  const watchdog = spawn('/bin/sh', ['-c', WATCHDOG, 'prometheus-watchdog', String(child.pid), dir], { stdio: ['pipe', 'ignore', 'ignore'] });
  const watchdogExited = new Promise<void>((done) => watchdog.once('exit', () => done()));
  // Unreferenced, so that a test process that forgot stop() can still end (and the watchdog act).
  child.unref();
  watchdog.unref();
  for (const stream of [child.stderr, watchdog.stdin] as unknown as Array<{ unref(): void }>) stream.unref();

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Referenced again, so that this process waits for their ends.
    child.ref();
    watchdog.ref();
    if (running) await end(child, exited);
    // The watchdog's shell first, then its pipe, so its `cat` ends and no kill follows.
    watchdog.kill('SIGKILL');
    await watchdogExited;
    watchdog.stdin!.destroy();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(url, () => running, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }

  const query = async (promql: string): Promise<QueryResult> => {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
    const body = (await response.json()) as { status: string; data?: QueryResult; errorType?: string; error?: string };
    if (body.status !== 'success' || !body.data) throw new Error(`Prometheus refused ${promql}: ${body.errorType}: ${body.error}`);
    return body.data;
  };

  const waitForScrapes = async (count: number, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    let seen: QueryResult | undefined;
    while (Date.now() < deadline) {
      seen = await query(`count_over_time(up{job="${job}"}[1h])`);
      if (seen.resultType === 'vector' && seen.result.length === options.targets.length && seen.result.every((s) => Number(s.value[1]) >= count)) return;
      await sleep(200);
    }
    throw new Error(`the targets were not scraped ${count} times within ${timeoutMs} ms: ${JSON.stringify(seen)}`);
  };

  return { url, query, waitForScrapes, stop };
}

/** Waits for `/-/ready`; fails with Prometheus' own words if it exits first or never gets there. */
async function waitUntilReady(url: string, running: () => boolean, stderr: () => string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!running()) throw new Error(`prometheus exited before it was ready:\n${stderr()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`prometheus was not ready within ${READY_TIMEOUT_MS} ms:\n${stderr()}`);
}

/** SIGTERM, and SIGKILL if it has not exited after a grace period. */
async function end(child: ChildProcess, exited: Promise<void>) {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Whether the harness can run here. */
export const prometheusInstalled = () => existsSync(PROMETHEUS_BINARY);

/** The running Prometheus, or a skip without one, except in CI, where its absence is a failure. */
export function needPrometheus(ctx: { skip: (note?: string) => never }, running: RunningPrometheus | undefined): RunningPrometheus {
  if (running) return running;
  if (process.env.CI) throw new Error(`${PROMETHEUS_BINARY} is missing: install it with \`apt-get install -y prometheus\` (.ci/run does)`);
  return ctx.skip(`${PROMETHEUS_BINARY} is not installed (apt-get install -y prometheus)`);
}

/** The series of an instant query's answer, which must be a vector. */
export const vectorOf = (result: QueryResult) => {
  if (result.resultType !== 'vector') throw new Error(`expected a vector, got ${result.resultType}`);
  return result.result;
};
