import { withTenant } from '@ponte/db';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_ENGINES, agencyIdOf, type TestDatabase } from '../support/database';

/**
 * An access event's id is time-ordered (UUID version 7): each index holding event ids grows at its
 * right edge as the log does, not at a random page of an index larger than memory.
 */
describe.each(BOTH_ENGINES)('access event ids on %s', (_name, open) => {
  let database: TestDatabase;
  let iom: string;

  beforeAll(async () => {
    database = await open();
    iom = await agencyIdOf(database.db, 'iom');
  });
  afterAll(() => database?.close());

  const append = () =>
    withTenant(database.db, iom, (tx) =>
      sql<{ id: string }>`insert into access_events (agency_id, occurred_at, actor_kind, actor_id, resource, action, decision, rule, request_id)
        values (${iom}, now(), 'user', ${randomUUID()}, 'Subject', 'read', 'allow', 'test', 'ids') returning id`.execute(tx),
    ).then((r) => r.rows[0]!.id);

  it('are version 7, their first 48 bits the time they were appended, later ones larger', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const before = Date.now();
      ids.push(await append());
      const at = parseInt(ids.at(-1)!.replace(/-/g, '').slice(0, 12), 16);
      expect(at).toBeGreaterThanOrEqual(before - 1);
      expect(at).toBeLessThanOrEqual(Date.now() + 1);
      await new Promise((r) => setTimeout(r, 3));
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
