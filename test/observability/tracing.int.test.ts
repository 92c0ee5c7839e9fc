import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import { emptyEmbedded, emptyPostgres, type EmptyEngine } from '../support/empty-hub';
import { buildHub, HubProcess } from '../support/hub-process';
import { freePort } from '../support/private-postgres';
import { reintegrationConsent, StoryClient } from '../faults/fault-story';
import { OtlpSink } from './otlp-sink';

/**
 * Tracing as an operator switches it on: the hub as its own process on each engine, exporting by
 * OTLP/HTTP (JSON on one engine, protobuf, the default, on the other) to a collector's receiver.
 * A request is a server span named after its route, the verb it runs is its child, and each round
 * trip to the database is the verb's child; the request's log lines carry its trace id; and no
 * span, metric label or log line carries a value of the person the story is about.
 */
const METRICS_TOKEN = 'a-metrics-token-for-the-tracing-test-0000';
/** The person: values no route pattern, rule code or statement could hold by chance. */
const PERSON = { givenName: 'Zeferina', familyName: 'Nhamatanda-Quirimbas', dateOfBirth: '1987-03-14', phone: '+258841239876' };
const PERSONAL_VALUES = ['Zeferina', 'Nhamatanda', 'Quirimbas', '1987-03-14', '841239876'];

const ENGINES: Array<[string, () => Promise<EmptyEngine>, 'http/json' | 'http/protobuf']> = [
  ['PostgreSQL', emptyPostgres, 'http/json'],
  ['PGlite', emptyEmbedded, 'http/protobuf'],
];

describe.each(ENGINES.map(([name, make, protocol]) => ({ name, make, protocol })))('tracing on $name, exported as $protocol', ({ make: makeEngine, protocol }) => {
  let engine: EmptyEngine;
  let hub: HubProcess;
  const sink = new OtlpSink();
  let client: StoryClient;

  beforeAll(async () => {
    await sink.start();
    engine = await makeEngine();
    hub = new HubProcess(await buildHub(`tracing-${protocol.replace('/', '-')}`), {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      PONTE_METRICS_TOKEN: METRICS_TOKEN,
      PONTE_DEMO_PASSWORD: DEMO_PASSWORD,
      PONTE_DEMO_WITNESSES: 'false',
      PONTE_SEED_DEMO: 'true',
      PONTE_MIGRATE: 'auto',
      PONTE_OPERATOR_SECOND_FACTOR: 'false',
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SERVICE_NAME: 'ponte-hub-under-test',
      ...engine.env,
    });
    await hub.start();
    client = new StoryClient(() => hub.url, DEMO_PASSWORD);
  }, 180_000);
  afterAll(async () => {
    await hub?.stop();
    await engine?.dispose();
    await sink.stop();
  });

  /** The story: register the person, record consent, refer, accept, read, search the log, be refused, send a bad body. */
  const story = async () => {
    const subject = await client.send('POST', '/v1/subjects', ['iom', 'caseworker'], {
      identity: { givenName: PERSON.givenName, familyName: PERSON.familyName, dateOfBirth: PERSON.dateOfBirth, sex: 'female', languages: ['pt'] },
      contact: { phone: PERSON.phone, safeToContact: true },
      location: { current: { country: 'MOZ', province: 'MZ-G' } },
    });
    expect({ status: subject.status, body: subject.status === 201 ? {} : subject.body }).toEqual({ status: 201, body: {} });
    const subjectId = String(subject.body.id);
    const recorded = await client.send('POST', `/v1/subjects/${subjectId}/consents`, ['iom', 'caseworker'], reintegrationConsent(['identity', 'contact']));
    expect(recorded.status).toBe(201);
    const referral = await client.send('POST', '/v1/referrals', ['iom', 'caseworker'], {
      to: 'caminho-seguro',
      subjectId,
      consentId: (recorded.body.consent as { id: string }).id,
      service: 'reintegration_economic',
      purpose: 'return_reintegration',
      urgency: 'priority',
      categories: ['identity', 'contact'],
    });
    expect(referral.status).toBe(201);
    expect((await client.send('POST', `/v1/referrals/${String(referral.body.id)}/accept`, ['caminho-seguro', 'focal-point'], {})).status).toBe(200);
    expect((await client.send('GET', `/v1/referrals/${String(referral.body.id)}`, ['caminho-seguro', 'focal-point'])).status).toBe(200);
    expect((await client.send('GET', `/v1/subjects/${subjectId}`, ['iom', 'caseworker'])).status).toBe(200);
    expect((await client.send('GET', `/v1/subjects/${subjectId}`, ['unhcr', 'caseworker'])).status).toBe(404);
    expect((await client.send('GET', `/v1/access-events?subjectId=${subjectId}&limit=10`, ['iom', 'privacy'])).status).toBe(200);
    // A refused body that quotes the person: the refusal names the field, never the value.
    const refused = await client.send('POST', '/v1/subjects', ['iom', 'caseworker'], { identity: { givenName: PERSON.givenName, familyName: PERSON.familyName, sex: PERSON.dateOfBirth } });
    expect(refused.status).toBe(400);
    return { subjectId };
  };

  it('makes a span for each request, its verb and each round trip, and the request’s log lines carry its trace id', async () => {
    await story();
    const isJson = protocol === 'http/json';
    await sink.until(() => (isJson ? sink.spans().some((s) => s.name === 'GET /v1/access-events') : sink.text().includes('GET /v1/access-events')));
    expect(sink.exports.every((e) => e.path === '/v1/traces')).toBe(true);
    expect(sink.exports.every((e) => e.contentType === (isJson ? 'application/json' : 'application/x-protobuf'))).toBe(true);
    if (!isJson) {
      // Protobuf carries the names as UTF-8: the same three levels are there.
      for (const name of ['POST /v1/subjects', 'registerSubject', 'INSERT subjects', 'sendReferral', 'ponte-hub-under-test', 'db.query.text']) expect(sink.text()).toContain(name);
      return;
    }
    const spans = sink.spans();
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const request = spans.find((s) => s.name === 'POST /v1/subjects' && s.attributes['http.response.status_code'] === 201)!;
    expect(request).toBeDefined();
    expect(request.kind).toBe(2); // SERVER
    expect(request.service).toBe('ponte-hub-under-test');
    expect(request.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/v1/subjects', 'ponte.agency': 'iom', 'ponte.principal.kind': 'user' });
    const verb = spans.find((s) => s.parentSpanId === request.spanId && s.name === 'registerSubject')!;
    expect(verb).toBeDefined();
    expect(verb.traceId).toBe(request.traceId);
    const statements = spans.filter((s) => s.parentSpanId === verb.spanId);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.kind).toBe(3); // CLIENT
      expect(statement.attributes['db.system.name']).toBe('postgresql');
      expect(typeof statement.attributes['db.query.text']).toBe('string');
    }
    expect(statements.map((s) => s.attributes['db.query.summary']).join('; ')).toMatch(/INSERT subjects/);
    // The refusal is on the verb's span, as a code.
    const denied = spans.find((s) => s.name === 'getSubject' && s.attributes['error.type'] === 'not_found');
    expect(denied && byId.get(denied.parentSpanId)?.attributes['ponte.agency']).toBe('unhcr');

    // Each log line of that request names the request and its trace.
    const lines = hub.logs.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const ofRequest = lines.filter((l) => l.requestId === request.attributes['ponte.request_id']);
    expect(ofRequest.length).toBeGreaterThan(0);
    for (const line of ofRequest) expect(line.traceId).toBe(request.traceId);
    for (const line of lines.filter((l) => l.requestId !== undefined)) expect(line.traceId).toMatch(/^[0-9a-f]{32}$/);
  }, 120_000);

  it('continues the trace of a caller that sends traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parent = '00f067aa0ba902b7';
    const res = await fetch(`${hub.url}/v1/me`, { headers: { authorization: `Bearer ${await client.token('iom', 'caseworker')}`, traceparent: `00-${traceId}-${parent}-01` } });
    expect(res.status).toBe(200);
    await sink.until(() => sink.text().includes(protocol === 'http/json' ? traceId : 'GET /v1/me'));
    if (protocol === 'http/json') expect(sink.spans().find((s) => s.name === 'GET /v1/me' && s.traceId === traceId)?.parentSpanId).toBe(parent);
    const line = hub.logs.join('').split('\n').find((l) => l.includes('"route":"/v1/me"') && l.includes(traceId));
    expect(line).toBeDefined();

    // A caller that did not sample its trace (flags 00): the hub keeps none of it either, not even
    // its verb or statements as traces of their own, yet its log lines carry the trace id.
    const unsampled = 'a3ce929d0e0e47364bf92f3577b34da6';
    expect((await fetch(`${hub.url}/v1/subjects?limit=1`, { headers: { authorization: `Bearer ${await client.token('iom', 'caseworker')}`, traceparent: `00-${unsampled}-${parent}-00` } })).status).toBe(200);
    const exportsBefore = sink.exports.length;
    // Something sampled after it, so its spans, had there been any, went out before.
    await fetch(`${hub.url}/v1/me`, { headers: { authorization: `Bearer ${await client.token('iom', 'caseworker')}` } });
    await sink.until(() => sink.exports.length > exportsBefore);
    await new Promise((r) => setTimeout(r, 300));
    // The trace id as JSON writes it (hex) or as protobuf does (its 16 bytes).
    expect(sink.exports.some((e) => e.body.includes(unsampled) || e.body.includes(Buffer.from(unsampled, 'hex')))).toBe(false);
    expect(sink.exports.some((e) => e.body.includes(traceId) || e.body.includes(Buffer.from(traceId, 'hex')))).toBe(true);
    if (protocol === 'http/json') expect(sink.spans().filter((s) => s.name === 'listSubjects')).toEqual([]);
    expect(hub.logs.join('').split('\n').find((l) => l.includes('"route":"/v1/subjects"') && l.includes(unsampled))).toBeDefined();
  }, 60_000);

  it('puts no value of the person in a span, a metric label or a log line', async () => {
    await sink.until(() => sink.exports.length > 0);
    // What the hub exported: every attribute, name and event of every span, in either encoding.
    const exported = sink.text();
    const metrics = await (await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const logs = hub.logs.join('');
    for (const value of PERSONAL_VALUES) {
      expect({ value, inSpans: exported.includes(value) }).toEqual({ value, inSpans: false });
      expect({ value, inMetrics: metrics.includes(value) }).toEqual({ value, inMetrics: false });
      expect({ value, inLogs: logs.includes(value) }).toEqual({ value, inLogs: false });
    }
    if (protocol === 'http/json') {
      // The statements went as lists with their values written in: the span's text has `?` instead.
      const texts = sink.spans().map((s) => String(s.attributes['db.query.text'] ?? ''));
      expect(texts.some((t) => t.includes('?'))).toBe(true);
      // Attributes come from closed sets, or are ids and sanitized statements: no client address, no path.
      const keys = new Set(sink.spans().flatMap((s) => Object.keys(s.attributes)));
      for (const key of ['client.address', 'url.full', 'url.path', 'url.query', 'user_agent.original', 'enduser.id']) expect(keys.has(key)).toBe(false);
    }
  }, 60_000);
});

describe('tracing off (no OTLP endpoint)', () => {
  let engine: EmptyEngine;
  let hub: HubProcess;
  beforeAll(async () => {
    engine = await emptyEmbedded();
    hub = new HubProcess(await buildHub('tracing-off'), {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      PONTE_DEMO_PASSWORD: DEMO_PASSWORD,
      PONTE_DEMO_WITNESSES: 'false',
      LOG_LEVEL: 'info',
      // Nobody scrapes this hub: nothing is counted, and a token alone does not serve /metrics.
      PONTE_METRICS: 'false',
      PONTE_METRICS_TOKEN: METRICS_TOKEN,
      ...engine.env,
    });
    await hub.start();
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await engine?.dispose();
  });

  it('still gives every request’s log lines a trace id: the caller’s, or a new one', async () => {
    const client = new StoryClient(() => hub.url, DEMO_PASSWORD);
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await fetch(`${hub.url}/v1/me`, { headers: { authorization: `Bearer ${await client.token('iom', 'caseworker')}`, traceparent: `00-${traceId}-b7ad6b7169203331-01` } });
    await fetch(`${hub.url}/v1/me`, { headers: { authorization: `Bearer ${await client.token('iom', 'caseworker')}`, traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01' } });
    await new Promise((r) => setTimeout(r, 200));
    const lines = hub.logs.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request' && l.route === '/v1/me');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.traceId).toBe(traceId);
    // An invalid trace id (all zeros) is not continued.
    expect(requests[1]!.traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    for (const line of lines.filter((l) => l.requestId !== undefined)) expect(line.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(hub.logs.join('')).not.toContain('tracing: spans exported');
  }, 60_000);

  it('serves no /metrics with PONTE_METRICS=false, even to the metrics token', async () => {
    expect((await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
  });
});
