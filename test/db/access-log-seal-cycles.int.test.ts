import { consistencyFromTiles, consistencyProof, inclusionFromTiles, inclusionProof, sealBatch, sealLog, verifyConsistency, verifyInclusion, verifyLog } from '@ponte/audit';
import { withoutTenant } from '@ponte/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * The access log verifies after many sealing rounds of every size, with events appended between
 * them, on both engines: a round that ends on an odd tree size leaves a frontier with a lone
 * node, and the next round must read it back as the 32-byte hash it stored; a round that ends
 * inside a tile leaves a partial tile the next one must extend; proofs read from the tiles are the
 * proofs RFC 6962 computes from all the leaves, across tile levels.
 */
describe.each(BOTH_ENGINES)('sealing cycles on %s', (_name, open) => {
  let hub: TestHub;
  let token: string;
  let subjectId: string;

  beforeAll(async () => {
    hub = await createTestHub({ database: await open() });
    token = await hub.tokenFor('iom', 'caseworker');
    const res = await hub.call('POST', '/v1/subjects', { token, json: { identity: { givenName: 'Seal', familyName: 'Cycle', estimatedAge: 30, sex: 'female', languages: ['pt'] } } });
    subjectId = ((await res.json()) as { id: string }).id;
  });
  afterAll(() => hub?.close());

  it('a bytea comes back as a Buffer', async () => {
    const { rows } = await sql<{ b: unknown }>`select '\\x00ff10'::bytea as b`.execute(hub.database.db);
    expect(Buffer.isBuffer(rows[0]!.b)).toBe(true);
    expect((rows[0]!.b as Buffer).toString('hex')).toBe('00ff10');
  });

  it('verifies after every round, for rounds of 1, 2, 3, 5, 1, 4 and 7 events with reads between them', async () => {
    const sizes: number[] = [];
    for (const batchSize of [1, 2, 3, 5, 1, 4, 7]) {
      // Each read writes one access event; make a few more than the round seals.
      for (let i = 0; i < batchSize + 1; i++) await hub.call('GET', `/v1/subjects/${subjectId}`, { token });
      const round = await sealBatch({ db: hub.database.db, tokens: hub.tokens, batchSize });
      expect(round.sealed).toBe(batchSize);
      sizes.push(round.treeSize);
      const report = await verifyLog({ db: hub.database.db, tokens: hub.tokens });
      expect(report, `after sealing to size ${round.treeSize}`).toMatchObject({ ok: true, firstProblem: null, events: round.treeSize });
    }
    // Odd and even sizes both came up.
    expect(sizes.some((s) => s % 2 === 1)).toBe(true);
    expect(sizes.some((s) => s % 2 === 0)).toBe(true);
    // The stored frontier holds 32-byte hashes in hex, never a list of byte values.
    const { rows } = await sql<{ frontier: Array<{ hash: string }> }>`select frontier from log_heads`.execute(hub.database.db);
    for (const row of rows) for (const node of row.frontier) expect(node.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('proofs from the tiles are the proofs from all the leaves, past 65,536 events (three tile levels), sealed in uneven batches', async () => {
    const db = hub.database.db;
    const start = (await sealLog({ db, tokens: hub.tokens })).treeSize;
    const agency = (await sql<{ id: string }>`select id from agencies where slug = 'iom'`.execute(db)).rows[0]!.id;
    const target = 65_536 + 300;
    await sql`insert into access_events (agency_id, occurred_at, actor_kind, actor_id, resource, action, decision, rule, request_id)
      select ${agency}, now() - make_interval(secs => 1000 - n / 100.0), 'user', gen_random_uuid(), 'Subject', 'read', 'allow', 'test.generated', 'req-' || n
      from generate_series(1, ${target - start}) n`.execute(db);
    for (const batchSize of [255, 257, 4_999, 30_001]) await sealBatch({ db, tokens: hub.tokens, batchSize });
    const { treeSize } = await sealLog({ db, tokens: hub.tokens, batchSize: 7_777 });
    expect(treeSize).toBe(target);
    expect(await verifyLog({ db, tokens: hub.tokens })).toMatchObject({ ok: true, events: target, firstProblem: null });
    // In ranges on three connections over one exported snapshot (PostgreSQL; PGlite has one connection).
    const parallelism = hub.database.kind === 'postgres' ? 3 : 1;
    const progress: number[] = [];
    expect(await verifyLog({ db, tokens: hub.tokens, parallelism, pageSize: 4_000, onProgress: (done) => progress.push(done) })).toMatchObject({ ok: true, events: target, firstProblem: null });
    expect(progress.at(-1)).toBe(target);
    // A change in the last range is found there, at its place, and nowhere earlier.
    const late = target - 1_000;
    await sql`update access_events set rule = 'forged' where id = (select event_id from log_leaves where log_index = ${late})`.execute(db);
    try {
      expect(await verifyLog({ db, tokens: hub.tokens, parallelism, pageSize: 4_000 })).toMatchObject({ ok: false, firstProblem: { problem: 'event_changed', logIndex: late } });
    } finally {
      await sql`update access_events set rule = 'test.generated' where id = (select event_id from log_leaves where log_index = ${late})`.execute(db);
    }

    const leaves = (await sql<{ hashes: Buffer }>`select hashes from log_tiles where level = 0 order by tile_index`.execute(db)).rows.flatMap((t) =>
      Array.from({ length: t.hashes.length / 32 }, (_, i) => t.hashes.subarray(i * 32, i * 32 + 32)),
    );
    expect(leaves).toHaveLength(target);
    const { rows: heads } = await sql<{ tree_size: number; root_hash: string }>`select tree_size, root_hash from log_heads order by tree_size`.execute(db);
    const latest = heads.at(-1)!;
    const root = Buffer.from(latest.root_hash, 'hex');
    await withoutTenant(db, 'auditor', async (tx) => {
      for (const index of [0, 1, 255, 256, 65_535, 65_536, target - 1, 12_345]) {
        const { leaf, path } = await inclusionFromTiles(tx, index, target);
        expect(leaf.equals(leaves[index]!)).toBe(true);
        expect(path.map((h) => h.toString('hex'))).toEqual(inclusionProof(index, leaves).map((h) => h.toString('hex')));
        expect(verifyInclusion(index, target, leaf, path, root)).toBe(true);
      }
      for (const old of heads.slice(0, -1).filter((h) => h.tree_size > 0).slice(-5)) {
        const proof = await consistencyFromTiles(tx, old.tree_size, target);
        expect(proof.map((h) => h.toString('hex'))).toEqual(consistencyProof(old.tree_size, leaves).map((h) => h.toString('hex')));
        expect(verifyConsistency(old.tree_size, target, Buffer.from(old.root_hash, 'hex'), root, proof)).toBe(true);
      }
    });
  }, 240_000);
});
