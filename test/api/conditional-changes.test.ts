import { unwrap, type PonteClient } from '@ponte/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * RFC 9110 conditional requests on versioned records, and the RateLimit header fields: strong
 * ETags on reads, `If-Match` required on every change of a versioned record (listed from the
 * OpenAPI document, so a new one without the guard fails here), 412 on a stale or weak tag. The
 * changes go through the typed SDK (the generic 428 sweep sends empty bodies on purpose, raw).
 */
let hub: TestHub;
let caseworker: PonteClient;
let supervisor: string;
let subjectId: string;
/** The subject's ETag as the last answer gave it (its data needs a consent to be read, the ETag does not). */
let etag: string;

type Operation = { parameters?: Array<{ name: string; in: string; required?: boolean }>; responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
let doc: Document;

/**
 * Referral (and transfer) transitions keep `If-Match` optional: each is a compare-and-set on the status the caller
 * saw (a second `accept` answers 409), so none can overwrite a change unseen. Every other change of
 * a versioned record must require it.
 */
const STATUS_TRANSITIONS = [
  ...['accept', 'decline', 'start', 'complete', 'send', 'withdraw'].map((step) => `POST /v1/referrals/{id}/${step}`),
  // A transfer of responsibility's decisions likewise: each moves it from `pending` only.
  ...['accept', 'decline', 'cancel'].map((step) => `POST /v1/transfers/{id}/${step}`),
];

/**
 * Actions on a webhook endpoint that overwrite nothing the caller read: pausing or resuming sets one
 * state, the same whatever the caller saw (pausing a paused endpoint changes nothing), and a
 * rotation makes a new secret that only its caller is shown. No change can be lost, so they take
 * no `If-Match`.
 */
const SETTINGS = ['pause', 'resume', 'rotate-secret'].map((step) => `POST /v1/webhook-endpoints/{id}/${step}`);

/** Every operation that changes an existing record whose answer is a versioned record (a schema with `version`). */
function versionedChanges(): Array<{ method: string; path: string; operation: Operation }> {
  const versioned = (ref: string | undefined) => ref !== undefined && doc.components.schemas[ref.split('/').pop()!]?.properties?.version !== undefined;
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method, operation]) => method !== 'get' && path.includes('{') && versioned(operation.responses['200']?.content?.['application/json']?.schema?.$ref))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

const fill = (path: string) => path.replace('{id}', subjectId).replace('{slug}', 'iom');

beforeAll(async () => {
  hub = await createTestHub();
  caseworker = hub.client('iom', 'caseworker');
  supervisor = await hub.tokenFor('iom', 'supervisor');
  doc = (await (await hub.call('GET', '/openapi.json')).json()) as Document;
  const subject = await caseworker.api.POST('/v1/subjects', {
    body: { identity: { givenName: 'Rosa', familyName: 'Macuácua', dateOfBirth: '1990-02-11', sex: 'female', languages: ['pt'] } },
  });
  expect(subject.response.status).toBe(201);
  etag = subject.response.headers.get('etag')!;
  expect(etag).toBe('"1"');
  subjectId = unwrap(subject).id;
});
afterAll(() => hub?.close());

describe('If-Match on every change of a versioned record', () => {
  it('finds the changes in the OpenAPI document (the subject update among them)', () => {
    const found = versionedChanges().map((c) => `${c.method} ${c.path}`);
    expect(found).toEqual(expect.arrayContaining(['PATCH /v1/subjects/{id}', 'POST /v1/subjects/{id}/assignment', 'POST /v1/referrals/{id}/assign', ...STATUS_TRANSITIONS]));
  });

  it('each declares If-Match, required unless it is a status transition, and answers 428 without it', async () => {
    for (const { method, path, operation } of versionedChanges()) {
      const name = `${method} ${path}`;
      if (SETTINGS.includes(name)) continue;
      const header = operation.parameters?.find((p) => p.in === 'header' && p.name === 'if-match');
      expect(header, `${name} declares If-Match`).toBeDefined();
      if (STATUS_TRANSITIONS.includes(name)) {
        expect(header!.required ?? false, `${name}: optional`).toBe(false);
        continue;
      }
      expect(header!.required, `${name}: required`).toBe(true);
      expect(Object.keys(operation.responses), name).toEqual(expect.arrayContaining(['412', '428']));
      const res = await hub.call(method, fill(path), { token: supervisor, json: {} });
      expect(res.status, name).toBe(428);
      const problem = (await res.json()) as { code: string; errors: Array<{ in: string; field: string }> };
      expect(problem, name).toMatchObject({ code: 'precondition_required', errors: [{ in: 'header', field: 'if-match', check: 'required' }] });
    }
  });

  it('answers with a strong ETag, changes with the one given, and refuses a stale or weak tag with 412', async () => {
    const referral = unwrap(await caseworker.api.GET('/v1/referrals', { params: { query: { limit: 1 } } }));
    if (referral.items[0]) expect((await caseworker.api.GET('/v1/referrals/{id}', { params: { path: { id: referral.items[0].id } } })).response.headers.get('etag')).toMatch(/^"\d+"$/);
    // The If-Match given by the caller is sent as given (the SDK adds its own only when none is).
    const change = async (ifMatch: string, phone: string) => {
      const result = await caseworker.api.PATCH('/v1/subjects/{id}', { params: { path: { id: subjectId }, header: { 'if-match': ifMatch } }, body: { contact: { phone, safeToContact: true } } });
      return { status: result.response.status, body: result.data ?? result.error, etag: result.response.headers.get('etag') };
    };

    const weak = await change(`W/${etag}`, '+258841000010');
    expect(weak.status).toBe(412);
    expect(weak.body).toMatchObject({ code: 'precondition_failed', errors: [{ field: 'if-match', check: 'strong_etag' }] });

    const changed = await change(etag, '+258841000011');
    expect(changed.status).toBe(200);
    expect(changed.etag).toBe(`"${Number(JSON.parse(etag)) + 1}"`);

    const stale = await change(etag, '+258841000012');
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'precondition_failed' });

    // `*` matches whatever version is current (RFC 9110 §13.1.1); a record that does not exist stays 404.
    const any = await change('*', '+258841000013');
    expect(any.status).toBe(200);
    expect(any.etag).toBe(`"${Number(JSON.parse(etag)) + 2}"`);
    etag = any.etag!;
    const missing = await caseworker.api.PATCH('/v1/subjects/{id}', { params: { path: { id: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90' }, header: { 'if-match': '*' } }, body: { contact: null } });
    expect(missing.response.status).toBe(404);

    const unreadable = await change('"seven"', '+258841000014');
    expect(unreadable.status).toBe(400);
    expect(unreadable.body).toMatchObject({ code: 'invalid_request', errors: [{ field: 'if-match', check: 'etag' }] });

    // Without one given, the SDK sends the ETag of the last answer it had: the change goes through.
    expect(caseworker.etagOf(`/v1/subjects/${subjectId}`)).toBe(etag);
    const again = await caseworker.api.PATCH('/v1/subjects/{id}', { params: { path: { id: subjectId } }, body: { contact: { phone: '+258841000015', safeToContact: true } } });
    expect(again.response.status).toBe(200);
    etag = again.response.headers.get('etag')!;
    expect(etag).toBe(`"${Number(JSON.parse(any.etag!)) + 1}"`);
  });

  it('guards a reassignment the same way', async () => {
    const lead = hub.client('iom', 'supervisor');
    const assign = (ifMatch: string) => lead.api.POST('/v1/subjects/{id}/assignment', { params: { path: { id: subjectId }, header: { 'if-match': ifMatch } }, body: { assignedUserId: null, reason: 'team rota' } });
    const done = await assign(etag);
    expect(done.response.status).toBe(200);
    expect(done.response.headers.get('etag')).toBe(`"${Number(JSON.parse(etag)) + 1}"`);
    expect((await assign(etag)).response.status).toBe(412);
  });
});

describe('RateLimit header fields', () => {
  it('count down on each answer of a limited principal, and agree with Retry-After on the 429', async () => {
    const limited = await createTestHub({ database: hub.database, rateLimitPerMinute: 3 });
    // One try a call: the 429 is the answer under test, not something to wait out.
    const client = limited.client('iom', 'caseworker', { retry: { attempts: 1 } });
    const seen = [];
    for (let i = 0; i < 4; i++) {
      const res = (await client.api.GET('/v1/me')).response;
      expect(res.headers.get('ratelimit-policy')).toBe('"principal";q=3;w=60');
      const [, remaining, reset] = /^"principal";r=(\d+);t=(\d+)$/.exec(res.headers.get('ratelimit') ?? '') ?? [];
      expect(Number(reset)).toBeGreaterThanOrEqual(1);
      expect(Number(reset)).toBeLessThanOrEqual(60);
      seen.push({ status: res.status, remaining: Number(remaining), retryAfter: res.headers.get('retry-after'), reset: Number(reset) });
    }
    expect(seen.map((s) => [s.status, s.remaining])).toEqual([[200, 2], [200, 1], [200, 0], [429, 0]]);
    expect(Number(seen[3]!.retryAfter)).toBe(seen[3]!.reset);
  });

  it('are not sent where no limit counts, and the OpenAPI document lists them on the limited operations', async () => {
    expect((await hub.call('GET', '/healthz')).headers.get('ratelimit')).toBeNull();
    const me = doc.paths['/v1/me']!.get! as unknown as { responses: Record<string, { headers?: Record<string, unknown> }> };
    expect(Object.keys(me.responses['200']!.headers ?? {})).toEqual(expect.arrayContaining(['RateLimit-Policy', 'RateLimit']));
    expect(Object.keys(me.responses['429']!.headers ?? {})).toEqual(expect.arrayContaining(['Retry-After', 'RateLimit-Policy', 'RateLimit']));
    expect(doc.paths['/healthz']!.get!.responses['429']).toBeUndefined();
  });
});
