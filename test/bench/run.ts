/**
 * `pnpm bench [--scale tiny|small|large] [--duration seconds] [--connections n] [--only a,c]
 * [--reuse] [--profile] [--month-events n] [--socket dir] [--hub-heap MiB] [--observability-rounds n]`: builds its own
 * database on the PostgreSQL server (DATABASE_URL, else 127.0.0.1:5432), loads a dataset in bulk,
 * starts the hub and a bare hono + pg baseline as separate processes, loads both from this one
 * (autocannon) alternately, and prints every figure with its ratio to the baseline. Results are
 * also written to bench-results/. `--reuse` keeps a dataset an earlier run of the same scale
 * loaded; `--only` runs some scenarios; `--profile` writes the hub's CPU profile to
 * bench-results/profiles/ (open it in Chrome DevTools or summarise it with `profile-summary.ts`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { archiveExpiredMonths, inclusionRanges, sealLog, TileReader, verifyLog } from '@ponte/audit';
import { TokenService } from '@ponte/auth';
import { ensureSigningKeys, seedDemoNetwork } from '@ponte/core';
import { bundle } from '@ponte/hub/build';
import { explainSealBatch, latestHead, openStorage, tilesAt, withoutTenant } from '@ponte/db';
import { defineAbilityFor, tag } from '@ponte/policy';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { TEST_KEY_ENCRYPTION_KEY, TEST_SIGNING_KEY_OPTIONS } from '../support/key-encryption';
import { generate, type Scale } from './generate';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const scale = option('scale', 'small') as Scale;
const duration = Number(option('duration', '10'));
const connections = Number(option('connections', '32'));
const only = option('only', 'a,b,c,d,e,f,g,h,i,j').split(',');
const reuse = args.includes('--reuse');
const profile = args.includes('--profile');
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * `--hub-heap MiB`: the built hub's cap on V8's old generation (`--max-old-space-size`); by default
 * the one `pnpm serve` starts it with, `0` for none.
 */
const servedHeap = /--max-old-space-size=(\d+)/.exec((JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.serve ?? '')?.[1];
const hubHeap = Number(option('hub-heap', servedHeap ?? '0'));
/** `--socket /var/run/postgresql`: the hub and the baseline reach PostgreSQL by its Unix-domain socket. */
const socket = option('socket', '');
const database = `ponte_bench_${scale}`;
const url = (() => {
  const u = new URL(server);
  u.pathname = `/${database}`;
  return u.toString();
})();
/** Where the servers under load connect: over TCP as the loader does, or by the socket. */
const serversUrl = (() => {
  const u = new URL(url);
  if (socket) u.searchParams.set('host', socket);
  return u.toString();
})();
const HUB_PORT = 18080;
const BASE_PORT = 18099;
const root = resolve(import.meta.dirname, '../..');

async function prepare() {
  if (reuse) {
    const kept = await openStorage({ databaseUrl: url, poolSize: 4 }).then(async (storage) => {
      const row = await sql<{ sizes: Awaited<ReturnType<typeof generate>> }>`select sizes from bench_dataset`.execute(storage.db).then((r) => r.rows[0], () => undefined);
      if (row) return { storage, sizes: row.sizes };
      await storage.close();
      return undefined;
    });
    if (kept) {
      process.stderr.write(`dataset ${scale}: reusing the one in ${database}\n`);
      return kept;
    }
  }
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.query(`create database ${database}`);
  await admin.end();
  const storage = await openStorage({ databaseUrl: url, migrate: true, poolSize: 4 });
  await ensureSigningKeys(storage.db, TEST_SIGNING_KEY_OPTIONS);
  await seedDemoNetwork({ db: storage.db, demoPassword: 'bench-password-1' });
  process.stderr.write(`dataset ${scale}:\n`);
  const started = performance.now();
  const sizes = await generate(storage.db, scale);
  process.stderr.write(`  loaded in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  // Marks the dataset complete, for --reuse.
  await sql`create table bench_dataset as select ${JSON.stringify(sizes)}::jsonb as sizes`.execute(storage.db);
  return { storage, sizes };
}

/** Starts a server as its own process and waits until `readyUrl` answers 200 (at most a minute). */
const stderrOf = new Map<ChildProcess, () => string>();
const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

async function start(name: string, command: string[], env: Record<string, string>, readyUrl: string): Promise<ChildProcess> {
  // Something already answering there would be measured instead: refuse to go on.
  const taken = await fetch(readyUrl).then(() => true, () => false);
  if (taken) throw new Error(`${name}: something already listens at ${readyUrl}; stop it first`);
  const child = spawn(command[0]!, command.slice(1), { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  stderrOf.set(child, () => output);
  for (let i = 0; i < 600; i++) {
    if (exited !== null) throw new Error(`${name} exited (${exited}): ${output}`);
    try {
      if ((await fetch(readyUrl)).status === 200) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`${name} did not come up: ${output}`);
}

interface Figure {
  scenario: string;
  side: 'hub' | 'baseline';
  /** Concurrent connections of the load. */
  clients: number;
  rps: number;
  /** Requests answered in the load. */
  total?: number;
  p50: number;
  p95?: number;
  p99: number;
  errors: number;
  /** Round trips to the database a request makes. */
  trips?: number;
  /** Statements a request sends (a list sent as one round trip holds several). */
  statements?: number;
}

/**
 * The round trips to the database one request of a load makes, and the statements it sends, as
 * the server tells it in `Server-Timing` (the hub with PONTE_SERVER_TIMING, the baseline always):
 * the fewest of three.
 */
async function roundTrips(options: autocannon.Options): Promise<{ trips: number; statements: number } | undefined> {
  const counts: Array<{ trips: number; statements: number }> = [];
  for (let i = 0; i < 3; i++) {
    const template = options.requests?.[0];
    const setup = template?.setupRequest as ((request: autocannon.Request, context: object) => autocannon.Request) | undefined;
    const request = (setup ? setup({ ...template } as autocannon.Request, {}) : (template ?? {})) as autocannon.Request;
    const url = request.path ? new URL(request.path, options.url as string) : new URL(options.url as string);
    const res = await fetch(url, {
      method: request.method ?? 'GET',
      headers: { ...(options.headers as Record<string, string>), ...(request.headers as Record<string, string>) },
      ...(request.body ? { body: request.body as string } : {}),
    });
    await res.arrayBuffer();
    const told = /desc="(\d+) round trips, (\d+) statements"/.exec(res.headers.get('server-timing') ?? '');
    if (told) counts.push({ trips: Number(told[1]), statements: Number(told[2]) });
  }
  return counts.sort((a, b) => a.trips - b.trips || a.statements - b.statements)[0];
}

async function load(title: string, side: 'hub' | 'baseline', options: autocannon.Options, clients = connections, seconds = duration): Promise<Figure> {
  const use = clients === 1 ? undefined : await roundTrips(options);
  // Every response time, for exact percentiles (autocannon's own table has no p95).
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon({ ...options, connections: clients, duration: seconds }, (error, finished) => (error ? fail(error) : done(finished)));
    instance.on('response', (_client, _status, _bytes, ms: number) => times.push(ms));
  });
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0) * 10) / 10;
  const non2xx = result.non2xx + result.errors;
  return { scenario: title, side, clients, rps: Math.round(result.requests.average), total: result.requests.total, p50: at(0.5), p95: at(0.95), p99: at(0.99), errors: non2xx, ...(use ?? {}) };
}

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;

async function main() {
  // Whatever else runs on the machine weighs on the figures: the load average is kept with them.
  const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
  const { storage, sizes } = await prepare();
  const db = storage.db;
  const ids = async (query: ReturnType<typeof sql<{ id: string }>>) => (await query.execute(db)).rows.map((r) => r.id);
  const iom = (await sql<{ id: string }>`select id from agencies where slug = 'iom'`.execute(db)).rows[0]!.id;
  const partner = (await sql<{ id: string }>`select id from agencies where slug = 'caminho-seguro'`.execute(db)).rows[0]!.id;
  const accepted = await ids(sql<{ id: string }>`select id from referrals where status in ('accepted', 'in_progress') and recipient_assignee_id is not null limit 5000`);
  // (b) sends each (subject, service) pair once: pairs with no open referral, shuffled, half to each
  // side, so neither runs out within the run nor sends what the other already sent.
  const services = ['legal_aid', 'reintegration_economic', 'family_tracing'];
  const pairs = (await sql<{ id: string; consent_id: string; service: string }>`
    select s.id, c.consent_id, v.service from subjects s join consents c on c.subject_id = s.id and c.agency_id = s.agency_id
    cross join unnest(${services}::text[]) as v(service)
    where s.agency_id = ${iom} and not exists (select 1 from referrals r where r.subject_id = s.id and r.service = v.service and r.status in ('draft', 'sent', 'accepted', 'in_progress'))
    order by random() limit 400000`.execute(db)).rows;
  const sendPool = { baseline: pairs.filter((_, i) => i % 2 === 0), hub: pairs.filter((_, i) => i % 2 === 1) };
  const someSubjects = await ids(sql<{ id: string }>`select subject_id as id from referrals limit 2000`);
  const iomCaseworker = (await sql<{ id: string }>`select id from users where agency_id = ${iom} and username = 'caseworker'`.execute(db)).rows[0]!.id;

  // Both servers run as built for production: one bundled module each, plain Node, no transpiling.
  const hubBundle = resolve(root, 'services/hub/dist/hub.mjs');
  const baselineBundle = resolve(root, 'test/bench/dist/baseline.mjs');
  await bundle(resolve(root, 'services/hub/src/main.ts'), hubBundle);
  await bundle(resolve(root, 'test/bench/baseline.ts'), baselineBundle);
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(root, 'bench-results', 'profiles')}`] : [];
  const heap = hubHeap > 0 ? [`--max-old-space-size=${hubHeap}`] : [];
  const hubEnv = {
    DATABASE_URL: serversUrl, PONTE_MIGRATE: 'auto', PONTE_KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY, PONTE_SEED_DEMO: 'false', PONTE_WORKER: 'off', LOG_LEVEL: 'warn',
    PONTE_SERVER_TIMING: 'true', PONTE_RATE_LIMIT_PER_MINUTE: '1000000', PONTE_TOKEN_RATE_LIMIT_PER_MINUTE: '100000', PONTE_DB_POOL_SIZE: '10', PONTE_PUBLIC_URL: `http://127.0.0.1:${HUB_PORT}`,
    // The dataset's events were loaded unsealed and no sealer runs here (f seals them on purpose): ready regardless.
    PONTE_READY_MAX_SEAL_LAG_SECONDS: '0',
  };
  const hub = await start('hub', [process.execPath, ...heap, ...profiling, hubBundle], { ...hubEnv, PORT: String(HUB_PORT) }, `http://127.0.0.1:${HUB_PORT}/readyz`);
  const baseline = await start('baseline', [process.execPath, baselineBundle], { DATABASE_URL: serversUrl, PORT: String(BASE_PORT), POOL: '10' }, `http://127.0.0.1:${BASE_PORT}/ready`);
  const token = async (agency: string, username: string) => {
    const res = await fetch(`http://127.0.0.1:${HUB_PORT}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'password', agency, username, password: 'bench-password-1' }) });
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const auth = (t: string) => ({ authorization: `Bearer ${t}` });
  const partnerCaseworker = await token('caminho-seguro', 'caseworker');
  const partnerFocal = await token('caminho-seguro', 'focal-point');
  const iomCw = await token('iom', 'caseworker');
  const iomPrivacy = await token('iom', 'privacy');
  const hubUrl = `http://127.0.0.1:${HUB_PORT}`;
  const baseUrl = `http://127.0.0.1:${BASE_PORT}`;
  const taken = { baseline: 0, hub: 0 };
  const nextPair = (side: 'baseline' | 'hub') => {
    const pool = sendPool[side];
    if (taken[side] >= pool.length) throw new Error(`(b) ran out of subjects to refer on the ${side} side: use a shorter --duration`);
    return pool[taken[side]++]!;
  };
  const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const until = new Date().toISOString();

  const scenarios: Array<{ name: string; hub: autocannon.Options; baseline?: autocannon.Options }> = [
    {
      name: 'a. audited read of a referred subject',
      hub: { url: hubUrl, requests: [{ method: 'GET', headers: auth(partnerCaseworker), setupRequest: (r) => ({ ...r, path: `/v1/referrals/${pick(accepted)}/subject` }) }] },
      baseline: { url: baseUrl, requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/referrals/${pick(accepted)}` }) }] },
    },
    {
      name: 'b. send a referral',
      hub: {
        url: hubUrl,
        requests: [{
          method: 'POST', path: '/v1/referrals', headers: { ...auth(iomCw), 'content-type': 'application/json' },
          setupRequest: (r) => {
            const s = nextPair('hub');
            return { ...r, body: JSON.stringify({ to: 'caminho-seguro', subjectId: s.id, consentId: s.consent_id, service: s.service, purpose: 'return_reintegration', urgency: 'routine', categories: ['identity', 'contact'] }) };
          },
        }],
      },
      baseline: {
        url: baseUrl,
        requests: [{
          method: 'POST', path: '/referrals', headers: { 'content-type': 'application/json' },
          setupRequest: (r) => {
            const s = nextPair('baseline');
            return { ...r, body: JSON.stringify({ subjectId: s.id, consentId: s.consent_id, service: s.service, agencyId: iom, recipientId: partner, actorId: iomCaseworker }) };
          },
        }],
      },
    },
    {
      name: 'c. inbox, 50 a page',
      hub: { url: `${hubUrl}/v1/referrals?box=inbox&limit=50`, headers: auth(partnerFocal) },
      baseline: { url: `${baseUrl}/inbox?recipient=${partner}` },
    },
    {
      name: 'd. log search by subject',
      hub: { url: hubUrl, requests: [{ method: 'GET', headers: auth(iomPrivacy), setupRequest: (r) => ({ ...r, path: `/v1/access-events?subjectId=${pick(someSubjects)}&limit=100` }) }] },
      baseline: { url: baseUrl, requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/log?agency=${iom}&subject=${pick(someSubjects)}` }) }] },
    },
    {
      name: 'd. log search by actor and time',
      hub: { url: `${hubUrl}/v1/access-events?actorId=${iomCaseworker}&from=${since}&to=${until}&limit=100`, headers: auth(iomPrivacy) },
      baseline: { url: `${baseUrl}/log?agency=${iom}&actor=${iomCaseworker}&from=${since}&to=${until}` },
    },
  ];

  const figures: Figure[] = [];
  for (const scenario of scenarios.filter((s) => only.includes(s.name[0]!))) {
    process.stderr.write(`load: ${scenario.name}\n`);
    // Alternate, so drift on the machine weighs on both sides.
    if (scenario.baseline) figures.push(await load(scenario.name, 'baseline', scenario.baseline));
    figures.push(await load(scenario.name, 'hub', scenario.hub));
  }
  // The same reads one at a time: the time a request takes when it does not queue behind 31 others.
  for (const scenario of scenarios.filter((s) => only.includes(s.name[0]!) && s.name[0] !== 'b')) {
    process.stderr.write(`load, one client: ${scenario.name}\n`);
    if (scenario.baseline) figures.push(await load(scenario.name, 'baseline', scenario.baseline, 1, Math.min(duration, 5)));
    figures.push(await load(scenario.name, 'hub', scenario.hub, 1, Math.min(duration, 5)));
  }
  if (hub.exitCode !== null) throw new Error(`the hub stopped during the load: ${stderrOf.get(hub)?.()}`);
  const rss = readFileSync(`/proc/${hub.pid}/status`, 'utf8');
  const vmHwm = Number(/VmHWM:\s+(\d+)/.exec(rss)?.[1] ?? 0) / 1024;

  // e. Policy: build an ability from facts and check once; warmed up first, then the median of
  // five runs of 20,000, so one pause of the collector does not decide it.
  let policyNs: number | null = null;
  if (only.includes('e')) {
    const principal = { kind: 'user' as const, id: iomCaseworker, agencyId: iom, roles: ['caseworker'] };
    const record = { agencyId: iom, id: someSubjects[0]!, assignedUserId: iomCaseworker, team: 'case-team', createdBy: iomCaseworker, consentedCategories: ['identity', 'contact'] };
    const buildAndCheck = () => defineAbilityFor(principal, { team: 'case-team' }).can('read', tag('Subject', record), 'identity');
    for (let i = 0; i < 5_000; i++) buildAndCheck();
    const runs = Array.from({ length: 5 }, () => {
      const started = performance.now();
      for (let i = 0; i < 20_000; i++) buildAndCheck();
      return ((performance.now() - started) * 1e6) / 20_000;
    }).sort((x, y) => x - y);
    policyNs = runs[2]!;
  }

  // f. Sealing and verification of the access log (the whole dataset was appended unsealed).
  let sealing: { events: number; seconds: number } | null = null;
  let verification: { events: number; ok: boolean; seconds: number } | null = null;
  let sealPlan: string | null = null;
  if (only.includes('f')) {
    const tokens = new TokenService({ issuer: `http://127.0.0.1:${HUB_PORT}`, audience: 'ponte-api', ttlSeconds: 60, keys: await ensureSigningKeys(db, TEST_SIGNING_KEY_OPTIONS) });
    // The plan of one batch, run and rolled back: what sealing writes (and that no event is updated).
    class RolledBack extends Error {}
    await withoutTenant(db, 'sealer', async (tx) => {
      const from = (await latestHead(tx))?.tree_size ?? 0;
      sealPlan = await explainSealBatch(tx, from, 50_000);
      throw new RolledBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
    let started = performance.now();
    let sealed = 0;
    for (;;) {
      const round = await sealLog({ db, tokens, batchSize: 50_000 });
      sealed += round.sealed;
      if (round.sealed === 0) break;
      process.stderr.write(`\r  sealing ${sealed.toLocaleString('en')}`);
    }
    sealing = { events: sealed, seconds: (performance.now() - started) / 1000 };
    process.stderr.write('\n');
    started = performance.now();
    const report = await verifyLog({ db, tokens, parallelism: 2 });
    verification = { events: report.events, ok: report.ok, seconds: (performance.now() - started) / 1000 };
  }

  // h. Inclusion proofs from the tiles: through the hub under load, and what one proof reads.
  let proofReads: { treeSize: number; tilesPerProof: number; bytesPerProof: number } | null = null;
  if (only.includes('h')) {
    const sealedEvents = await ids(sql<{ id: string }>`select event_id as id from log_leaves tablesample system (1) where agency_id = ${iom} limit 5000`);
    if (sealedEvents.length > 0) {
      process.stderr.write('load: h. inclusion proof of an event\n');
      const proofs = { url: hubUrl, requests: [{ method: 'GET' as const, headers: auth(iomPrivacy), setupRequest: (r: autocannon.Request) => ({ ...r, path: `/v1/log/events/${pick(sealedEvents)}/proof` }) }] };
      const bareProofs = { url: baseUrl, requests: [{ method: 'GET' as const, setupRequest: (r: autocannon.Request) => ({ ...r, path: `/log/events/${pick(sealedEvents)}/proof` }) }] };
      figures.push(await load('h. inclusion proof of an event', 'baseline', bareProofs));
      figures.push(await load('h. inclusion proof of an event', 'hub', proofs));
      figures.push(await load('h. inclusion proof of an event', 'baseline', bareProofs, 1, Math.min(duration, 5)));
      figures.push(await load('h. inclusion proof of an event', 'hub', proofs, 1, Math.min(duration, 5)));
      let tiles = 0;
      let bytes = 0;
      const rounds = 200;
      const treeSize = await withoutTenant(db, 'auditor', async (tx) => {
        const size = (await latestHead(tx))!.tree_size;
        for (let i = 0; i < rounds; i++) {
          const index = Math.floor(Math.random() * size);
          const reader = new TileReader(size, async (coordinates) => {
            const got = await tilesAt(tx, coordinates);
            tiles += got.length;
            bytes += got.reduce((sum, t) => sum + t.hashes.length, 0);
            return got;
          });
          await reader.load([[index, index + 1], ...inclusionRanges(index, size)]);
        }
        return size;
      });
      proofReads = { treeSize, tilesPerProof: tiles / rounds, bytesPerProof: Math.round(bytes / rounds) };
    }
  }

  // i. Retention of one month while events keep being appended: the month (a tenth of the dataset's
  // events, in January 2024) is sealed, then archived, detached and dropped while one client
  // appends an event at a time; the longest append is the stall retention caused.
  let retention: { monthEvents: number; seconds: number; longestAppendMs: number; appends: number; archived: number } | null = null;
  if (only.includes('i')) {
    const tokens = new TokenService({ issuer: `http://127.0.0.1:${HUB_PORT}`, audience: 'ponte-api', ttlSeconds: 60, keys: await ensureSigningKeys(db, TEST_SIGNING_KEY_OPTIONS) });
    const monthEvents = Number(option('month-events', String(Math.round(sizes.events / 10))));
    process.stderr.write(`retention: a month of ${monthEvents.toLocaleString('en')} events\n`);
    await sql`select ensure_access_event_partitions('2024-01-01', '2024-01-31')`.execute(db);
    for (let from = 1; from <= monthEvents; from += 200_000)
      await sql`
        insert into access_events (agency_id, occurred_at, actor_kind, actor_id, resource, action, decision, rule, request_id)
        select ${iom}, '2024-01-01'::timestamptz + make_interval(secs => g % 2592000), 'user', ${iomCaseworker}, 'Subject', 'read', 'allow', 'need_to_know.assigned', 'retention-' || g
        from generate_series(${from}::int, ${Math.min(monthEvents, from + 199_999)}::int) g`.execute(db);
    await sealLog({ db, tokens, batchSize: 50_000 });
    const appender = new pg.Client({ connectionString: url });
    await appender.connect();
    let stop = false;
    let longest = 0;
    let appends = 0;
    const appending = (async () => {
      while (!stop) {
        const started = performance.now();
        await appender.query(`insert into access_events (agency_id, occurred_at, actor_kind, actor_id, resource, action, decision, rule, request_id) values ($1, now(), 'user', $2, 'Subject', 'read', 'allow', 'need_to_know.assigned', 'retention-append')`, [iom, iomCaseworker]);
        longest = Math.max(longest, performance.now() - started);
        appends += 1;
      }
    })();
    await new Promise((r) => setTimeout(r, 1000));
    const started = performance.now();
    const archiveDir = resolve(root, 'bench-results', `archives-${Date.now()}`);
    const done = await archiveExpiredMonths({ db, tokens, retentionDays: 365, archiveDir });
    const seconds = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 1000));
    stop = true;
    await appending;
    await appender.end();
    rmSync(archiveDir, { recursive: true, force: true });
    retention = { monthEvents, seconds, longestAppendMs: Math.round(longest * 10) / 10, appends, archived: done.archived.reduce((sum, a) => sum + a.events, 0) };
  }

  // j. What watching the hub costs: the audited read of (a) on four hubs of the same build and
  // database: one with neither metrics nor tracing (PONTE_METRICS=false, no collector), one as
  // deployed by default (metrics counted, tracing idle: no collector configured), and two whose
  // spans go by OTLP to a collector's receiver (a process of its own), one trace in ten and every
  // trace. The four are loaded at the same time, a quarter of the connections each, so whatever
  // else happens on the machine (a checkpoint, autovacuum) weighs on all four alike, and a hub that
  // spends more CPU on a request answers fewer in its share; each round's ratio is to "off" in it.
  let observability: Array<{ variant: string; rounds: number[]; rps: number; ratio: number; cpuMsPerRequest: number; cpuRatio: number }> | null = null;
  if (only.includes('j')) {
    const sink = spawn(process.execPath, ['-e', "const s=require('node:http').createServer((q,r)=>{q.resume();q.on('end',()=>r.writeHead(200,{'content-type':'application/x-protobuf'}).end())});s.listen(0,'127.0.0.1',()=>console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(sink);
    const sinkPort = await new Promise<string>((done) => sink.stdout!.once('data', (chunk: Buffer) => done(chunk.toString().trim())));
    const variants: Array<{ variant: string; port: number; env: Record<string, string> }> = [
      { variant: 'metrics off, tracing off', port: HUB_PORT + 3, env: { PONTE_METRICS: 'false' } },
      { variant: 'metrics on, tracing idle (no collector)', port: HUB_PORT + 4, env: {} },
      { variant: 'metrics on, 1 trace in 10 exported', port: HUB_PORT + 5, env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sinkPort}`, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' } },
      { variant: 'metrics on, every trace exported', port: HUB_PORT + 6, env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sinkPort}` } },
    ];
    const running = [];
    for (const v of variants) running.push(await start(`hub (${v.variant})`, [process.execPath, ...heap, hubBundle], { ...hubEnv, PONTE_SERVER_TIMING: 'false', ...v.env, PORT: String(v.port) }, `http://127.0.0.1:${v.port}/readyz`));
    const read = (port: number): autocannon.Options => ({ url: `http://127.0.0.1:${port}`, requests: [{ method: 'GET', headers: auth(partnerCaseworker), setupRequest: (r) => ({ ...r, path: `/v1/referrals/${pick(accepted)}/subject` }) }] });
    const rounds = Number(option('observability-rounds', '3'));
    const each = Math.max(1, Math.round(connections / variants.length));
    // Warmed up first (compiled code, the database's caches), unrecorded.
    await Promise.all(variants.map((v) => load('j. warm-up', 'hub', read(v.port), each, 5)));
    const measured = variants.map(() => [] as number[]);
    // The CPU time each hub spent on a request (user + system, from /proc): what watching costs,
    // whatever share of the machine (or of the database's locks) each hub got in the round.
    const cpu = variants.map(() => [] as number[]);
    const cpuTicks = (pid: number) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After "pid (name) ", utime and stime are the 12th and 13th fields.
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).reduce((sum, t) => sum + Number(t), 0);
    };
    for (let round = 0; round < rounds; round++) {
      process.stderr.write(`load: j. audited read on the four hubs at once, ${each} connections each, round ${round + 1} of ${rounds}\n`);
      const before = running.map((child) => cpuTicks(child.pid!));
      const figures = await Promise.all(variants.map((v) => load(`j. ${v.variant}`, 'hub', read(v.port), each)));
      const after = running.map((child) => cpuTicks(child.pid!));
      for (const [i, figure] of figures.entries()) {
        if (figure.errors > 0) throw new Error(`j. ${variants[i]!.variant}: ${figure.errors} answers were not 2xx`);
        measured[i]!.push(figure.rps);
        // Clock ticks are hundredths of a second on Linux.
        cpu[i]!.push(((after[i]! - before[i]!) * 10) / Math.max(1, figure.total ?? figure.rps * duration));
      }
    }
    const median = (list: number[]) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)]!;
    // Each variant against "off" in the same round, then the median of those ratios: drift between rounds cancels out.
    observability = variants.map((v, i) => ({
      variant: v.variant,
      rounds: measured[i]!,
      rps: median(measured[i]!),
      ratio: median(measured[i]!.map((rps, r) => rps / measured[0]![r]!)),
      cpuMsPerRequest: Math.round(median(cpu[i]!) * 1000) / 1000,
      cpuRatio: median(cpu[i]!.map((ms, r) => ms / cpu[0]![r]!)),
    }));
    for (const child of [...running, sink]) child.kill('SIGTERM');
  }

  // The hub writes its profile as it exits: wait for it.
  const hubExited = new Promise((r) => hub.once('exit', r));
  hub.kill('SIGTERM');
  baseline.kill('SIGTERM');
  await Promise.race([hubExited, new Promise((r) => setTimeout(r, 15_000))]);
  const version = (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v;
  await storage.close();

  const ratio = (name: string, clients: number) => {
    const h = figures.find((f) => f.scenario === name && f.side === 'hub' && f.clients === clients);
    const b = figures.find((f) => f.scenario === name && f.side === 'baseline' && f.clients === clients);
    return h && b ? { throughput: h.rps / Math.max(1, b.rps), p99: h.p99 / Math.max(0.001, b.p99) } : undefined;
  };
  const result = {
    machine: {
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: version.split(',')[0],
      loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
    },
    scale,
    dataset: sizes,
    load: { connections, durationSeconds: duration, database: socket ? `Unix-domain socket in ${socket}` : 'TCP on loopback' },
    figures: figures.map((f) => ({ ...f, ...(f.side === 'hub' ? { ratio: ratio(f.scenario, f.clients) } : {}) })),
    policyNsPerBuildAndCheck: policyNs === null ? null : Math.round(policyNs),
    sealing: sealing && { ...sealing, eventsPerSecond: Math.round(sealing.events / sealing.seconds) },
    verification: verification && { ...verification, eventsPerSecond: Math.round(verification.events / verification.seconds) },
    sealPlan,
    proofReads,
    retention,
    observability,
    hubPeakResidentMiB: Math.round(vmHwm),
    hubHeapCapMiB: hubHeap > 0 ? hubHeap : null,
  };
  process.stdout.write(`\nPonte benchmark — scale ${scale} (${sizes.subjects.toLocaleString('en')} subjects, ${sizes.referrals.toLocaleString('en')} referrals, ${sizes.events.toLocaleString('en')} access events), ${connections} connections × ${duration} s\n`);
  process.stdout.write(`${'scenario'.padEnd(36)} ${'side'.padEnd(9)} ${'clients'.padStart(7)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(9)} ${'p99 ms'.padStart(8)} ${'non-2xx'.padStart(8)} ${'trips'.padStart(5)} ${'stmts'.padStart(5)}  vs baseline\n`);
  for (const f of result.figures) {
    const r = 'ratio' in f && f.ratio ? `throughput ×${f.ratio.throughput.toFixed(2)}, p99 ×${f.ratio.p99.toFixed(2)}` : '';
    process.stdout.write(`${f.scenario.padEnd(36)} ${f.side.padEnd(9)} ${String(f.clients).padStart(7)} ${String(f.rps).padStart(8)} ${String(f.p50).padStart(8)} ${String(f.p95).padStart(9)} ${String(f.p99).padStart(8)} ${String(f.errors).padStart(8)} ${String(f.trips ?? '').padStart(5)} ${String(f.statements ?? '').padStart(5)}  ${r}\n`);
  }
  if (result.policyNsPerBuildAndCheck !== null) process.stdout.write(`e. policy build + check: ${result.policyNsPerBuildAndCheck} ns\n`);
  if (result.sealing && result.verification)
    process.stdout.write(
      `f. sealing: ${result.sealing.eventsPerSecond.toLocaleString('en')} events/s; verification: ${result.verification.eventsPerSecond.toLocaleString('en')} events/s (${result.verification.ok ? 'verifies' : 'DOES NOT verify'})\n`,
    );
  if (result.proofReads) process.stdout.write(`h. one proof reads ${result.proofReads.tilesPerProof.toFixed(1)} tiles (${result.proofReads.bytesPerProof.toLocaleString('en')} bytes) at ${result.proofReads.treeSize.toLocaleString('en')} events\n`);
  if (result.retention)
    process.stdout.write(
      `i. retention of a month of ${result.retention.monthEvents.toLocaleString('en')} events: ${result.retention.archived.toLocaleString('en')} archived and dropped in ${result.retention.seconds.toFixed(1)} s; longest of ${result.retention.appends} appends meanwhile: ${result.retention.longestAppendMs} ms\n`,
    );
  if (result.observability) {
    process.stdout.write(`j. audited read on four hubs loaded at once, ${Math.max(1, Math.round(connections / 4))} connections each, ${result.observability[0]!.rounds.length} rounds: median req/s, and the median of each round's ratio to "off" (req/s of each round):\n`);
    for (const o of result.observability)
      process.stdout.write(`   ${o.variant.padEnd(42)} ${String(o.rps).padStart(7)} req/s  ×${o.ratio.toFixed(3)} of off  (${o.rounds.join(', ')});  CPU ${o.cpuMsPerRequest.toFixed(2)} ms a request, ×${o.cpuRatio.toFixed(3)} of off\n`);
  }
  if (sealPlan) process.stdout.write(`f. one seal batch, as PostgreSQL runs it:\n${sealPlan}\n`);
  process.stdout.write(`g. hub peak resident memory: ${result.hubPeakResidentMiB} MiB (old generation capped at ${hubHeap > 0 ? `${hubHeap} MiB` : "V8's default"})\n`);
  mkdirSync(resolve(root, 'bench-results'), { recursive: true });
  const file = resolve(root, 'bench-results', `bench-${scale}-${new Date().toISOString().replaceAll(':', '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  process.stdout.write(`results: ${file}\n`);
  process.exit(0);
}

await main();
