import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../support/figures';
import { createTestHub, type TestHub } from '../support/hub';
import { principalTokens, TABLE, type Who } from './access-matrix';

/**
 * Hostile input on every route of the OpenAPI document, as a principal the route admits (so the
 * input gets past authentication to validation and the verbs): wrong types, huge and odd strings,
 * prototype-pollution keys, injection strings, path traversal, fields the caller may not set.
 * Every answer is a 4xx problem (or a 2xx for input that is merely odd), never a 5xx or a stack
 * trace, and a refused request leaves the database as it was.
 */
const RUNS_PER_ROUTE = Number(process.env.PONTE_HOSTILE_RUNS ?? 12);

const nasty = fc.oneof(
  fc.constantFrom(
    "'; drop table users; --",
    '" or 1=1 --',
    '\n{"level":"fatal","msg":"forged"}',
    '../../../../etc/passwd',
    '%2e%2e%2f%2e%2e%2f',
    '\u0000',
    '\ud800',
    '\u202e\u0645\u0631\u062d\u0628\u0627',
    '\u200b\u200d\ufeff',
    '💥'.repeat(500),
    'x'.repeat(70_000),
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
    '=cmd|" /C calc"!A0',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(-0),
  fc.constant(1e308),
  fc.array(fc.constant('a'), { maxLength: 3000 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 20 }),
);
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'agencyId', 'agency_id', 'status', 'createdBy', 'created_by', 'owner', 'roles', 'version', 'id'];

const body = fc.oneof(
  nasty,
  fc.dictionary(fc.oneof(fc.constantFrom(...POLLUTING_KEYS), fc.string({ maxLength: 20 })), nasty, { maxKeys: 8 }),
  fc.array(nasty, { maxLength: 5 }),
);
const pathSegment = fc.oneof(fc.constantFrom('..%2f..%2fetc%2fpasswd', '%00', "1' or '1'='1", 'a'.repeat(500), '%F0%9F%92%A5', '00000000-0000-0000-0000-000000000000'), fc.uuid());
const queryValue = fc.oneof(fc.constantFrom("'; select pg_sleep(10); --", '-1', '1e999', 'NaN', '%00', 'a'.repeat(5000)), fc.string({ maxLength: 30 }));

let hub: TestHub;
let tokens: Record<Who, string | undefined>;
const figures = { routes: 0, inputs: 0, rejected: 0, accepted: 0, serverErrors: [] as string[], stackTraces: 0, changedOnRejection: [] as string[] };

async function snapshot(): Promise<string> {
  const { rows } = await sql<{ s: string }>`
    select concat_ws(',', (select count(*) from agencies), (select count(*) from agreements), (select count(*) from users), (select count(*) from api_clients),
      (select count(*) from subjects), (select coalesce(sum(version), 0) from subjects), (select count(*) from consents), (select count(*) from consent_withdrawals),
      (select count(*) from referrals), (select coalesce(sum(version), 0) from referrals), (select count(*) from webhook_endpoints), (select count(*) from access_reviews),
      (select count(*) from break_glass_grants), (select count(*) from idempotency_keys), (select count(*) from documents), (select count(*) from document_chunks),
      (select count(*) from subject_transfers), (select coalesce(sum(version), 0) from subject_transfers),
      (select count(*) from legal_holds), (select count(*) from legal_holds where released_at is not null), (select count(*) from purge_requests), (select count(*) from purge_requests where attested_at is not null)) as s`.execute(hub.database.db);
  return rows[0]!.s;
}

beforeAll(async () => {
  hub = await createTestHub({ rateLimitPerMinute: 100_000 });
  tokens = await principalTokens(hub);
});
afterAll(() => hub?.close());

describe('hostile input', () => {
  it(`never gets a 5xx, a stack trace or a half-written change (${RUNS_PER_ROUTE} inputs a route)`, async () => {
    const spec = (await (await hub.call('GET', '/openapi.json')).json()) as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
    for (const [template, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${template}`;
        const row = TABLE[route];
        const allowed = row && Array.isArray(row.ok) ? row.ok : undefined;
        const who: Who = allowed?.[0] ?? 'iomCaseworker';
        figures.routes += 1;
        const queryNames = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const samples = fc.sample(fc.record({ body, segment: pathSegment, query: fc.dictionary(fc.constantFrom(...queryNames, 'unknown', '__proto__'), queryValue, { maxKeys: 4 }) }), {
          numRuns: RUNS_PER_ROUTE,
          seed: figures.routes,
        });
        for (const sample of samples) {
          const path = template.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(sample.segment)).replaceAll('%25', '%'));
          const query = new URLSearchParams(Object.entries(sample.query).map(([k, v]): [string, string] => [k, String(v)])).toString();
          const before = method === 'get' ? '' : await snapshot();
          const res = await hub.call(method.toUpperCase(), `${path}${query ? `?${query}` : ''}`, {
            ...(tokens[who] ? { token: tokens[who] } : {}),
            ...(method === 'get' ? {} : { body: JSON.stringify(sample.body), headers: { 'content-type': 'application/json' } }),
          });
          const text = await res.text();
          figures.inputs += 1;
          if (res.status >= 500) figures.serverErrors.push(`${route} → ${res.status}: ${text.slice(0, 200)}`);
          if (/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/.test(text)) figures.stackTraces += 1;
          if (res.status >= 400) {
            figures.rejected += 1;
            // The token endpoint answers refusals as RFC 6749 §5.2 says ({error, error_description}); every other route as RFC 9457.
            if (route === 'POST /oauth/token') expect(JSON.parse(text)).toMatchObject({ error: expect.any(String), error_description: expect.any(String) });
            else expect(res.headers.get('content-type')).toMatch(/problem\+json/);
            if (method !== 'get' && (await snapshot()) !== before) figures.changedOnRejection.push(route);
          } else figures.accepted += 1;
        }
      }
    }
    console.log(
      `hostile input: ${figures.inputs} inputs on ${figures.routes} routes; ${figures.rejected} refused, ${figures.accepted} accepted; ${figures.serverErrors.length} 5xx, ${figures.stackTraces} stack traces, ${figures.changedOnRejection.length} changes on refusal`,
    );
    recordFigures('hostile', { inputs: figures.inputs, serverErrors: figures.serverErrors.length, stackTraces: figures.stackTraces, changedOnRejection: figures.changedOnRejection.length });
    expect(figures.serverErrors).toEqual([]);
    expect(figures.stackTraces).toBe(0);
    expect(figures.changedOnRejection).toEqual([]);
  }, 60_000 + RUNS_PER_ROUTE * 3_000);
});
