import { sealLog } from '@ponte/audit';
import { insertEventsAtCommit, withTenant } from '@ponte/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyIdOf, BOTH_ENGINES } from '../support/database';
import { actingAs, createTestHub, type TestHub } from '../support/hub';

/*
 * One way to page: `cursor` and `limit` in, `{ items, nextCursor }` out. The event feed and the
 * signed heads took `after` and `afterSize`; those names still work for one version, marked
 * deprecated in the API description, and are refused together with `cursor`.
 */

type OpenApiParameter = { name: string; in: string; deprecated?: boolean; description?: string; schema?: { deprecated?: boolean } };

describe.each(BOTH_ENGINES)('paging on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  const tokens: Record<string, string> = {};
  const as = actingAs(() => hub, tokens);
  const EVENTS = 23;
  let eventIds: string[];

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), allowPrivateWebhookTargets: true });
    tokens.admin = await hub.tokenFor('caminho-seguro', 'admin');
    tokens.privacy = await hub.tokenFor('iom', 'privacy');
    const agency = await agencyIdOf(hub.database.db, 'caminho-seguro');
    await withTenant(hub.database.db, agency, async (tx) =>
      insertEventsAtCommit(
        tx,
        Array.from({ length: EVENTS }, (_v, n) => ({ agency_id: agency, type: 'referral.sent' as const, referral_id: null, payload: { n }, created_at: new Date() })),
      ),
    );
    eventIds = (await sql<{ id: string }>`select id from events where agency_id = ${agency} order by seq`.execute(hub.database.db)).rows.map((r) => r.id);
    // A delivery of each event to one endpoint, all made at the same instant (as one fan-out makes them).
    const endpoint = await as('admin', 'POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hook' });
    expect(endpoint.status).toBe(201);
    await sql`insert into webhook_deliveries (agency_id, event_id, endpoint_id, next_attempt_at, created_at)
      select agency_id, id, ${endpoint.body.id}::uuid, now(), now() from events where agency_id = ${agency}`.execute(hub.database.db);
    // Three sealing rounds, three heads.
    const iom = await agencyIdOf(hub.database.db, 'iom');
    for (const round of [1, 2, 3]) {
      await sql`insert into access_events (agency_id, occurred_at, actor_kind, actor_id, resource, action, decision, rule, request_id)
        select ${iom}, now(), 'user', gen_random_uuid(), 'Subject', 'read', 'allow', 'test.generated', 'paging-' || ${round} || '-' || n from generate_series(1, 3) n`.execute(hub.database.db);
      await sealLog({ db: hub.database.db, tokens: hub.tokens });
    }
  }, 120_000);
  afterAll(() => hub?.close());

  it('documents cursor on the feeds, and their old names as deprecated aliases that go in 0.2.0', async () => {
    const document = (await (await hub.call('GET', '/openapi.json')).json()) as { paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>> };
    for (const [path, alias] of [
      ['/v1/events', 'after'],
      ['/v1/log/heads', 'afterSize'],
    ] as const) {
      const parameters = document.paths[path]!.get!.parameters!;
      const old = parameters.find((p) => p.name === alias)!;
      expect(old).toMatchObject({ in: 'query', deprecated: true });
      expect(old.description).toContain('`cursor`');
      expect(old.description).toContain('0.2.0');
      const cursor = parameters.find((p) => p.name === 'cursor')!;
      expect(cursor.deprecated).toBeUndefined();
      expect(parameters.find((p) => p.name === 'limit')).toBeDefined();
    }
    // Every list of the API takes cursor and limit under these names, none deprecated.
    for (const path of ['/v1/subjects', '/v1/referrals', '/v1/users', '/v1/api-clients', '/v1/agencies', '/v1/agreements', '/v1/access-events', '/v1/webhook-deliveries']) {
      const names = document.paths[path]!.get!.parameters!.map((p) => p.name);
      expect(names, path).toEqual(expect.arrayContaining(['cursor', 'limit']));
    }
  });

  it('walks the event feed by cursor: every event once, in order; an empty page gives its cursor back', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await as('admin', 'GET', `/v1/events?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...(page.body.items as Array<{ id: string }>).map((e) => e.id));
      expect(typeof page.body.nextCursor).toBe('string');
      if (page.body.items.length === 0) {
        expect(page.body.nextCursor).toBe(cursor);
        break;
      }
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(eventIds);
  });

  it('still takes after, as cursor, and refuses both at once naming after', async () => {
    const first = await as('admin', 'GET', '/v1/events?limit=4');
    const byCursor = await as('admin', 'GET', `/v1/events?limit=4&cursor=${first.body.nextCursor}`);
    const byAfter = await as('admin', 'GET', `/v1/events?limit=4&after=${first.body.nextCursor}`);
    expect(byAfter.status).toBe(200);
    expect(byAfter.body).toEqual(byCursor.body);
    const both = await as('admin', 'GET', `/v1/events?limit=4&after=4&cursor=4`);
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ in: 'query', field: 'after', check: 'one_cursor' })]);
    // An empty after meant the start, and still does.
    const fromStart = await as('admin', 'GET', '/v1/events?limit=4&after=');
    expect(fromStart.body).toEqual(first.body);
    const bad = await as('admin', 'GET', '/v1/events?after=-1');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'after', check: 'cursor' });
  });

  it('walks the signed heads by cursor, takes afterSize as before, and refuses both naming afterSize', async () => {
    const all = await as('privacy', 'GET', '/v1/log/heads?limit=1000');
    const sizes = (all.body.items as Array<{ treeSize: number }>).map((h) => h.treeSize);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await as('privacy', 'GET', `/v1/log/heads?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...(page.body.items as Array<{ treeSize: number }>).map((h) => h.treeSize));
      if (page.body.items.length === 0) {
        expect(page.body.nextCursor).toBe(cursor);
        break;
      }
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(sizes);
    const byAlias = await as('privacy', 'GET', `/v1/log/heads?afterSize=${sizes[0]}`);
    expect(byAlias.status).toBe(200);
    expect(byAlias.body.items.map((h: { treeSize: number }) => h.treeSize)).toEqual(sizes.slice(1));
    const both = await as('privacy', 'GET', `/v1/log/heads?afterSize=1&cursor=${cursor}`);
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ in: 'query', field: 'afterSize', check: 'one_cursor' })]);
    const forged = await as('privacy', 'GET', '/v1/log/heads?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0]).toMatchObject({ field: 'cursor', check: 'cursor' });
  });

  it('walks webhook deliveries by cursor, newest first: each once, ties of time by id, null at the end', async () => {
    const expected = (await sql<{ id: string }>`select d.id from webhook_deliveries d join agencies a on a.id = d.agency_id where a.slug = 'caminho-seguro' order by d.created_at desc, d.id desc`.execute(hub.database.db)).rows.map((r) => r.id);
    expect(expected.length).toBe(EVENTS);
    const seen: string[] = [];
    let cursor: string | null | undefined;
    for (let pages = 0; pages < 20 && cursor !== null; pages++) {
      const page = await as('admin', 'GET', `/v1/webhook-deliveries?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...(page.body.items as Array<{ id: string }>).map((d) => d.id));
      cursor = page.body.nextCursor;
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual(expected);
    const forged = await as('admin', 'GET', '/v1/webhook-deliveries?cursor=e30');
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0]).toMatchObject({ field: 'cursor', check: 'cursor' });
  });
});
