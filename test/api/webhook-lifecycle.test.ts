import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { deliverDueWebhooks } from '@ponte/core';
import { findAgencyBySlug, insertEventsAtCommit, withoutTenant, withTenant } from '@ponte/db';
import { sql } from 'kysely';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_ENGINES } from '../support/database';
import { actingAs, createTestHub, type TestHub } from '../support/hub';
import { v1aSignature } from '../support/webhook-receiver';

/**
 * Webhooks an integrator verifies with the Standard Webhooks library as it is (`v1`, under the
 * endpoint's own secret, shown once), beside the hub's `v1a`; and endpoints changed, paused,
 * resumed, tested and deleted through the API, on both engines.
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
  const tokens: Record<string, string> = {};
  const as = actingAs(() => hub, tokens);
  const deliver = () => deliverDueWebhooks({ db: hub.database.db, tokens: hub.tokens, secrets: hub.secrets, logger: pino({ level: 'silent' }), allowPrivateTargets: true, backoffBaseMs: 60_000 });
  const emit = () =>
    withTenant(hub.database.db, unicefId, async (tx) => insertEventsAtCommit(tx, [{ agency_id: unicefId, type: 'referral.sent', referral_id: null, payload: { n: 1 }, created_at: new Date() }]));
  const create = async () => {
    const made = await as('admin', 'POST', '/v1/webhook-endpoints', { url: receiver.url, description: 'case system' });
    expect(made.status).toBe(201);
    return made.body as { id: string; secret: string; version: number; status: string };
  };
  /** Only this endpoint gets deliveries: the others of earlier tests are deleted. */
  const alone = async () => {
    const list = await as('admin', 'GET', '/v1/webhook-endpoints');
    for (const e of list.body.items as Array<{ id: string }>) expect((await as('admin', 'DELETE', `/v1/webhook-endpoints/${e.id}`)).status).toBe(200);
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
    tokens.admin = await hub.tokenFor('unicef', 'admin');
    tokens.caseworker = await hub.tokenFor('unicef', 'caseworker');
    tokens.otherAdmin = await hub.tokenFor('iom', 'admin');
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
    const read = await as('admin', 'GET', `/v1/webhook-endpoints/${endpoint.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(`"${endpoint.version}"`);
    expect(JSON.stringify(read.body)).not.toContain(endpoint.secret.slice(6));
    expect(read.body.secretCreatedAt).not.toBeNull();
    expect(JSON.stringify((await as('admin', 'GET', '/v1/webhook-endpoints')).body)).not.toContain(endpoint.secret.slice(6));

    await emit();
    expect((await deliver()).delivered).toBe(1);
    const [delivery] = receiver.received;
    expect(delivery!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=* v1a,[A-Za-z0-9+/]+=*$/);
    const payload = new Webhook(endpoint.secret).verify(delivery!.body, headersOf(delivery!)) as { id: string; type: string };
    expect(payload).toMatchObject({ id: delivery!.headers['webhook-id'], type: 'referral.sent' });
    expect(await v1aVerifies(delivery!)).toBe(true);

    const tampered = delivery!.body.replace('"n":1', '"n":2');
    expect(tampered).not.toBe(delivery!.body);
    expect(() => new Webhook(endpoint.secret).verify(tampered, headersOf(delivery!))).toThrow();
    expect(await v1aVerifies(delivery!, tampered)).toBe(false);
    // Another endpoint's secret does not verify it either.
    const other = await as('admin', 'POST', '/v1/webhook-endpoints', { url: `${receiver.url}/other`, eventTypes: ['referral.completed'] });
    expect(() => new Webhook(other.body.secret).verify(delivery!.body, headersOf(delivery!))).toThrow();
    expect(hub.logs.join('\n')).not.toContain(endpoint.secret.slice(6));
  });

  it('keeps the secret from the application role: only the worker reads it', async () => {
    await expect(withTenant(hub.database.db, unicefId, (tx) => sql`select secret_sealed from webhook_endpoints`.execute(tx))).rejects.toThrow(/permission denied/);
    const rows = await withoutTenant(hub.database.db, 'worker', (tx) => sql<{ secret_sealed: string | null }>`select secret_sealed from webhook_endpoints where status = 'active'`.execute(tx));
    expect(rows.rows.every((r) => r.secret_sealed === null || r.secret_sealed.startsWith('sealed1.'))).toBe(true);
  });

  it('pings: a ponte.ping delivered to that endpoint alone, signed both ways', async () => {
    const endpoint = await alone();
    const second = await as('admin', 'POST', '/v1/webhook-endpoints', { url: `${receiver.url}/second` });
    const ping = await as('admin', 'POST', `/v1/webhook-endpoints/${endpoint.id}/ping`);
    expect(ping.status).toBe(202);
    await deliver();
    expect(receiver.received.length).toBe(1);
    const [delivery] = receiver.received;
    expect(new Webhook(endpoint.secret).verify(delivery!.body, headersOf(delivery!))).toMatchObject({ type: 'ponte.ping', data: { endpointId: endpoint.id } });
    expect(await v1aVerifies(delivery!)).toBe(true);
    expect(second.status).toBe(201);
  });

  it('pauses: nothing is posted meanwhile and nothing is lost; on resume what waited goes out', async () => {
    const endpoint = await alone();
    receiver.status = 503;
    await emit();
    await deliver();
    expect(receiver.received.length).toBe(1);
    const paused = await as('admin', 'POST', `/v1/webhook-endpoints/${endpoint.id}/pause`);
    expect(paused.body.status).toBe('paused');
    receiver.status = 204;
    receiver.received = [];
    await emit();
    await as('admin', 'POST', `/v1/webhook-endpoints/${endpoint.id}/ping`);
    // The retry falls due, and new events come: nothing goes to a paused endpoint.
    await sql`update webhook_deliveries set next_attempt_at = now() where status = 'pending'`.execute(hub.database.db);
    await deliver();
    expect(receiver.received).toEqual([]);
    const resumed = await as('admin', 'POST', `/v1/webhook-endpoints/${endpoint.id}/resume`);
    expect(resumed.body.status).toBe('active');
    await deliver();
    expect(receiver.types().sort()).toEqual(['ponte.ping', 'referral.sent', 'referral.sent']);
    for (const delivery of receiver.received) expect(() => new Webhook(endpoint.secret).verify(delivery.body, headersOf(delivery))).not.toThrow();
  });

  it('deletes: pending deliveries end cancelled and are never posted; the endpoint is gone', async () => {
    const endpoint = await alone();
    receiver.status = 503;
    await emit();
    await emit();
    await deliver();
    const deleted = await as('admin', 'DELETE', `/v1/webhook-endpoints/${endpoint.id}`);
    expect(deleted).toMatchObject({ status: 200, body: { cancelled: 2 } });
    const cancelled = await as('admin', 'GET', '/v1/webhook-deliveries?status=cancelled');
    expect(cancelled.body.items.filter((d: { endpointId: string }) => d.endpointId === endpoint.id).length).toBe(2);
    receiver.received = [];
    await sql`update webhook_deliveries set next_attempt_at = now()`.execute(hub.database.db);
    await deliver();
    expect(receiver.received).toEqual([]);
    expect((await as('admin', 'GET', `/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(404);
    expect((await as('admin', 'GET', '/v1/webhook-endpoints')).body.items.map((e: { id: string }) => e.id)).not.toContain(endpoint.id);
    const secrets = await withoutTenant(hub.database.db, 'worker', (tx) => sql<{ s: string | null }>`select secret_sealed as s from webhook_endpoints where id = ${endpoint.id}`.execute(tx));
    expect(secrets.rows[0]!.s).toBeNull();
  });

  it('changes an endpoint with If-Match: 428 without it, 412 with a stale ETag', async () => {
    const endpoint = await alone();
    const read = await as('admin', 'GET', `/v1/webhook-endpoints/${endpoint.id}`);
    const etag = read.headers.get('etag')!;
    expect((await as('admin', 'PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { description: 'x' })).status).toBe(428);
    const changed = await as('admin', 'PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { description: 'referrals system', eventTypes: ['referral.accepted'] }, { 'if-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ description: 'referrals system', eventTypes: ['referral.accepted'], version: endpoint.version + 1 });
    expect(changed.headers.get('etag')).toBe(`"${endpoint.version + 1}"`);
    expect((await as('admin', 'PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { description: 'again' }, { 'if-match': etag })).status).toBe(412);
  });

  it('rotates the secret: both verify during the overlap; with no overlap only the new one', async () => {
    const endpoint = await alone();
    const rotated = await as('admin', 'POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { overlapHours: 24 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(rotated.body.previousSecretExpiresAt).not.toBeNull();
    await as('admin', 'POST', `/v1/webhook-endpoints/${endpoint.id}/ping`);
    await deliver();
    const [during] = receiver.received;
    expect(String(during!.headers['webhook-signature']).split(' ').filter((s) => s.startsWith('v1,')).length).toBe(2);
    expect(() => new Webhook(endpoint.secret).verify(during!.body, headersOf(during!))).not.toThrow();
    expect(() => new Webhook(rotated.body.secret).verify(during!.body, headersOf(during!))).not.toThrow();

    const again = await as('admin', 'POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { overlapHours: 0 });
    expect(again.body.previousSecretExpiresAt).toBeNull();
    receiver.received = [];
    await as('admin', 'POST', `/v1/webhook-endpoints/${endpoint.id}/ping`);
    await deliver();
    const [after] = receiver.received;
    expect(() => new Webhook(again.body.secret).verify(after!.body, headersOf(after!))).not.toThrow();
    expect(() => new Webhook(rotated.body.secret).verify(after!.body, headersOf(after!))).toThrow();
  });

  it('an endpoint made before endpoints had secrets gets v1a only, until its secret is rotated', async () => {
    const endpoint = await alone();
    await sql`update webhook_endpoints set secret_sealed = null, secret_created_at = null where id = ${endpoint.id}`.execute(hub.database.db);
    await as('admin', 'POST', `/v1/webhook-endpoints/${endpoint.id}/ping`);
    await deliver();
    expect(String(receiver.received[0]!.headers['webhook-signature'])).toMatch(/^v1a,[^ ]+$/);
    expect(await v1aVerifies(receiver.received[0]!)).toBe(true);
    const rotated = await as('admin', 'POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {});
    expect(rotated.body.previousSecretExpiresAt).toBeNull();
    receiver.received = [];
    await as('admin', 'POST', `/v1/webhook-endpoints/${endpoint.id}/ping`);
    await deliver();
    expect(() => new Webhook(rotated.body.secret).verify(receiver.received[0]!.body, headersOf(receiver.received[0]!))).not.toThrow();
  });

  it('lets only the agency’s administrator manage its endpoints, and logs each step', async () => {
    const endpoint = await alone();
    for (const [who, status] of [
      ['caseworker', 404],
      ['otherAdmin', 404],
    ] as const) {
      expect((await as(who, 'POST', `/v1/webhook-endpoints/${endpoint.id}/pause`)).status).toBe(status);
      expect((await as(who, 'DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(status);
      expect((await as(who, 'POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {})).status).toBe(status);
    }
    await as('admin', 'POST', `/v1/webhook-endpoints/${endpoint.id}/pause`);
    const log = await sql<{ action: string; decision: string; rule: string }>`select action, decision, rule from access_events where resource = 'Webhook' and resource_id = ${endpoint.id} order by occurred_at`.execute(hub.database.db);
    expect(log.rows).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'create', decision: 'allow', rule: 'webhook.register' }), expect.objectContaining({ action: 'pause', decision: 'allow', rule: 'webhook.pause' })]));
  });
});
