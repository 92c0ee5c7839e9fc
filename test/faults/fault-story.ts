import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { v1aSignature } from '../support/webhook-receiver';

/**
 * The client side of the fault runs, written from the README alone: people sign in for tokens,
 * register returnees, record their consent, refer them to a reintegration partner whose focal
 * point accepts; every changing request carries an `Idempotency-Key` and is retried with the same
 * key until the hub gives a definite answer. The client keeps its own ledger of what the hub
 * acknowledged; the checks afterwards hold the database to that ledger, not to the hub's word.
 */

export interface Operation {
  kind: 'subject' | 'consent' | 'referral' | 'accept';
  marker: string;
  key: string;
  attempts: number;
  /** The final answer: acknowledged (2xx), refused (a definite 4xx), or never definite before the run ended. */
  outcome: 'acknowledged' | 'refused' | 'unfinished';
  id?: string;
}

/** A request sent once, without a key and without retry, to see that "failed" means not done. */
export interface OneShot {
  marker: string;
  answer: number | 'network';
  code?: string;
}

export interface Ledger {
  requests: number;
  operations: Operation[];
  oneShots: OneShot[];
  /** When each request that succeeded was answered, to measure outages. */
  successes: number[];
  /** How many requests got each status (`network` for none: refused, cut or timed out). */
  answers: Record<string, number>;
  /** 503s without a problem+json body or without Retry-After: a client could not tell when to try again. */
  bareUnavailable: number;
  /** Requests with no answer within the client's 20 s: a hang. */
  timedOut: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Answers that say "not now, try again" (the work was not done, or its outcome must be asked for again). */
const RETRYABLE = (status: number, code?: string) => status === 503 || status === 429 || (status === 409 && code === 'idempotency_in_flight') || status === 401;

export class StoryClient {
  readonly ledger: Ledger = { requests: 0, operations: [], oneShots: [], successes: [], answers: {}, bareUnavailable: 0, timedOut: 0 };
  /** One sign-in an account at a time: clients running side by side wait for the same token. */
  #tokens = new Map<string, Promise<string>>();

  constructor(
    private readonly base: () => string,
    private readonly password: string,
  ) {}

  token(agency: string, username: string, fresh = false): Promise<string> {
    const name = `${agency}/${username}`;
    const known = this.#tokens.get(name);
    if (known && !fresh) return known;
    const signing = this.#signIn(agency, username);
    this.#tokens.set(name, signing);
    signing.catch(() => this.#tokens.delete(name));
    return signing;
  }

  async #signIn(agency: string, username: string): Promise<string> {
    for (;;) {
      let wait = 250;
      try {
        const res = await fetch(`${this.base()}/oauth/token`, {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'password', agency, username, password: this.password }),
          signal: AbortSignal.timeout(15_000),
        });
        if (res.status === 200) return ((await res.json()) as { access_token: string }).access_token;
        if (res.status !== 503 && res.status !== 429) throw new Error(`sign-in ${agency}/${username}: ${res.status} ${await res.text()}`);
        // As a well-behaved client: wait as long as the hub says.
        wait = Math.max(wait, Number(res.headers.get('retry-after') ?? 0) * 1000);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('sign-in')) throw error;
      }
      await sleep(wait);
    }
  }

  /** One HTTP request; a network failure is an answer of its own. */
  async send(method: string, path: string, as: [string, string], body?: unknown, headers: Record<string, string> = {}) {
    this.ledger.requests += 1;
    try {
      const res = await fetch(`${this.base()}${path}`, {
        method,
        headers: { authorization: `Bearer ${await this.token(...as)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      const parsed = text && res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (res.status < 300) this.ledger.successes.push(Date.now());
      this.#answered(String(res.status));
      if (res.status === 503 && !(res.headers.get('content-type')?.startsWith('application/problem+json') && Number(res.headers.get('retry-after')) >= 1)) this.ledger.bareUnavailable += 1;
      return { status: res.status, body: parsed, code: typeof parsed.code === 'string' ? parsed.code : undefined };
    } catch (error) {
      this.#answered('network');
      if (error instanceof Error && error.name === 'TimeoutError') this.ledger.timedOut += 1;
      return { status: 'network' as const, body: {} as Record<string, unknown>, code: undefined };
    }
  }

  #answered(status: string): void {
    this.ledger.answers[status] = (this.ledger.answers[status] ?? 0) + 1;
  }

  /**
   * A verification of the log as a privacy officer's system runs it: queued, then polled until the
   * hub's background runner has done it. Answers as the report (status 200) once done.
   */
  async verifyLog(witness: string | undefined) {
    const queued = await this.send('POST', '/v1/log/verify', ['iom', 'privacy'], witness ? { witness } : {});
    if (queued.status !== 202) return queued;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const job = await this.send('GET', `/v1/log/verifications/${String(queued.body.id)}`, ['iom', 'privacy']);
      if (job.status === 200 && job.body.status === 'done') return { status: 200 as const, body: job.body.report as Record<string, unknown>, code: undefined };
      if (job.status === 200 && job.body.status === 'failed') return { status: 500 as const, body: job.body, code: 'verification_failed' };
      await sleep(250);
    }
    return { status: 'network' as const, body: {} as Record<string, unknown>, code: 'verification_timed_out' };
  }

  /** A changing request under one key, retried until definite or until `until`. */
  async change(kind: Operation['kind'], marker: string, path: string, as: [string, string], body: unknown, until: number, idOf: (body: Record<string, unknown>) => string): Promise<Operation> {
    const op: Operation = { kind, marker, key: `${marker}:${kind}`, attempts: 0, outcome: 'unfinished' };
    this.ledger.operations.push(op);
    for (let wait = 100; ; wait = Math.min(wait * 2, 1000)) {
      op.attempts += 1;
      const res = await this.send('POST', path, as, body, { 'idempotency-key': op.key });
      if (res.status !== 'network' && res.status < 300) {
        op.outcome = 'acknowledged';
        op.id = idOf(res.body);
        return op;
      }
      if (res.status === 401) await this.token(...as, true);
      if (res.status !== 'network' && !RETRYABLE(res.status, res.code)) {
        op.outcome = 'refused';
        return op;
      }
      // Past the end of the run, keep asking (the hub is up by then) until the answer is definite.
      if (Date.now() > until + 60_000) return op;
      await sleep(wait);
    }
  }

  async oneShot(marker: string): Promise<void> {
    const res = await this.send('POST', '/v1/subjects', ['iom', 'caseworker'], returnee(marker));
    this.ledger.oneShots.push({ marker, answer: res.status, ...(res.code ? { code: res.code } : {}) });
  }
}

export const returnee = (marker: string) => ({
  identity: { givenName: marker, familyName: 'Cossa', dateOfBirth: '1994-03-12', sex: 'male', languages: ['pt'] },
  location: { current: { country: 'MOZ', province: 'MZ-G' } },
});

/** The person's written consent to be referred to Caminho Seguro for reintegration, sharing these categories. */
export const reintegrationConsent = (categories: string[] = ['identity', 'location']) => ({
  grantedBy: 'subject',
  method: 'written',
  language: 'pt',
  interpreterUsed: false,
  purposes: ['return_reintegration'],
  recipients: ['caminho-seguro'],
  categories,
  legalBasis: 'consent',
  validUntil: '2099-12-31T00:00:00Z',
});

/** One virtual caseworker: the README's story, again and again until `until`, with a one-shot every fourth time. */
export async function caseworkerLoop(client: StoryClient, name: string, until: number): Promise<void> {
  for (let n = 0; Date.now() < until; n++) {
    const marker = `Fault${name}n${n}`;
    const subject = await client.change('subject', marker, '/v1/subjects', ['iom', 'caseworker'], returnee(marker), until, (b) => String(b.id));
    if (subject.outcome !== 'acknowledged') continue;
    const recorded = await client.change('consent', marker, `/v1/subjects/${subject.id}/consents`, ['iom', 'caseworker'], reintegrationConsent(), until, (b) => String((b.consent as { id: string }).id));
    if (recorded.outcome !== 'acknowledged') continue;
    const referral = await client.change(
      'referral',
      marker,
      '/v1/referrals',
      ['iom', 'caseworker'],
      { to: 'caminho-seguro', subjectId: subject.id, consentId: recorded.id, service: 'reintegration_economic', purpose: 'return_reintegration', urgency: 'priority', categories: ['identity', 'location'] },
      until,
      (b) => String(b.id),
    );
    if (referral.outcome !== 'acknowledged') continue;
    await client.change('accept', marker, `/v1/referrals/${referral.id}/accept`, ['caminho-seguro', 'focal-point'], {}, until, (b) => String(b.id));
  }
}

/** Registrations sent once each, without key or retry, every 100 ms: through the faults too. */
export async function oneShotLoop(client: StoryClient, until: number): Promise<void> {
  for (let n = 0; Date.now() < until; n++) {
    await client.oneShot(`OnceC0n${n}`);
    await sleep(100);
  }
}

export interface Receipt {
  id: string;
  type: string;
  createdAt: number;
  receivedAt: number;
}

/**
 * The partner's webhook receiver: checks each signature against the hub's key (fetched once; the
 * key lives in the database and survives restarts) and notes when each event arrived.
 */
export class TimingReceiver {
  readonly receipts: Receipt[] = [];
  badSignatures = 0;
  #server: Server;
  #keys: Array<Record<string, string>> = [];
  url = '';

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const id = String(req.headers['webhook-id']);
        const jwk = this.#keys.find((k) => k.kid === req.headers['ponte-key-id']);
        const signed = Buffer.from(`${id}.${String(req.headers['webhook-timestamp'])}.${body}`);
        const signature = Buffer.from(v1aSignature(req.headers['webhook-signature']), 'base64');
        if (!jwk || !verify(null, signed, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), signature)) {
          this.badSignatures += 1;
          res.writeHead(401).end();
          return;
        }
        const event = JSON.parse(body) as { id: string; type: string; createdAt: string };
        this.receipts.push({ id: event.id, type: event.type, createdAt: Date.parse(event.createdAt), receivedAt: Date.now() });
        res.writeHead(204).end();
      });
    });
  }

  async start(jwksUrl: string): Promise<string> {
    this.#keys = ((await (await fetch(jwksUrl)).json()) as { keys: Array<Record<string, string>> }).keys;
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as { port: number }).port}/ponte-events`;
    return this.url;
  }

  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** Delay from each event's creation to its first arrival, in ms, sorted; only events `counted` (by creation time) when given. */
  delays(counted: (createdAt: number) => boolean = () => true): number[] {
    const first = new Map<string, Receipt>();
    for (const r of this.receipts) if (!first.has(r.id)) first.set(r.id, r);
    return [...first.values()].filter((r) => counted(r.createdAt)).map((r) => r.receivedAt - r.createdAt).sort((a, b) => a - b);
  }
}

export const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
