import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { noteVerifierKey } from '@ponte/audit';
import { bundle } from '@ponte/hub/build';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { buildHub, HubProcess } from '../support/hub-process';
import { TEST_KEY_ENCRYPTION_KEY } from '../support/key-encryption';
import { freePort } from '../support/private-postgres';

/**
 * The integrator's command line, as a person running an agency's integration uses it: against the
 * hub as its own process over HTTP, each command its own process with its own exit code. IOM's
 * system registers a returnee and refers them to Caminho Seguro; Caminho Seguro's system lists its
 * inbox, accepts, and reads the events; its administrator's client adds a webhook endpoint, pings
 * it (the receiver verifies the signature with the standard library) and deletes it; the access
 * log's checkpoint is verified and its growth checked. Then what goes wrong, with its exit code.
 */
const ROOT = resolve(import.meta.dirname, '../..');
let database: TestDatabase | undefined;
let hub: HubProcess;
let cli: string;
let dir: string;
/** Everything every command printed: no secret may be in it (but the webhook's, printed once by design). */
const printed: string[] = [];
const secrets: string[] = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `ponte <args>` as a process, with the test's config folder and nothing of the test's own environment but PATH. */
function ponte(args: string[], options: { env?: Record<string, string>; stdin?: string; until?: (stdout: string) => boolean } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'C', PONTE_CONFIG_DIR: join(dir, 'config'), ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (options.until && !signalled && options.until(stdout)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end(options.stdin ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      printed.push(stdout, stderr);
      done({ code, stdout, stderr });
    });
  });
}

const json = <T = any>(run: Run): T => {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
};

/** A webhook receiver as an integrator writes one: the raw body and headers, verified later with `standardwebhooks`. */
class Receiver {
  readonly received: Array<{ body: string; headers: IncomingHttpHeaders }> = [];
  url = '';
  #server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(204).end();
    });
  });
  async start() {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as { port: number }).port}/ponte-events`;
  }
  stop() {
    this.#server.closeAllConnections();
    return new Promise<void>((r) => this.#server.close(() => r()));
  }
}
const receiver = new Receiver();

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** A demo user's token (the password grant). */
async function userToken(agency: string, username: string): Promise<string> {
  const signIn = await fetch(`${hub.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'password', agency, username, password: DEMO_PASSWORD }) });
  return ((await signIn.json()) as { access_token: string }).access_token;
}

/** An API client with these roles (an administrator's by default), made through the API by the agency's demo administrator. */
async function adminClient(agency: string, roles = ['agency_admin']): Promise<{ clientId: string; clientSecret: string }> {
  const access_token = await userToken(agency, 'admin');
  const res = await fetch(`${hub.url}/v1/api-clients`, { method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: `${agency} integration ${roles.join(' ')}`, roles }) });
  expect(res.status).toBe(201);
  return (await res.json()) as { clientId: string; clientSecret: string };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ponte-cli-'));
  const port = await freePort();
  const common = { PORT: String(port), HOST: '127.0.0.1', PONTE_KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY, PONTE_DEMO_PASSWORD: DEMO_PASSWORD, PONTE_WEBHOOK_ALLOW_PRIVATE: 'true', PONTE_WEBHOOK_BACKOFF_BASE_MS: '100', PONTE_SEAL_INTERVAL_MS: '300', PONTE_RATE_LIMIT_PER_MINUTE: '1000000', PONTE_TOKEN_RATE_LIMIT_PER_MINUTE: '100000', PONTE_DEMO_WITNESSES: 'false', LOG_LEVEL: 'warn' };
  // On the run's database: a clone of the migrated, seeded PostgreSQL template, else embedded PGlite seeding its own demo network.
  let storage: Record<string, string> = { PONTE_DATA_DIR: 'memory://' };
  if (inject('database').kind === 'postgres') {
    database = await createTestDatabase();
    storage = { DATABASE_URL: database.url!, PONTE_SEED_DEMO: 'false' };
  }
  cli = resolve(ROOT, 'services/hub/dist/cli-story/ponte.mjs');
  const [entry] = await Promise.all([buildHub('cli-story'), bundle(resolve(ROOT, 'packages/cli/src/run.ts'), cli)]);
  hub = new HubProcess(entry, { ...common, ...storage });
  await Promise.all([hub.start(), receiver.start()]);
  secrets.push(`iom-${DEMO_PASSWORD}`, `caminho-seguro-${DEMO_PASSWORD}`);
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  await receiver.stop();
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the ponte command line', () => {
  let referralId: string;
  let endpointSecret: string;

  it('signs in: the secret from the environment or standard input, checked, kept in a file only its owner reads', async () => {
    const iom = await ponte(['login', '--hub', hub.url, '--client-id', 'iom.demo'], { env: { PONTE_CLIENT_SECRET: `iom-${DEMO_PASSWORD}` } });
    expect(iom.code, iom.stderr).toBe(0);
    expect(iom.stdout).toContain('signed in');
    const file = join(dir, 'config', 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'config')).mode & 0o777).toBe(0o700);
    const [cs, admin] = await Promise.all([
      ponte(['login', '--profile', 'cs', '--hub', hub.url, '--client-id', 'caminho-seguro.demo', '--client-secret-stdin', '--json'], { stdin: `caminho-seguro-${DEMO_PASSWORD}\n` }),
      adminClient('caminho-seguro'),
    ]);
    expect(json(cs)).toMatchObject({ agency: 'caminho-seguro', clientId: 'caminho-seguro.demo', profile: 'cs' });
    secrets.push(admin.clientSecret);
    expect((await ponte(['login', '--profile', 'cs-admin', '--hub', hub.url, '--client-id', admin.clientId], { env: { PONTE_CLIENT_SECRET: admin.clientSecret } })).code).toBe(0);
    expect(json(await ponte(['whoami', '--profile', 'cs-admin', '--json']))).toMatchObject({ agency: 'caminho-seguro', roles: ['agency_admin'], kind: 'client' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The access token is kept between commands, as privately; one the hub refuses is forgotten and a new one got.
    const tokenFile = join(dir, 'config', 'token-default.json');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const kept = JSON.parse(readFileSync(tokenFile, 'utf8')) as { token: string };
    const [header, , signature] = kept.token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url')}.${signature}`;
    writeFileSync(tokenFile, JSON.stringify({ ...kept, token: forged }));
    expect(json(await ponte(['whoami', '--json']))).toMatchObject({ agency: 'iom', clientId: 'iom.demo' });
    expect((JSON.parse(readFileSync(tokenFile, 'utf8')) as { token: string }).token).not.toBe(forged);
  });

  it('registers a subject, records the consent, and sends the referral', async () => {
    writeFileSync(join(dir, 'subject.json'), JSON.stringify({ identity: { givenName: 'Armando', familyName: 'Cossa', dateOfBirth: '1994-03-12', sex: 'male', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-G' } } }));
    const subject = json<{ id: string; reference: string }>(await ponte(['subjects', 'register', '--file', 'subject.json', '--json']));
    // People's tables show the pseudonymous reference, never the person's data.
    const listed = await ponte(['subjects', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(subject.reference);
    expect(listed.stdout).not.toContain('Cossa');
    const consent = json<{ consent: { id: string } }>(
      await ponte(['subjects', 'consent', subject.id, '--file', '-', '--json'], {
        stdin: JSON.stringify({ grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'], categories: ['identity', 'location'], legalBasis: 'consent', validUntil: '2027-12-31T00:00:00Z' }),
      }),
    );
    const sent = json<{ id: string; status: string; to: string }>(
      await ponte(['referrals', 'send', '--to', 'caminho-seguro', '--subject', subject.id, '--consent', consent.consent.id, '--service', 'reintegration_economic', '--purpose', 'return_reintegration', '--urgency', 'priority', '--category', 'identity', '--category', 'location', '--json']),
    );
    expect(sent).toMatchObject({ status: 'sent', to: 'caminho-seguro' });
    referralId = sent.id;
    const outbox = await ponte(['referrals', 'list', '--box', 'outbox']);
    expect(outbox.stdout).toMatch(new RegExp(`${referralId}\\s+iom\\s+caminho-seguro\\s+sent`));
  });

  it("the receiving agency's system finds it in its inbox and accepts it (If-Match from its read)", async () => {
    const inbox = json<{ items: Array<{ id: string; status: string }> }>(await ponte(['referrals', 'list', '--profile', 'cs', '--json', '--all', '--limit', '1']));
    expect(inbox.items.find((r) => r.id === referralId)?.status).toBe('sent');
    const accepted = await ponte(['referrals', 'accept', referralId, '--profile', 'cs']);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toBe(`referral ${referralId} accepted\n`);
    // Accepting twice: the hub refuses (exit 1), and says why.
    const again = await ponte(['referrals', 'accept', referralId, '--profile', 'cs']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/409/);
  });

  it('events tail prints the events as JSON lines, keeps its cursor, and --follow stops cleanly on Ctrl-C', async () => {
    const state = join(dir, 'events-state.json');
    const tail = await ponte(['events', 'tail', '--profile', 'cs', '--json', '--state', state, '--limit', '1']);
    expect(tail.code, tail.stderr).toBe(0);
    const events = tail.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; referralId: string; seq: number });
    expect(events.filter((e) => e.referralId === referralId).map((e) => e.type)).toEqual(['referral.sent', 'referral.accepted']);
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { cursor: string };
    expect(saved.cursor).toBe(String(events.at(-1)!.seq));
    // From the cursor kept: nothing new.
    const rest = await ponte(['events', 'tail', '--profile', 'cs', '--json', '--state', state]);
    expect(rest.code).toBe(0);
    expect(rest.stdout).toBe('');
    // Following from the start until the accepted event shows, then interrupted.
    const follow = await ponte(['events', 'tail', '--profile', 'cs', '--follow', '--interval', '1'], { until: (out) => out.includes('referral.accepted') });
    expect(follow.code).toBe(0);
    expect(follow.stdout).toMatch(/referral\.sent[\s\S]*referral\.accepted/);
  });

  it('webhooks: add (its secret printed once), ping (the receiver verifies it with standardwebhooks), list, delete', async () => {
    const added = json<{ id: string; secret: string; status: string }>(await ponte(['webhooks', 'add', '--profile', 'cs-admin', '--url', receiver.url, '--json']));
    expect(added.secret).toMatch(/^whsec_/);
    endpointSecret = added.secret;
    expect((await ponte(['webhooks', 'list', '--profile', 'cs-admin'])).stdout).toMatch(new RegExp(`${added.id}\\s+active\\s+${receiver.url}`));
    // The secret is never shown again.
    expect(JSON.stringify(json(await ponte(['webhooks', 'list', '--profile', 'cs-admin', '--json'])))).not.toContain(endpointSecret);
    expect((await ponte(['webhooks', 'ping', added.id, '--profile', 'cs-admin'])).code).toBe(0);
    const ping = await until('the ping', async () => receiver.received.find((r) => r.body.includes('ponte.ping')));
    const verified = new Webhook(endpointSecret).verify(ping.body, ping.headers as Record<string, string>) as { type: string; data: { endpointId: string } };
    expect(verified).toMatchObject({ type: 'ponte.ping', data: { endpointId: added.id } });
    expect(() => new Webhook(endpointSecret).verify(ping.body.replace('ponte.ping', 'ponte.pong'), ping.headers as Record<string, string>)).toThrow();
    const deleted = await ponte(['webhooks', 'delete', added.id, '--profile', 'cs-admin']);
    expect(deleted.code, deleted.stderr).toBe(0);
    const after = json<{ items: Array<{ id: string; status: string }> }>(await ponte(['webhooks', 'list', '--profile', 'cs-admin', '--json']));
    expect(after.items.find((e) => e.id === added.id)?.status ?? 'gone').not.toBe('active');
    // A caseworker's client may not manage endpoints: refused, exit 1.
    expect((await ponte(['webhooks', 'add', '--profile', 'cs', '--url', receiver.url])).code).toBe(1);
  });

  it("log checkpoint verifies the hub's signed note; log verify keeps it and checks the log only grew", async () => {
    const checkpoint = await until('a sealed checkpoint', async () => {
      const run = await ponte(['log', 'checkpoint', '--json']);
      return run.code === 0 ? (JSON.parse(run.stdout) as { verified: boolean; size: number; hubKey: string }) : undefined;
    });
    expect(checkpoint.verified).toBe(true);
    const first = json<{ previousSize: number | null; size: number }>(await ponte(['log', 'verify', '--json']));
    expect(first.previousSize).toBeNull();
    // More access events, sealed into a larger tree.
    await ponte(['subjects', 'list']);
    const second = await until('a larger tree', async () => {
      const run = await ponte(['log', 'verify', '--json']);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as { previousSize: number; size: number };
      return report.size > first.size ? report : undefined;
    });
    expect(second.previousSize).toBeGreaterThanOrEqual(first.size);
    // A key that is not the hub's: the checkpoint does not verify (exit 1).
    const stranger = Buffer.from((generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
    // (On a profile that has pinned no key: a key given beside a pinned one is trusted beside it, as a rotation announced.)
    const other = await ponte(['log', 'checkpoint', '--profile', 'cs', '--hub-key', noteVerifierKey(checkpoint.hubKey.split('+')[0]!, stranger)]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('NOT signed by the hub key given');
    // A state file claiming a larger tree: a rollback, refused.
    const state = join(dir, 'config', 'log-default.json');
    const kept = JSON.parse(readFileSync(state, 'utf8')) as { size: number };
    writeFileSync(state, JSON.stringify({ ...kept, size: kept.size + 1000 }));
    const rollback = await ponte(['log', 'verify']);
    expect(rollback.code).toBe(1);
    expect(rollback.stderr).toContain('ROLLBACK');
    // A privacy officer's client proves an access event is in the verified log: its leaf recomputed, its audit path, its head.
    const officer = await adminClient('caminho-seguro', ['privacy_officer']);
    secrets.push(officer.clientSecret);
    expect((await ponte(['login', '--profile', 'cs-po', '--hub', hub.url, '--client-id', officer.clientId], { env: { PONTE_CLIENT_SECRET: officer.clientSecret } })).code).toBe(0);
    const privacy = await userToken('caminho-seguro', 'privacy');
    const sealed = await until('a sealed access event', async () => {
      const page = (await (await fetch(`${hub.url}/v1/access-events?limit=50`, { headers: { authorization: `Bearer ${privacy}` } })).json()) as { items: Array<{ id: string; logIndex: number | null }> };
      return page.items.find((e) => e.logIndex !== null);
    });
    const proved = json<{ events: Array<{ id: string; logIndex: number }> }>(await ponte(['log', 'verify', '--profile', 'cs-po', '--event', sealed.id, '--json']));
    expect(proved.events).toEqual([expect.objectContaining({ id: sealed.id, logIndex: sealed.logIndex })]);
    // Another agency's client may not ask for the proof: refused, exit 1.
    const notOfficer = await ponte(['log', 'verify', '--event', sealed.id]);
    expect(notOfficer.code).toBe(1);
    expect(notOfficer.stderr).toMatch(/\((403|404) (forbidden|not_found)\)/);
  });

  it('declines a referral with a reason code from the list, and says which field is missing without one', async () => {
    const subject = json<{ id: string }>(
      await ponte(['subjects', 'register', '--file', '-', '--json'], { stdin: JSON.stringify({ identity: { givenName: 'Lurdes', familyName: 'Cossa', dateOfBirth: '1990-05-02', sex: 'female', languages: ['pt'] } }) }),
    );
    const consent = json<{ consent: { id: string } }>(
      await ponte(['subjects', 'consent', subject.id, '--file', '-', '--json'], {
        stdin: JSON.stringify({ grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'], categories: ['identity'], legalBasis: 'consent', validUntil: '2027-12-31T00:00:00Z' }),
      }),
    );
    const sent = json<{ id: string }>(
      await ponte(['referrals', 'send', '--to', 'caminho-seguro', '--subject', subject.id, '--consent', consent.consent.id, '--service', 'reintegration_economic', '--purpose', 'return_reintegration', '--urgency', 'routine', '--category', 'identity', '--json']),
    );
    const withoutCode = await ponte(['referrals', 'decline', sent.id, '--profile', 'cs', '--reason', 'No place before March']);
    expect(withoutCode.code).toBe(1);
    expect(withoutCode.stderr).toMatch(/\(400 invalid_request\)/);
    expect(withoutCode.stderr).toMatch(/- body reasonCode: invalid_value/);
    const notInList = await ponte(['referrals', 'decline', sent.id, '--profile', 'cs', '--code', 'too_busy']);
    expect(notInList.code).toBe(1);
    expect(notInList.stderr).toMatch(/- body reasonCode: invalid_value/);
    const declined = await ponte(['referrals', 'decline', sent.id, '--profile', 'cs', '--code', 'no_capacity', '--reason', 'No place before March', '--json']);
    expect(declined.code, declined.stderr).toBe(0);
    expect(JSON.parse(declined.stdout)).toMatchObject({ id: sent.id, status: 'declined', reasonCode: 'no_capacity', reason: 'No place before March' });
  });

  it('exit codes: 2 for usage, 3 for credentials, 1 for a refusal with its fields, 4 for a hub out of reach', async () => {
    writeFileSync(join(dir, 'bad-subject.json'), JSON.stringify({ identity: { givenName: 'Armando', languages: ['pt'], shoeSize: 44 } }));
    const closed = `http://127.0.0.1:${await freePort()}`;
    const [unknown, unknownVerb, noSecret, wrong, nobody, refused, refusedJson, away] = await Promise.all([
      ponte(['referrals', 'list', '--bogus']),
      ponte(['referrals', 'frobnicate']),
      ponte(['login', '--hub', hub.url, '--client-id', 'iom.demo']),
      ponte(['login', '--profile', 'wrong', '--hub', hub.url, '--client-id', 'iom.demo'], { env: { PONTE_CLIENT_SECRET: 'not-the-secret' } }),
      ponte(['whoami', '--profile', 'nobody']),
      // A body the hub refuses: its problem, with the field and the check, and nothing of the person.
      ponte(['subjects', 'register', '--file', 'bad-subject.json']),
      ponte(['subjects', 'register', '--file', 'bad-subject.json', '--json']),
      // A hub that is not there.
      ponte(['login', '--profile', 'away', '--hub', closed, '--client-id', 'iom.demo'], { env: { PONTE_CLIENT_SECRET: 'whatever' } }),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('usage: ponte referrals list');
    expect(unknownVerb.code).toBe(2);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('PONTE_CLIENT_SECRET');
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('invalid_client');
    expect(nobody.code).toBe(3);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\(400 invalid_request\)/);
    expect(refused.stderr).toMatch(/- body identity(\.shoeSize)?: unrecognized_keys/);
    expect(refused.stderr).not.toContain('Armando');
    expect(refusedJson.code).toBe(1);
    expect(JSON.parse(refusedJson.stdout)).toMatchObject({ exitCode: 1, problem: { status: 400, code: 'invalid_request' } });
    expect(away.code).toBe(4);
    expect(away.stderr).toContain('could not be reached');
  });

  it('refuses a credentials file others can read, and logout removes it', async () => {
    const file = join(dir, 'config', 'credentials.json');
    chmodSync(file, 0o644);
    const exposed = await ponte(['referrals', 'list']);
    expect(exposed.code).toBe(3);
    expect(exposed.stderr).toContain('can be read by others');
    chmodSync(file, 0o600);
    for (const profile of ['default', 'cs', 'cs-admin', 'cs-po']) expect((await ponte(['logout', '--profile', profile])).code).toBe(0);
    expect(() => statSync(file)).toThrow();
    expect(() => statSync(join(dir, 'config', 'token-default.json'))).toThrow();
    expect((await ponte(['referrals', 'list'])).code).toBe(3);
  });

  it('never printed a client secret', () => {
    const all = printed.join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
    // The webhook's secret was printed once, by `webhooks add`, and nowhere else.
    expect(all.split(endpointSecret).length - 1).toBe(1);
  });
});
