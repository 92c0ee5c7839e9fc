import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { verifyWebhook, WebhookVerificationError, type PonteClient, type PonteWebhookEvent } from '@ponte/client';
import { deliverDueWebhooks } from '@ponte/core';
import { findAgencyBySlug, insertEventsAtCommit, withoutTenant, withTenant } from '@ponte/db';
import { sql } from 'kysely';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';
import { v1aSignature } from '../support/webhook-receiver';

/**
 * Webhooks an integrator verifies with the Standard Webhooks library as it is (`v1`, under the
 * endpoint's own secret, shown once), beside the hub's `v1a`; and endpoints changed, paused,
 * resumed, tested and deleted through the API (the typed SDK), on both engines. Every delivery the
 * hub signs is verified by the SDK's verifyWebhook and by the standardwebhooks package alike.
 */

/** An agency's receiver: keeps each request's raw body and headers, answers `status`. */
class Receiver {
  received: Array<{ body: string; headers: IncomingHttpHeaders }> = [];
  status = 204;
  #server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(this.status).end();
    });
  });
  url = '';
  async start() {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as { port: number }).port}/ponte-events`;
    return this;
  }
  types() {
    return this.received.map((r) => (JSON.parse(r.body) as { type: string }).type);
  }
  stop() {
    this.#server.closeAllConnections();
    return new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A call's answer as the assertions read it: the status, the body (data, or the problem) and the headers. */
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any, headers: result.response.headers });

/**
 * What the SDK's verifyWebhook and the standardwebhooks package each make of a delivery under a
 * secret: the event, or 'refused'. They must agree.
 */
function verdicts(secret: string, r: { body: string; headers: IncomingHttpHeaders }, body = r.body) {
  const ours = (() => {
    try {
      return verifyWebhook({ secret, headers: r.headers, body });
    } catch (e) {
      if (!(e instanceof WebhookVerificationError)) throw e;
      return 'refused';
    }
  })();
  const theirs = (() => {
    try {
      return new Webhook(secret).verify(body, headersOf(r));
    } catch {
      return 'refused';
    }
  })();
  expect(ours).toEqual(theirs);
  return ours;
}

/** The headers as the `standardwebhooks` library takes them. */
const headersOf = (r: { headers: IncomingHttpHeaders }) => ({
  'webhook-id': String(r.headers['webhook-id']),
  'webhook-timestamp': String(r.headers['webhook-timestamp']),
  'webhook-signature': String(r.headers['webhook-signature']),
});

describe.each(BOTH_ENGINES)('webhook endpoints on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  let receiver: Receiver;
  let unicefId: string;
  const c: Record<string, PonteClient> = {};
  const deliver = () => deliverDueWebhooks({ db: hub.database.db, tokens: hub.tokens, secrets: hub.secrets, logger: pino({ level: 'silent' }), allowPrivateTargets: true, backoffBaseMs: 60_000 });
  const emit = () =>
    withTenant(hub.database.db, unicefId, async (tx) => insertEventsAtCommit(tx, [{ agency_id: unicefId, type: 'referral.sent', referral_id: null, payload: { n: 1 }, created_at: new Date() }]));
  const create = async () => {
    const made = answer(await c.admin!.api.POST('/v1/webhook-endpoints', { body: { url: receiver.url, description: 'case system' } }));
    expect(made.status).toBe(201);
    return made.body as { id: string; secret: string; version: number; status: string };
  };
  /** Only this endpoint gets deliveries: the others of earlier tests are deleted. */
  const alone = async () => {
    const list = answer(await c.admin!.api.GET('/v1/webhook-endpoints'));
    for (const e of list.body.items as Array<{ id: string }>) expect((answer(await c.admin!.api.DELETE('/v1/webhook-endpoints/{id}', { params: { path: { id: e.id } } }))).status).toBe(200);
    receiver.received = [];
    receiver.status = 204;
    return create();
  };
  const jwks = async () => (await (await hub.call('GET', '/.well-known/jwks.json')).json()) as { keys: Array<Record<string, string>> };
  const v1aVerifies = async (r: { body: string; headers: IncomingHttpHeaders }, body = r.body) => {
    const jwk = (await jwks()).keys.find((k) => k.kid === r.headers['ponte-key-id']);
    if (!jwk) return false;
    const signed = Buffer.from(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${body}`);
    return verify(null, signed, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), Buffer.from(v1aSignature(r.headers['webhook-signature']), 'base64'));
  };

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), allowPrivateWebhookTargets: true, rateLimitPerMinute: 1_000_000 });
    receiver = await new Receiver().start();
    unicefId = (await withoutTenant(hub.database.db, 'hub', (tx) => findAgencyBySlug(tx, 'unicef')))!.id;
    c.admin = hub.client('unicef', 'admin');
    c.caseworker = hub.client('unicef', 'caseworker');
    c.otherAdmin = hub.client('iom', 'admin');
  }, 60_000);
  afterAll(async () => {
    await receiver?.stop();
    await hub?.close();
  });

  it('answers the secret once; a delivery verifies with the unchanged standardwebhooks package and v1a with the JWKS; a tampered body fails both', async () => {
    const endpoint = await alone();
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(endpoint.secret.slice('whsec_'.length), 'base64').length).toBe(32);
    // Never again: not in a read, a list or a log line.
    const read = answer(await c.admin!.api.GET('/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } } }));
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(`"${endpoint.version}"`);
    expect(JSON.stringify(read.body)).not.toContain(endpoint.secret.slice(6));
    expect(read.body.secretCreatedAt).not.toBeNull();
    expect(JSON.stringify((answer(await c.admin!.api.GET('/v1/webhook-endpoints'))).body)).not.toContain(endpoint.secret.slice(6));

    await emit();
    expect((await deliver()).delivered).toBe(1);
    const [delivery] = receiver.received;
    expect(delivery!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=* v1a,[A-Za-z0-9+/]+=*$/);
    const payload = new Webhook(endpoint.secret).verify(delivery!.body, headersOf(delivery!)) as { id: string; type: string };
    expect(verdicts(endpoint.secret, delivery!)).toEqual(payload);
    // v1a alone, against the hub's published keys: the SDK needs no shared secret for it.
    const keys = await jwks();
    expect(verifyWebhook({ jwks: keys as never, headers: delivery!.headers, body: delivery!.body })).toEqual(payload);
    expect(() => verifyWebhook({ jwks: keys as never, headers: delivery!.headers, body: delivery!.body.replace('"n":1', '"n":2') })).toThrow(WebhookVerificationError);
    expect(payload).toMatchObject({ id: delivery!.headers['webhook-id'], type: 'referral.sent' });
    expect(await v1aVerifies(delivery!)).toBe(true);

    const tampered = delivery!.body.replace('"n":1', '"n":2');
    expect(tampered).not.toBe(delivery!.body);
    expect(verdicts(endpoint.secret, delivery!, tampered)).toBe('refused');
    expect(await v1aVerifies(delivery!, tampered)).toBe(false);
    // Another endpoint's secret does not verify it either.
    const other = answer(await c.admin!.api.POST('/v1/webhook-endpoints', { body: { url: `${receiver.url}/other`, eventTypes: ['referral.completed'] } }));
    expect(verdicts(other.body.secret, delivery!, delivery!.body)).toBe('refused');
    expect(hub.logs.join('\n')).not.toContain(endpoint.secret.slice(6));
  });

  it('keeps the secret from the application role: only the worker reads it', async () => {
    await expect(withTenant(hub.database.db, unicefId, (tx) => sql`select secret_sealed from webhook_endpoints`.execute(tx))).rejects.toThrow(/permission denied/);
    const rows = await withoutTenant(hub.database.db, 'worker', (tx) => sql<{ secret_sealed: string | null }>`select secret_sealed from webhook_endpoints where status = 'active'`.execute(tx));
    expect(rows.rows.every((r) => r.secret_sealed === null || r.secret_sealed.startsWith('sealed1.'))).toBe(true);
  });

  it('pings: a ponte.ping delivered to that endpoint alone, signed both ways', async () => {
    const endpoint = await alone();
    const second = answer(await c.admin!.api.POST('/v1/webhook-endpoints', { body: { url: `${receiver.url}/second` } }));
    const ping = answer(await c.admin!.api.POST('/v1/webhook-endpoints/{id}/ping', { params: { path: { id: endpoint.id } } }));
    expect(ping.status).toBe(202);
    await deliver();
    expect(receiver.received.length).toBe(1);
    const [delivery] = receiver.received;
    expect(verdicts(endpoint.secret, delivery!)).toMatchObject({ type: 'ponte.ping', data: { endpointId: endpoint.id } });
    // Typed by the document's webhooks: narrowed by its type, a ping names its endpoint.
    const event = verifyWebhook<PonteWebhookEvent>({ secret: endpoint.secret, headers: delivery!.headers, body: delivery!.body });
    expect(event.type === 'ponte.ping' ? event.data.endpointId : undefined).toBe(endpoint.id);
    expect(await v1aVerifies(delivery!)).toBe(true);
    expect(second.status).toBe(201);
  });

  it('pauses: nothing is posted meanwhile and nothing is lost; on resume what waited goes out', async () => {
    const endpoint = await alone();
    receiver.status = 503;
    await emit();
    await deliver();
    expect(receiver.received.length).toBe(1);
    const paused = answer(await c.admin!.api.POST('/v1/webhook-endpoints/{id}/pause', { params: { path: { id: endpoint.id } } }));
    expect(paused.body.status).toBe('paused');
    receiver.status = 204;
    receiver.received = [];
    await emit();
    answer(await c.admin!.api.POST('/v1/webhook-endpoints/{id}/ping', { params: { path: { id: endpoint.id } } }));
    // The retry falls due, and new events come: nothing goes to a paused endpoint.
    await sql`update webhook_deliveries set next_attempt_at = now() where status = 'pending'`.execute(hub.database.db);
    await deliver();
    expect(receiver.received).toEqual([]);
    const resumed = answer(await c.admin!.api.POST('/v1/webhook-endpoints/{id}/resume', { params: { path: { id: endpoint.id } } }));
    expect(resumed.body.status).toBe('active');
    await deliver();
    expect(receiver.types().sort()).toEqual(['ponte.ping', 'referral.sent', 'referral.sent']);
    for (const delivery of receiver.received) expect(verdicts(endpoint.secret, delivery, delivery.body)).not.toBe('refused');
  });

  it('deletes: pending deliveries end cancelled and are never posted; the endpoint is gone', async () => {
    const endpoint = await alone();
    receiver.status = 503;
    await emit();
    await emit();
    await deliver();
    const deleted = answer(await c.admin!.api.DELETE('/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } } }));
    expect(deleted).toMatchObject({ status: 200, body: { cancelled: 2 } });
    const cancelled = answer(await c.admin!.api.GET('/v1/webhook-deliveries', { params: { query: { status: 'cancelled' } } }));
    expect(cancelled.body.items.filter((d: { endpointId: string }) => d.endpointId === endpoint.id).length).toBe(2);
    receiver.received = [];
    await sql`update webhook_deliveries set next_attempt_at = now()`.execute(hub.database.db);
    await deliver();
    expect(receiver.received).toEqual([]);
    expect((answer(await c.admin!.api.GET('/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } } }))).status).toBe(404);
    expect((answer(await c.admin!.api.GET('/v1/webhook-endpoints'))).body.items.map((e: { id: string }) => e.id)).not.toContain(endpoint.id);
    const secrets = await withoutTenant(hub.database.db, 'worker', (tx) => sql<{ s: string | null }>`select secret_sealed as s from webhook_endpoints where id = ${endpoint.id}`.execute(tx));
    expect(secrets.rows[0]!.s).toBeNull();
  });

  it('changes an endpoint with If-Match: 428 without it, 412 with a stale ETag', async () => {
    const endpoint = await alone();
    // A client that never read the endpoint has no ETag to send.
    const stranger = hub.client('unicef', 'admin');
    expect(answer(await stranger.api.PATCH('/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } }, body: { description: 'x' } })).status).toBe(428);
    const read = answer(await c.admin!.api.GET('/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } } }));
    const etag = read.headers.get('etag')!;
    // The one that read it sends the ETag it read.
    const changed = answer(await c.admin!.api.PATCH('/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } }, body: { description: 'referrals system', eventTypes: ['referral.accepted'] } }));
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ description: 'referrals system', eventTypes: ['referral.accepted'], version: endpoint.version + 1 });
    expect(changed.headers.get('etag')).toBe(`"${endpoint.version + 1}"`);
    expect((answer(await c.admin!.api.PATCH('/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } }, body: { description: 'again' }, headers: { 'if-match': etag } }))).status).toBe(412);
    // An ETag given by the caller is sent as given: a stale one is refused whoever sends it.
    expect(answer(await stranger.api.PATCH('/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } }, body: { description: 'again' }, headers: { 'if-match': etag } })).status).toBe(412);
  });

  it('rotates the secret: both verify during the overlap; with no overlap only the new one', async () => {
    const endpoint = await alone();
    const rotated = answer(await c.admin!.api.POST('/v1/webhook-endpoints/{id}/rotate-secret', { params: { path: { id: endpoint.id } }, body: { overlapHours: 24 } }));
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(rotated.body.previousSecretExpiresAt).not.toBeNull();
    answer(await c.admin!.api.POST('/v1/webhook-endpoints/{id}/ping', { params: { path: { id: endpoint.id } } }));
    await deliver();
    const [during] = receiver.received;
    expect(String(during!.headers['webhook-signature']).split(' ').filter((s) => s.startsWith('v1,')).length).toBe(2);
    expect(verdicts(endpoint.secret, during!, during!.body)).not.toBe('refused');
    expect(verdicts(rotated.body.secret, during!, during!.body)).not.toBe('refused');

    const again = answer(await c.admin!.api.POST('/v1/webhook-endpoints/{id}/rotate-secret', { params: { path: { id: endpoint.id } }, body: { overlapHours: 0 } }));
    expect(again.body.previousSecretExpiresAt).toBeNull();
    receiver.received = [];
    answer(await c.admin!.api.POST('/v1/webhook-endpoints/{id}/ping', { params: { path: { id: endpoint.id } } }));
    await deliver();
    const [after] = receiver.received;
    expect(verdicts(again.body.secret, after!, after!.body)).not.toBe('refused');
    expect(verdicts(rotated.body.secret, after!, after!.body)).toBe('refused');
  });

  it('an endpoint made before endpoints had secrets gets v1a only, until its secret is rotated', async () => {
    const endpoint = await alone();
    await sql`update webhook_endpoints set secret_sealed = null, secret_created_at = null where id = ${endpoint.id}`.execute(hub.database.db);
    answer(await c.admin!.api.POST('/v1/webhook-endpoints/{id}/ping', { params: { path: { id: endpoint.id } } }));
    await deliver();
    expect(String(receiver.received[0]!.headers['webhook-signature'])).toMatch(/^v1a,[^ ]+$/);
    expect(await v1aVerifies(receiver.received[0]!)).toBe(true);
    const rotated = answer(await c.admin!.api.POST('/v1/webhook-endpoints/{id}/rotate-secret', { params: { path: { id: endpoint.id } }, body: {} }));
    expect(rotated.body.previousSecretExpiresAt).toBeNull();
    receiver.received = [];
    answer(await c.admin!.api.POST('/v1/webhook-endpoints/{id}/ping', { params: { path: { id: endpoint.id } } }));
    await deliver();
    expect(verdicts(rotated.body.secret, receiver.received[0]!, receiver.received[0]!.body)).not.toBe('refused');
  });

  it('lets only the agency’s administrator manage its endpoints, and logs each step', async () => {
    const endpoint = await alone();
    for (const [who, status] of [
      ['caseworker', 404],
      ['otherAdmin', 404],
    ] as const) {
      expect((answer(await c[who]!.api.POST('/v1/webhook-endpoints/{id}/pause', { params: { path: { id: endpoint.id } } }))).status).toBe(status);
      expect((answer(await c[who]!.api.DELETE('/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } } }))).status).toBe(status);
      expect((answer(await c[who]!.api.POST('/v1/webhook-endpoints/{id}/rotate-secret', { params: { path: { id: endpoint.id } }, body: {} }))).status).toBe(status);
    }
    answer(await c.admin!.api.POST('/v1/webhook-endpoints/{id}/pause', { params: { path: { id: endpoint.id } } }));
    const log = await sql<{ action: string; decision: string; rule: string }>`select action, decision, rule from access_events where resource = 'Webhook' and resource_id = ${endpoint.id} order by occurred_at`.execute(hub.database.db);
    expect(log.rows).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'create', decision: 'allow', rule: 'webhook.register' }), expect.objectContaining({ action: 'pause', decision: 'allow', rule: 'webhook.pause' })]));
  });
});
