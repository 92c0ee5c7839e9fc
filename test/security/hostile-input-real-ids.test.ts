import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../support/figures';
import { createTestHub, type TestHub } from '../support/hub';
import { fixture, principalTokens, TABLE, type Fixture, type Who } from './access-matrix';

/**
 * Hostile input that gets past the door: every route with a principal it admits, on records that
 * exist and that principal may touch (a subject with its consent, an accepted referral, ...), and
 * bodies that are the route's own valid body with one place made hostile: a lone surrogate, NUL,
 * bidi controls, text that is not UTF-8 (an overlong encoding), numbers too large to be exact,
 * JSON nested far deeper than any contract, a key nobody declared; path ids swapped for real ids of
 * another kind or of another agency; odd Idempotency-Key and If-Match headers. Never a 5xx or a
 * stack trace; a refusal is problem+json and writes nothing.
 */
const RUNS_PER_ROUTE = Number(process.env.PONTE_HOSTILE_RUNS ?? 12);

/** Any UTF-16 code unit, lone surrogates included (fast-check's own strings are well-formed). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileText = fc.oneof(
  fc.constantFrom('Ana\ud800', '\udfff', 'x\ud83d', '\udc00\ud800', 'A\u0000B', '\u0000', '\u202eevil\u202c', '\u2066\u2067\u2068\u2069', '\u200f\u061c\u200e', '\ufeff', '\uffff\ufffe', '\u0085\u2028\u2029', '🇲🇿'.repeat(400), ' '.repeat(5000)),
  fc.string({ unit: codeUnit, maxLength: 40 }),
);
const hostileNumber = fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 5e-324, -0, 0.1 + 0.2);
/** Replacements written straight into the JSON text: what JSON.stringify cannot produce. */
const RAW = {
  hugeExponent: '1e400',
  hugeInteger: '123456789012345678901234567890123456789',
  negativeHuge: '-1e400',
  deepArrays: `${'['.repeat(3000)}${']'.repeat(3000)}`,
  deepObjects: `${'{"a":'.repeat(1500)}1${'}'.repeat(1500)}`,
} as const;
/** An overlong encoding of '/' (C0 AF) and a lone continuation byte inside a string. */
const NOT_UTF8 = [Buffer.from([0xc0, 0xaf]), Buffer.from([0x80]), Buffer.from([0xed, 0xa0, 0x80])];

type Mutation =
  | { kind: 'value'; at: number; value: unknown }
  | { kind: 'raw'; at: number; raw: keyof typeof RAW }
  | { kind: 'bytes'; at: number; bytes: number }
  | { kind: 'key'; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('value' as const), at: fc.nat(), value: fc.oneof(hostileText, hostileNumber, fc.constant(null), fc.array(hostileText, { maxLength: 3 })) }),
  fc.record({ kind: fc.constant('raw' as const), at: fc.nat(), raw: fc.constantFrom(...(Object.keys(RAW) as Array<keyof typeof RAW>)) }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.nat({ max: NOT_UTF8.length - 1 }) }),
  fc.record({ kind: fc.constant('key' as const), key: fc.oneof(hostileText, fc.constantFrom('__proto__', 'constructor', 'agencyId', 'status', 'version')), value: hostileText }),
);

/** Paths to every leaf of a JSON value (the places a mutation can land). */
function leaves(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [path];
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  if (entries.length === 0) return [path];
  return entries.flatMap(([k, v]) => leaves(v, [...path, k]));
}

function setAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = setAt(copy[head!], rest, replacement);
  return copy;
}

const PLACEHOLDER = '\u0001ponte-hostile\u0001';

/** The valid body with one place made hostile, as the bytes to send. */
function mutate(valid: unknown, m: Mutation): Buffer {
  const base = valid ?? {};
  if (m.kind === 'key') return Buffer.from(JSON.stringify(typeof base === 'object' && !Array.isArray(base) ? { ...base, [m.key]: m.value } : base));
  const places = leaves(base);
  const at = places[m.at % places.length]!;
  if (m.kind === 'value') return Buffer.from(JSON.stringify(setAt(base, at, m.value)));
  const text = JSON.stringify(setAt(base, at, PLACEHOLDER));
  const [before, after] = text.split(JSON.stringify(PLACEHOLDER)) as [string, string];
  if (m.kind === 'raw') return Buffer.from(`${before}${RAW[m.raw]}${after}`);
  return Buffer.concat([Buffer.from(`${before}"a`), NOT_UTF8[m.bytes]!, Buffer.from(`b"${after}`)]);
}

let hub: TestHub;
let tokens: Record<Who, string | undefined>;
let f: Fixture;
/** Real ids of every kind, and of another agency's records, to swap into paths. */
let realIds: string[];

/** What a refusal must leave as it was: all but the refusal's own answer stored under its Idempotency-Key. */
async function snapshot(): Promise<string> {
  const { rows } = await sql<{ s: string }>`
    select concat_ws(',', (select count(*) from agencies), (select count(*) from agency_services), (select count(*) from agreements), (select count(*) from users),
      (select count(*) from api_clients), (select count(*) from subjects), (select coalesce(sum(version), 0) from subjects), (select count(*) from consents),
      (select count(*) from consent_withdrawals), (select count(*) from referrals), (select coalesce(sum(version), 0) from referrals), (select count(*) from referral_transitions),
      (select count(*) from webhook_endpoints), (select count(*) from access_reviews), (select count(*) from break_glass_grants), (select count(*) from idempotency_keys where status < 400),
      (select count(*) from events), (select count(*) from subject_assignments), (select count(*) from subject_transfers), (select coalesce(sum(version), 0) from subject_transfers)) as s`.execute(hub.database.db);
  return rows[0]!.s;
}

beforeAll(async () => {
  hub = await createTestHub({ rateLimitPerMinute: 1_000_000 });
  tokens = await principalTokens(hub);
  f = await fixture(hub, tokens, '2099-01-01T00:00:00Z');
  const other = await hub.call('POST', '/v1/subjects', { token: tokens.otherCaseworker!, json: { identity: { givenName: 'Other', familyName: 'Agency', estimatedAge: 40, sex: 'male', languages: ['pt'] } } });
  realIds = [f.subjectId, f.consentId, f.referralId, f.agreementId, f.userId, f.clientId, f.eventId, f.transferId, ((await other.json()) as { id: string }).id];
});
afterAll(() => hub?.close());

describe('hostile input on real records', () => {
  it(`never gets a 5xx, a stack trace or a half-written change (${RUNS_PER_ROUTE} inputs a route)`, async () => {
    const figures = { routes: 0, inputs: 0, refused: 0, accepted: 0, serverErrors: [] as string[], stackTraces: 0, changedOnRefusal: [] as string[] };
    // Reads, then changes, the ones that end a record (withdraw, terminate, disable, revoke) last.
    const ending = /withdraw|terminate|disable|revoke|decline|complete/;
    const routes = Object.entries(TABLE)
      .filter(([, row]) => !row.skip && Array.isArray(row.ok) && row.ok.length > 0)
      .sort(([a], [b]) => Number(!a.startsWith('GET')) - Number(!b.startsWith('GET')) || Number(ending.test(a)) - Number(ending.test(b)));
    for (const [route, row] of routes) {
      const [method, template] = route.split(' ') as [string, string];
      const who = (row.ok as readonly Who[])[0]!;
      const path = row.path ? row.path(f) : template;
      const ids = path.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [];
      figures.routes += 1;
      const samples = fc.sample(
        fc.record({
          mutation,
          swapId: fc.option(fc.constantFrom(...realIds), { freq: 4 }),
          headers: fc.option(fc.record({ 'idempotency-key': fc.oneof(fc.string({ maxLength: 250 }), fc.constantFrom('', ' ', 'k'.repeat(201), 'ok-key')), 'if-match': fc.constantFrom('W/"1"', '"999999999999"', '*', 'W/"-1"', '"\u00e9"') }, { requiredKeys: [] }), { freq: 3 }),
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 7 + figures.routes },
      );
      // Besides the random samples: every text field of the valid body once with a lone surrogate
      // and once with NUL, so no field is left to chance.
      const valid = row.body?.(f);
      const textPlaces = method === 'GET' ? [] : leaves(valid ?? {}).flatMap((place, at) => (typeof place.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], valid) === 'string' ? [at] : []));
      const systematic = textPlaces.flatMap((at) => ['Ana\ud800', 'x\u0000y'].map((value) => ({ mutation: { kind: 'value' as const, at, value }, swapId: null, headers: null })));
      for (const sample of [...systematic, ...samples]) {
        const target = sample.swapId && ids.length > 0 ? path.replace(ids[0]!, sample.swapId) : path;
        const body = method === 'GET' ? undefined : mutate(row.body?.(f), sample.mutation);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(sample.headers ?? {})) if (/^[\x20-\x7e]*$/.test(value)) headers[name] = value;
        if (body) headers['content-type'] = 'application/json';
        const before = method === 'GET' ? '' : await snapshot();
        const res = await hub.app.request(target, { method, headers: { ...headers, authorization: `Bearer ${tokens[who]}` }, ...(body ? { body } : {}) });
        const text = await res.text();
        figures.inputs += 1;
        if (res.status >= 500) figures.serverErrors.push(`${route} → ${res.status}: ${text.slice(0, 200)}`);
        if (/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/.test(text)) figures.stackTraces += 1;
        if (res.status >= 400) {
          figures.refused += 1;
          expect(res.headers.get('content-type'), `${route}: ${text.slice(0, 200)}`).toMatch(/problem\+json/);
          if (method !== 'GET' && (await snapshot()) !== before) figures.changedOnRefusal.push(`${route} → ${res.status}`);
        } else figures.accepted += 1;
      }
    }
    console.log(
      `hostile input on real records: ${figures.inputs} inputs on ${figures.routes} routes; ${figures.refused} refused, ${figures.accepted} accepted; ${figures.serverErrors.length} 5xx, ${figures.stackTraces} stack traces, ${figures.changedOnRefusal.length} changes on refusal`,
    );
    recordFigures('hostile', { inputs: figures.inputs, serverErrors: figures.serverErrors.length, stackTraces: figures.stackTraces, changedOnRejection: figures.changedOnRefusal.length });
    expect(figures.serverErrors).toEqual([]);
    expect(figures.stackTraces).toBe(0);
    expect(figures.changedOnRefusal).toEqual([]);
    // The bodies got past validation often enough to reach the verbs.
    expect(figures.accepted).toBeGreaterThan(0);
  }, 120_000 + RUNS_PER_ROUTE * 6_000);
});
