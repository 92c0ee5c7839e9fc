import { createServer, type IncomingMessage, type Server } from 'node:http';
import { deliverDueWebhooks, startDeliveryLoop, type DeliveryOptions } from '@ponte/core';
import { findAgencyBySlug, insertEventsAtCommit, withoutTenant, withTenant } from '@ponte/db';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * Webhooks go to public addresses only, judged at every delivery from what the name resolves to
 * then, on the connection actually made; redirects are not followed; deliveries run concurrently,
 * a bounded few to any one endpoint, so a slow receiver holds up nobody else.
 */
let hub: TestHub;
let admin: string;
let agencyId: string;
const quiet = pino({ level: 'silent' });

/** A receiver on loopback: counts requests, answers after `delayMs` with `status` (and `location`). */
class Receiver {
  hits: Array<{ at: number; id: string; createdAt: string }> = [];
  delayMs = 0;
  status = 204;
  location: string | undefined;
  #server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; createdAt: string };
      this.hits.push({ at: Date.now(), id: body.id, createdAt: body.createdAt });
      setTimeout(() => res.writeHead(this.status, this.location ? { location: this.location } : {}).end(), this.delayMs);
    });
  });
  port = 0;
  async start() {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as { port: number }).port;
    return this;
  }
  stop() {
    this.#server.closeAllConnections();
    return new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

const options = (extra: Partial<DeliveryOptions> = {}): DeliveryOptions => ({ db: hub.database.db, tokens: hub.tokens, secrets: hub.secrets, logger: quiet, backoffBaseMs: 60_000, ...extra });

async function register(url: string): Promise<{ status: number; body: { id?: string; errors?: Array<{ field: string; check: string }> } }> {
  const res = await hub.call('POST', '/v1/webhook-endpoints', { token: admin, json: { url } });
  return { status: res.status, body: (await res.json()) as never };
}

async function emit(count: number) {
  await withTenant(hub.database.db, agencyId, async (tx) =>
    insertEventsAtCommit(tx, Array.from({ length: count }, (_, i) => ({ agency_id: agencyId, type: 'referral.sent', referral_id: null, payload: { n: i }, created_at: new Date() }))),
  );
}

async function deliveries() {
  const res = await hub.call('GET', '/v1/webhook-deliveries?limit=500', { token: admin });
  return ((await res.json()) as { items: Array<{ endpointId: string; status: string; lastError: string | null; lastStatus: number | null }> }).items;
}

/** Turns every endpoint but `keep` off, so each test sees its own deliveries only. */
async function only(keep: string | undefined) {
  const { sql } = await import('kysely');
  await sql`update webhook_endpoints set status = case when id = ${keep ?? null} then 'active' else 'disabled' end`.execute(hub.database.db);
}

beforeAll(async () => {
  hub = await createTestHub({ rateLimitPerMinute: 1_000_000 });
  admin = await hub.tokenFor('unicef', 'admin');
  agencyId = (await withoutTenant(hub.database.db, 'hub', (tx) => findAgencyBySlug(tx, 'unicef')))!.id;
});
afterAll(() => hub?.close());

describe('registering an endpoint', () => {
  it.each([
    'http://[::127.0.0.1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:7f00:1]/hook',
    'http://[64:ff9b::7f00:1]/hook',
    'http://[64:ff9b::a9fe:a9fe]/hook',
    'http://0x7f.1/hook',
    'http://2130706433/hook',
    'http://127.1/hook',
    'http://[fd12:3456::1]/hook',
    'http://[fe80::1]/hook',
    'http://[2002:7f00:1::1]/hook',
    'http://100.64.1.1/hook',
    'http://198.18.0.1/hook',
    'http://0.0.0.0/hook',
    'http://[::]/hook',
    'http://metadata.internal/hook',
    'http://printer.local/hook',
    'http://intranet/hook',
  ])('refuses %s as not public', async (url) => {
    const res = await register(url);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'url', check: 'public_address' })]));
  });

  it('refuses credentials in the address', async () => {
    const res = await register('https://user:secret@hooks.example.org/ponte');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'url', check: 'no_credentials' })]));
  });

  it('accepts a public name', async () => {
    expect((await register('https://hooks.unicef.example.org/ponte')).status).toBe(201);
  });
});

describe('delivering', () => {
  it('never connects to a name that resolves to loopback, nor to one that also resolves to a private address', async () => {
    const receiver = await new Receiver().start();
    try {
      for (const [name, addresses] of [
        ['loopback.unicef.example.org', [{ address: '127.0.0.1', family: 4 }]],
        ['rebinding.unicef.example.org', [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }]],
        ['mapped.unicef.example.org', [{ address: '::ffff:127.0.0.1', family: 6 }]],
      ] as const) {
        const endpoint = await register(`http://${name}:${receiver.port}/hook`);
        expect(endpoint.status).toBe(201);
        await only(endpoint.body.id);
        await emit(1);
        await deliverDueWebhooks(options({ resolve: async () => [...addresses] }));
        const mine = (await deliveries()).filter((d) => d.endpointId === endpoint.body.id);
        expect(mine.length).toBe(1);
        expect(mine[0]).toMatchObject({ status: 'pending', lastError: 'blocked_address', lastStatus: null });
      }
      expect(receiver.hits).toEqual([]);
    } finally {
      await receiver.stop();
    }
  });

  it('does not follow a redirect', async () => {
    const target = await new Receiver().start();
    const redirecting = await new Receiver().start();
    redirecting.status = 307;
    redirecting.location = `http://127.0.0.1:${target.port}/elsewhere`;
    try {
      const endpoint = await register(`http://hooks.unicef.example.org:${redirecting.port}/hook`);
      await only(endpoint.body.id);
      await emit(1);
      await deliverDueWebhooks(options({ allowPrivateTargets: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }] }));
      expect(redirecting.hits.length).toBe(1);
      expect(target.hits).toEqual([]);
      const mine = (await deliveries()).filter((d) => d.endpointId === endpoint.body.id);
      expect(mine[0]).toMatchObject({ status: 'pending', lastError: 'HTTP 307', lastStatus: 307 });
    } finally {
      await target.stop();
      await redirecting.stop();
    }
  });

  it('delivers concurrently, and a receiver that hangs holds up no other', async () => {
    const slow = await new Receiver().start();
    const healthy = await new Receiver().start();
    slow.delayMs = 3_000;
    healthy.delayMs = 100;
    try {
      const slowEndpoint = await register(`http://slow.unicef.example.org:${slow.port}/hook`);
      const healthyEndpoint = await register(`http://healthy.unicef.example.org:${healthy.port}/hook`);
      const { sql } = await import('kysely');
      await sql`update webhook_endpoints set status = case when id in (${slowEndpoint.body.id!}, ${healthyEndpoint.body.id!}) then 'active' else 'disabled' end`.execute(hub.database.db);
      const started = Date.now();
      await emit(40);
      const loop = startDeliveryLoop({ ...options({ allowPrivateTargets: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }], concurrency: 16, perEndpoint: 4, timeoutMs: 5_000 }), intervalMs: 50 });
      try {
        while (healthy.hits.length < 40 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 20));
      } finally {
        await loop.stop();
      }
      // 40 deliveries of 100 ms each, one at a time, would take 4 s; four at a time, about 1 s,
      // however long the other receiver keeps its four (the bound leaves room for a busy machine).
      expect(healthy.hits.length).toBe(40);
      const tookMs = Math.max(...healthy.hits.map((h) => h.at)) - started;
      expect(tookMs).toBeLessThan(3_000);
      // The slow receiver never had more than its four at once.
      expect(slow.hits.length).toBeLessThanOrEqual(4);
    } finally {
      await slow.stop();
      await healthy.stop();
    }
  });
});
