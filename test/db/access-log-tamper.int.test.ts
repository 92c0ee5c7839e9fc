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

/** Applies a change as the owner, runs verification, then puts the rows back as they were. */
async function tampered(change: () => Promise<void>, check: (report: Awaited<ReturnType<typeof verify>>) => void, witness?: string) {
  const { rows: events } = await sql<Record<string, unknown>>`select * from access_events`.execute(owner());
  const { rows: heads } = await sql<Record<string, unknown>>`select * from log_heads`.execute(owner());
  await change();
  try {
    check(await verify(witness));
  } finally {
    await sql`delete from access_events`.execute(owner());
    await sql`delete from log_heads`.execute(owner());
    for (const row of events) await owner().insertInto('access_events' as never).values(row as never).execute();
    for (const row of heads) await owner().insertInto('log_heads' as never).values({ ...row, frontier: JSON.stringify(row.frontier) } as never).execute();
  }
  expect((await verify()).ok).toBe(true);
}

describe('verifying the access log', () => {
  it('passes on an untouched log, with every head checked', async () => {
    const report = await verify(witnessOfFirstHead);
    expect(report).toMatchObject({ ok: true, events: latestSize, heads: 2, firstProblem: null, witness: { treeSize: latestSize, consistent: true } });
  });

  it("finds one event's field changed, at that event", async () => {
    await tampered(
      () => sql`update access_events set rule = 'need_to_know.assigned', decision = 'allow' where log_index = 5`.execute(owner()).then(() => {}),
      (report) => expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'event_changed', logIndex: 5 } }),
    );
  });

  it('finds one event deleted, at its place', async () => {
    await tampered(
      () => sql`delete from access_events where log_index = 7`.execute(owner()).then(() => {}),
      (report) => expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'event_missing', logIndex: 7 } }),
    );
  });

  it('finds two events reordered, at the first of them', async () => {
    await tampered(
      async () => {
        await sql`update access_events set log_index = -1 where log_index = 3`.execute(owner());
        await sql`update access_events set log_index = 3 where log_index = 4`.execute(owner());
        await sql`update access_events set log_index = 4 where log_index = -1`.execute(owner());
      },
      (report) => expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'event_changed', logIndex: 3 } }),
    );
  });

  it('finds a changed event whose leaf hash was recomputed too, at the head that covers it', async () => {
    await tampered(
      async () => {
        const { rows } = await sql<Record<string, unknown>>`select * from access_events where log_index = 2`.execute(owner());
        const { canonicalEvent, leafHash } = await import('@ponte/audit');
        const changed = { ...rows[0]!, rule: 'forged' };
        const leaf = leafHash(canonicalEvent(changed as never, 2)).toString('hex');
        await sql`update access_events set rule = 'forged', leaf_hash = ${leaf} where log_index = 2`.execute(owner());
      },
      (report) => expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'head_mismatch' } }),
    );
  });

  it('finds a truncated tail through a witness copy of an earlier head', async () => {
    await tampered(
      async () => {
        await sql`delete from access_events where log_index >= ${latestSize - 4}`.execute(owner());
        await sql`delete from log_heads where tree_size >= ${latestSize - 4}`.execute(owner());
      },
      (report) => expect(report).toMatchObject({ ok: false, firstProblem: { problem: 'log_truncated', treeSize: latestSize } }),
      witnessOfFirstHead,
    );
    // Without the witness, the shortened log looks whole: that is why agencies keep heads.
    await tampered(
      async () => {
        await sql`delete from access_events where log_index >= ${latestSize - 4}`.execute(owner());
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
});

describe('retention', () => {
  it('archives events past the period with the heads that prove them; archive and the rest still verify', async () => {
    const { archiveExpiredEvents } = await import('@ponte/audit');
    const before = await verify();
    // Everything sealed so far is "old" when the clock is a year ahead, except what follows.
    const token = await hub.tokenFor('iom', 'caseworker');
    await makeEvents(token, 2);
    const later = await sealLog({ db: owner(), tokens: hub.tokens });
    const { rows: firstHead } = await sql<{ tree_size: number }>`select tree_size from log_heads order by tree_size limit 1`.execute(owner());
    // Archive what is older than the first head's last event plus a moment.
    const { rows: cut } = await sql<{ t: Date }>`select max(occurred_at) + interval '1 millisecond' as t from access_events where log_index < ${firstHead[0]!.tree_size}`.execute(owner());
    const result = await archiveExpiredEvents({ db: owner(), now: () => new Date(new Date(cut[0]!.t).getTime() + 2 * 86_400_000), retentionDays: 2 });
    expect(result.archivedUpTo).toBeGreaterThanOrEqual(firstHead[0]!.tree_size);
    expect(result.archivedUpTo).toBeLessThan(later.treeSize);
    const { rows: live } = await sql<{ n: number }>`select count(*)::int as n from access_events where log_index < ${result.archivedUpTo}`.execute(owner());
    expect(live[0]!.n).toBe(0);
    const after = await verify();
    expect(after).toMatchObject({ ok: true, events: later.treeSize, archivedEvents: result.archivedUpTo });
    expect(after.events).toBeGreaterThan(before.events);
    // Proofs still cover the whole log, archived part included.
    const { allLeafHashes, rootOf } = await import('@ponte/audit');
    const { withoutTenant } = await import('@ponte/db');
    const leaves = await withoutTenant(owner(), 'auditor', (tx) => allLeafHashes(tx, later.treeSize));
    const { rows: latest } = await sql<{ root_hash: string }>`select root_hash from log_heads order by tree_size desc limit 1`.execute(owner());
    expect(rootOf(leaves).toString('hex')).toBe(latest[0]!.root_hash);
    // A witness of a head inside the archive still checks out.
    const { rows: heads } = await sql<{ signed_head: string }>`select signed_head from log_heads where tree_size = ${firstHead[0]!.tree_size}`.execute(owner());
    expect((await verify(heads[0]!.signed_head)).ok).toBe(true);
    // And an event changed inside the archive is found there, at its place.
    const { gzipSync, gunzipSync } = await import('node:zlib');
    const { rows: archive } = await sql<{ events: Buffer }>`select events from log_archives where from_size = 0`.execute(owner());
    const events = JSON.parse(gunzipSync(archive[0]!.events).toString()) as Array<Record<string, unknown>>;
    events[1]!.rule = 'forged';
    await sql`update log_archives set events = ${gzipSync(Buffer.from(JSON.stringify(events)))} where from_size = 0`.execute(owner());
    try {
      expect(await verify()).toMatchObject({ ok: false, firstProblem: { problem: 'archive_mismatch', fromSize: 0, logIndex: 1 } });
    } finally {
      await sql`update log_archives set events = ${archive[0]!.events} where from_size = 0`.execute(owner());
    }
    expect((await verify()).ok).toBe(true);
  });

  it('reports a corrupted archive as a mismatch, not a crash', async () => {
    const { rows: archive } = await sql<{ from_size: number; events: Buffer }>`select from_size, events from log_archives order by from_size limit 1`.execute(owner());
    await sql`update log_archives set events = ${Buffer.from('not gzip at all')} where from_size = ${archive[0]!.from_size}`.execute(owner());
    try {
      expect(await verify()).toMatchObject({ ok: false, firstProblem: { problem: 'archive_mismatch' } });
    } finally {
      await sql`update log_archives set events = ${archive[0]!.events} where from_size = ${archive[0]!.from_size}`.execute(owner());
    }
  });
});
