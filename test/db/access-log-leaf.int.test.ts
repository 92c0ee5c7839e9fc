import { randomUUID } from 'node:crypto';
import { canonicalEvent, leafHash, sealLog, verifyLog } from '@ponte/audit';
import type { AccessEventRow } from '@ponte/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * The sealer and the verifier have PostgreSQL hash each event; proofs, archives and anyone
 * checking an event by hand use the audit package's canonical encoding. Both must give the same
 * leaf, byte for byte, for any event the log can hold.
 */
let hub: TestHub;
const owner = () => hub.database.db;

// Text that JSON escapes, or that a careless encoder would: quotes, backslashes, every control
// character PostgreSQL text can hold, line and paragraph separators, accents, CJK, emoji.
const awkward = ['"', '\\', '\\"', '/', '\u0001', '\u001f', '\b\f\n\r\t', '\u007f', '\u2028\u2029', 'ção', '个案', '😀', "' or 1=1 --", ''];
const controls = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('');

function randomText(random: () => number): string {
  const parts = Array.from({ length: 1 + Math.floor(random() * 4) }, () => awkward[Math.floor(random() * awkward.length)]!);
  return `${parts.join('')}${Math.floor(random() * 1000)}`;
}

/** A small deterministic generator, so a failure names an event that can be made again. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

let agencies: string[];
let subjectOfAnotherAgency: { id: string; agency_id: string };

beforeAll(async () => {
  hub = await createTestHub();
  agencies = (await sql<{ id: string }>`select id from agencies order by slug`.execute(owner())).rows.map((r) => r.id);
  const token = await hub.tokenFor('unhcr', 'caseworker');
  const created = (await (await hub.call('POST', '/v1/subjects', { token, json: { identity: { givenName: 'Leaf', familyName: 'Test', estimatedAge: 30, sex: 'female', languages: ['pt'] } } })).json()) as { id: string };
  subjectOfAnotherAgency = (await sql<{ id: string; agency_id: string }>`select id, agency_id from subjects where id = ${created.id}`.execute(owner())).rows[0]!;
});
afterAll(() => hub?.close());

describe('the leaf of an access event', () => {
  it('is the same whether PostgreSQL or the audit package encodes and hashes it, on 400 generated events', async () => {
    const random = generator(20261127);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const maybe = <T>(value: T) => (random() < 0.3 ? null : value);
    const base = Date.parse('2026-11-27T00:00:00Z');
    const events = Array.from({ length: 400 }, (_, i) => ({
      agency_id: pick(agencies),
      // Microseconds too: the encoding keeps milliseconds, as a JavaScript date does.
      occurred_at: sql`${new Date(base + i * 997).toISOString()}::timestamptz + make_interval(secs => ${Math.floor(random() * 1000) / 1_000_000})`,
      actor_kind: pick(['user', 'client']),
      actor_id: randomUUID(),
      owning_agency_id: maybe(pick(agencies)),
      subject_id: maybe<string>(randomUUID()),
      resource: pick(['Subject', 'Referral', 'ReferredSubject', 'Consent', randomText(random)]),
      resource_id: maybe(randomUUID()),
      action: pick(['read', 'update', randomText(random)]),
      fields: random() < 0.2 ? [] : Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.5 ? pick(['identity', 'contact']) : randomText(random))),
      purpose: maybe(randomText(random)),
      legal_basis: maybe(pick(['consent', 'best_interests', randomText(random)])),
      decision: pick(['allow', 'deny']),
      rule: i === 0 ? controls : randomText(random),
      break_glass: random() < 0.5,
      request_id: randomText(random),
    }));
    // An attempt on another agency's subject by an agency that could not see it: it gets its owner as it is appended.
    events.push({ ...events[0]!, agency_id: agencies.find((a) => a !== subjectOfAnotherAgency.agency_id)!, owning_agency_id: null, subject_id: subjectOfAnotherAgency.id, resource: 'Subject' });
    await owner().insertInto('access_events').values(events as never).execute();

    for (;;) if ((await sealLog({ db: owner(), tokens: hub.tokens, batchSize: 150 })).sealed === 0) break;

    const { rows } = await sql<AccessEventRow & { log_index: number }>`select e.*, l.log_index from access_events e join log_leaves l on l.event_id = e.id order by l.log_index`.execute(owner());
    expect(rows.length).toBeGreaterThanOrEqual(events.length);
    const { rows: tiles } = await sql<{ hashes: Buffer }>`select hashes from log_tiles where level = 0 order by tile_index`.execute(owner());
    const leaves = Buffer.concat(tiles.map((t) => t.hashes));
    const differing = rows.filter((row) => !leafHash(canonicalEvent(row, row.log_index)).equals(leaves.subarray(row.log_index * 32, row.log_index * 32 + 32)));
    expect(differing.map((row) => ({ logIndex: row.log_index, rule: row.rule }))).toEqual([]);
    expect(rows.find((row) => row.subject_id === subjectOfAnotherAgency.id && row.resource === 'Subject' && row.agency_id !== subjectOfAnotherAgency.agency_id)?.owning_agency_id).toBe(
      subjectOfAnotherAgency.agency_id,
    );
    expect(await verifyLog({ db: owner(), tokens: hub.tokens, pageSize: 97 })).toMatchObject({ ok: true, events: rows.length, firstProblem: null });
  });
});
