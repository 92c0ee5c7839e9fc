import { sealLog, verifyLog } from '@ponte/audit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clonePglite, createTestDatabase } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * The access log verifies after many sealing rounds of every size, with events appended between
 * them, on both engines: a round that ends on an odd tree size leaves a frontier with a lone
 * node, and the next round must read it back as the 32-byte hash it stored.
 */
describe.each([
  ['the run database (PostgreSQL when a server is found)', createTestDatabase],
  ['embedded PGlite', clonePglite],
])('sealing cycles on %s', (_name, open) => {
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
      const round = await sealLog({ db: hub.database.db, tokens: hub.tokens, batchSize });
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
});
