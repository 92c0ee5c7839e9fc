import { computeFlags, type FlagEvent } from '@ponte/audit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * The flags of a window are computed actor by actor from pages of the log, never from the whole
 * window in memory (nor a cap on it, as before: 200,000 events and the rest ignored). Here the window
 * holds more events than a page, with actors whose events straddle page boundaries; the API's flags
 * must be exactly those the rules give over the whole window at once.
 */

let hub: TestHub;
let officer: string;
const FROM = '2026-11-16T00:00:00.000Z';
const TO = '2026-11-17T00:00:00.000Z';
const ACTORS = 7;
const PER_ACTOR = 1_700; // 11,900 events: three pages, most actors cut by a page boundary

beforeAll(async () => {
  hub = await createTestHub();
  officer = await hub.tokenFor('iom', 'privacy');
  const db = hub.database.db;
  const iom = (await sql<{ id: string }>`select id from agencies where slug = 'iom'`.execute(db)).rows[0]!.id;
  // The log keeps ids only; the events need no subject row to exist.
  const subject = '00000000-0000-4000-9000-000000000001';
  // Each actor: reads spread over the day (some at night), a burst of refused requests, break-glass now and then,
  // reads under need-to-know and reads under no assignment; two actors also read in the 30 days before.
  await sql`
    insert into access_events (agency_id, occurred_at, actor_kind, actor_id, owning_agency_id, subject_id, resource, resource_id, action, fields, purpose, legal_basis, decision, rule, break_glass, request_id)
    select ${iom}::uuid,
           ${FROM}::timestamptz + (n * interval '7 seconds') + (a * interval '1 millisecond'),
           case when a % 3 = 0 then 'client' else 'user' end,
           ('00000000-0000-4000-8000-' || lpad(a::text, 12, '0'))::uuid,
           ${iom}::uuid, ${subject}::uuid,
           case when n % 11 = 0 then 'Consent' else 'Subject' end, ${subject}::uuid,
           case when n % 13 = 0 then 'list' else 'read' end,
           array['identity'], null, null,
           case when n % 50 between 1 and 6 and a % 2 = 0 then 'deny' else 'allow' end,
           case when n % 5 = 0 then 'break_glass' when n % 7 = 0 then 'need_to_know' else 'need_to_know.assigned' end,
           n % 97 = 0,
           'r-' || a || '-' || n
    from generate_series(0, ${ACTORS - 1}) a, generate_series(0, ${PER_ACTOR - 1}) n`.execute(db);
  await sql`
    insert into access_events (agency_id, occurred_at, actor_kind, actor_id, owning_agency_id, subject_id, resource, resource_id, action, fields, purpose, legal_basis, decision, rule, break_glass, request_id)
    select ${iom}::uuid, ${FROM}::timestamptz - (n * interval '37 minutes'), 'user', ('00000000-0000-4000-8000-' || lpad(a::text, 12, '0'))::uuid,
           ${iom}::uuid, ${subject}::uuid, 'Subject', ${subject}::uuid, 'read', array['identity'], null, null, 'allow', 'need_to_know.assigned', false, 'h-' || a || '-' || n
    from generate_series(1, 2) a, generate_series(1, 1000) n`.execute(db);
});
afterAll(() => hub?.close());

async function eventsBetween(from: string, to: string): Promise<FlagEvent[]> {
  const rows = await sql<{ id: string; request_id: string; actor_kind: string; occurred_at: Date; actor_id: string; agency_id: string; subject_id: string | null; resource: string; action: string; decision: 'allow' | 'deny'; rule: string; break_glass: boolean }>`
    select * from access_events where occurred_at >= ${from}::timestamptz and occurred_at < ${to}::timestamptz order by occurred_at, id`.execute(hub.database.db);
  return rows.rows.map((r) => ({
    id: r.id,
    requestId: r.request_id,
    actorKind: r.actor_kind,
    occurredAt: new Date(r.occurred_at),
    actorId: r.actor_id,
    actorAgencyId: r.agency_id,
    subjectId: r.subject_id,
    resource: r.resource,
    action: r.action,
    decision: r.decision,
    rule: r.rule,
    breakGlass: r.break_glass,
  }));
}

describe('flags over a window larger than a page', () => {
  it('are those the rules give over the whole window at once, for every actor and kind', async () => {
    const events = await eventsBetween(FROM, TO);
    expect(events.length).toBeGreaterThanOrEqual(ACTORS * PER_ACTOR);
    const history = await eventsBetween(new Date(new Date(FROM).getTime() - 30 * 86_400_000).toISOString(), FROM);
    const expected = computeFlags(events, history);
    // Read a page at a time by cursor: every flag once, by start, kind and id.
    const got: Array<{ id: string; kind: string; eventIds: string[]; detail: Record<string, unknown> }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await hub.call('GET', `/v1/access-flags?from=${FROM}&to=${TO}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { token: officer });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: typeof got; nextCursor: string | null };
      got.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 100);
    expect(pages).toBe(Math.ceil(expected.length / 1000));
    const byKey = (a: { from: string; kind: string; id: string }, b: { from: string; kind: string; id: string }) =>
      a.from !== b.from ? (a.from < b.from ? -1 : 1) : a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    const kinds = new Set(expected.map((f) => f.kind));
    for (const kind of ['break_glass', 'repeated_denials', 'unusual_volume', 'outside_working_hours', 'read_without_assignment']) expect(kinds).toContain(kind);
    expect(got.map((f) => ({ id: f.id, kind: f.kind, eventIds: f.eventIds, detail: f.detail }))).toEqual([...expected].sort(byKey).map((f) => ({ id: f.id, kind: f.kind, eventIds: f.eventIds, detail: f.detail })));
  });

  it('refuses a window the log cannot hold or too wide to compute, naming `from`', async () => {
    for (const query of ['from=0001-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to=0001-01-05T00:00:00Z', 'from=1970-01-01T00:00:00Z&to=9999-12-31T00:00:00Z', 'from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z']) {
      const res = await hub.call('GET', `/v1/access-flags?${query}`, { token: officer });
      expect(res.status, query).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'invalid_request', errors: [{ in: 'query', field: 'from', check: 'time_range' }] });
    }
  });
});
