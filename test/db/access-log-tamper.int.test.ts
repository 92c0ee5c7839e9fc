import { sealLog, signHead, verifyLog } from '@ponte/audit';
import { generateSigningKey, TokenService } from '@ponte/auth';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * The access log is tamper-evident: whoever edits it directly in PostgreSQL, as the owner,
 * is found by verification, at the place of the edit.
 */
let hub: TestHub;
const verify = (witness?: string) => verifyLog({ db: hub.database.db, tokens: hub.tokens, witness });
const owner = () => hub.database.db;

async function makeEvents(token: string, rounds: number) {
  for (let i = 0; i < rounds; i++) {
    const subject = (await (await hub.call('POST', '/v1/subjects', { token, json: { identity: { givenName: `P${i}`, familyName: 'Q', estimatedAge: 30, sex: 'female', languages: ['pt'] } } })).json()) as { id: string };
    await hub.call('GET', `/v1/subjects/${subject.id}`, { token });
  }
}

let witnessOfFirstHead: string;
let latestSize: number;

beforeAll(async () => {
  hub = await createTestHub();
  const token = await hub.tokenFor('iom', 'caseworker');
  await makeEvents(token, 6);
  const first = await sealLog({ db: owner(), tokens: hub.tokens });
  await makeEvents(token, 6);
  const second = await sealLog({ db: owner(), tokens: hub.tokens });
  latestSize = second.treeSize;
  expect(first.sealed).toBeGreaterThan(5);
  expect(second.treeSize).toBeGreaterThan(first.treeSize);
  const { rows } = await sql<{ signed_head: string }>`select signed_head from log_heads order by tree_size desc limit 1`.execute(owner());
  witnessOfFirstHead = rows[0]!.signed_head;
});
afterAll(() => hub?.close());

const LOG_TABLES = ['access_events', 'log_leaves', 'log_tiles', 'log_heads'] as const;

/** Applies a change as the owner, runs verification, then puts the rows back as they were. */
async function tampered(change: () => Promise<void>, check: (report: Awaited<ReturnType<typeof verify>>) => void, witness?: string) {
  const saved = new Map<string, Array<Record<string, unknown>>>();
  for (const table of LOG_TABLES) saved.set(table, (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(owner())).rows);
  await change();
  try {
    check(await verify(witness));
  } finally {
    for (const table of LOG_TABLES) {
      await sql`delete from ${sql.table(table)}`.execute(owner());
      for (const row of saved.get(table)!) await owner().insertInto(table as never).values((table === 'log_heads' ? { ...row, frontier: JSON.stringify(row.frontier) } : row) as never).execute();
    }
    // Putting events back queues them again; they are in the log already.
    await sql`delete from log_pending`.execute(owner());
  }
  expect((await verify()).ok).toBe(true);
}

const eventAt = (index: number) => sql`(select event_id from log_leaves where log_index = ${index})`;

describe('verifying the access log', () => {
  it('passes on an untouched log, with every head checked', async () => {
    const report = await verify(witnessOfFirstHead);
    expect(report).toMatchObject({ ok: true, events: latestSize, heads: 2, firstProblem: null, witness: { treeSize: latestSize, consistent: true } });
  });

  it("finds one event's field changed, at that event", async () => {
    await tampered(
      () => sql`update access_events set rule = 'need_to_know.assigned', decision = 'allow' where id = ${eventAt(5)}`.execute(owner()).then(() => {}),
      (report) => expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'event_changed', logIndex: 5 } }),
    );
  });

  it('finds one event deleted, at its place', async () => {
    await tampered(
      () => sql`delete from access_events where id = ${eventAt(7)}`.execute(owner()).then(() => {}),
      (report) => expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'event_missing', logIndex: 7 } }),
    );
  });

  it("finds one event's place removed from the leaves, at that place", async () => {
    await tampered(
      () => sql`delete from log_leaves where log_index = 6`.execute(owner()).then(() => {}),
      (report) => expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'event_missing', logIndex: 6 } }),
    );
  });

  it('finds two events reordered, at the first of them', async () => {
    await tampered(
      async () => {
        await sql`update log_leaves set log_index = 999999999 where log_index = 3`.execute(owner());
        await sql`update log_leaves set log_index = 3 where log_index = 4`.execute(owner());
        await sql`update log_leaves set log_index = 4 where log_index = 999999999`.execute(owner());
      },
      (report) => expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'event_changed', logIndex: 3 } }),
    );
  });

  it('finds a changed event whose leaf hash was recomputed too, at the head that covers it', async () => {
    await tampered(
      async () => {
        const { rows } = await sql<Record<string, unknown>>`select * from access_events where id = ${eventAt(2)}`.execute(owner());
        const { canonicalEvent, leafHash } = await import('@ponte/audit');
        const changed = { ...rows[0]!, rule: 'forged' };
        const leaf = leafHash(canonicalEvent(changed as never, 2));
        await sql`update access_events set rule = 'forged' where id = ${eventAt(2)}`.execute(owner());
        await sql`update log_tiles set hashes = overlay(hashes placing ${leaf} from ${2 * 32 + 1} for 32) where level = 0 and tile_index = 0`.execute(owner());
      },
      (report) => expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'head_mismatch' } }),
    );
  });

  it('finds a truncated tail through a witness copy of an earlier head', async () => {
    await tampered(
      async () => {
        await sql`delete from access_events where id in (select event_id from log_leaves where log_index >= ${latestSize - 4})`.execute(owner());
        await sql`delete from log_leaves where log_index >= ${latestSize - 4}`.execute(owner());
        await sql`delete from log_heads where tree_size >= ${latestSize - 4}`.execute(owner());
      },
      (report) => expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'log_truncated', treeSize: latestSize } }),
      witnessOfFirstHead,
    );
    // Without the witness, the shortened log looks whole: that is why agencies keep heads.
    await tampered(
      async () => {
        await sql`delete from access_events where id in (select event_id from log_leaves where log_index >= ${latestSize - 4})`.execute(owner());
        await sql`delete from log_leaves where log_index >= ${latestSize - 4}`.execute(owner());
        await sql`delete from log_heads where tree_size >= ${latestSize - 4}`.execute(owner());
      },
      (report) => expect(report.ok).toBe(true),
    );
  });

  it('reports a head not signed by the hub as not genuine', async () => {
    const stranger = new TokenService({ issuer: 'http://ponte.test', audience: 'x', ttlSeconds: 60, keys: [await generateSigningKey()] });
    const forged = await signHead(stranger, { treeSize: latestSize, rootHash: '00'.repeat(32), timestamp: new Date().toISOString(), previous: null }, new Date());
    const report = await verify(forged);
    expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'witness_not_genuine', reason: 'signature' } });
  });

  it('finds a tile above the leaves that does not match the tile below it, where proofs would go astray', async () => {
    const agency = (await sql<{ id: string }>`select id from agencies where slug = 'iom'`.execute(owner())).rows[0]!.id;
    await sql`insert into access_events (agency_id, occurred_at, actor_kind, actor_id, resource, action, decision, rule, request_id)
      select ${agency}, now(), 'user', gen_random_uuid(), 'Subject', 'read', 'allow', 'test.generated', 'req-' || n from generate_series(1, 600) n`.execute(owner());
    await sealLog({ db: owner(), tokens: hub.tokens });
    expect((await verify()).ok).toBe(true);
    await tampered(
      () => sql`update log_tiles set hashes = overlay(hashes placing ${Buffer.alloc(32, 7)} from 33 for 32) where level = 1 and tile_index = 0`.execute(owner()).then(() => {}),
      (report) => expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'tile_mismatch', level: 1, index: 0 } }),
    );
  });
});
