import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createHubServer } from '@ponte/hub/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyIdOf, BOTH_ENGINES, createTestDatabase } from '../support/database';
import { r5Issues } from '../support/fhir-r5';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * The access-log export over ranges larger than a page: every visible event exactly once, in
 * order, in each format (CSV parsed back, NDJSON lines each a valid R5 AuditEvent, the FHIR Bundle
 * walked by its `next` links), none of another agency's, on both engines; and a range of a hundred
 * thousand events streamed while the hub's heap stays bounded.
 */

const FROM = '2026-10-01T00:00:00.000Z';
const TO = '2026-10-02T00:00:00.000Z';

/**
 * `count` events in the window, many sharing a microsecond-precise time (so pages split runs of
 * equal times), acted by `actor` of `agencyId` about a subject `owner` holds.
 */
async function insertEvents(hub: TestHub, options: { agencyId: string; owner: string; count: number; tag: string; stepMs?: number }) {
  await sql`
    insert into access_events (agency_id, occurred_at, actor_kind, actor_id, owning_agency_id, subject_id, resource, resource_id, action, fields, purpose, legal_basis, decision, rule, break_glass, request_id)
    select ${options.agencyId}::uuid,
           ${FROM}::timestamptz + (n / 3) * (${options.stepMs ?? 7} * interval '1 millisecond') + (n % 3 = 2)::int * interval '1 microsecond',
           'user', '00000000-0000-4000-8000-000000000042'::uuid,
           ${options.owner}::uuid, '00000000-0000-4000-9000-000000000007'::uuid,
           'Subject', '00000000-0000-4000-9000-000000000007'::uuid, 'read',
           array['identity', 'contact'], 'protection_assistance', 'consent',
           case when n % 10 = 0 then 'deny' else 'allow' end, 'need_to_know.assigned', n % 97 = 0,
           ${options.tag} || '-' || n
    from generate_series(0, ${options.count - 1}) n`.execute(hub.database.db);
}

/** The ids the agency's privacy officer may see in the window, in export order, read by the owner. */
async function visibleIds(hub: TestHub, agencyId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from access_events
    where occurred_at >= ${FROM}::timestamptz and occurred_at < ${TO}::timestamptz and (agency_id = ${agencyId}::uuid or owning_agency_id = ${agencyId}::uuid)
    order by occurred_at, id`.execute(hub.database.db);
  return rows.map((r) => r.id);
}

/** RFC 4180: records of fields, quoted fields may hold commas, CRLF and doubled quotes; every record ends with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (text[i] === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (text[i] === '\r' || text[i] === '\n') throw new Error(`a bare line break at ${i}`);
    else field += text[i++];
  }
  if (field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}

describe.each(BOTH_ENGINES)('the access-log export over many pages on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  let officer: string;
  let iom: string;
  let expected: string[];
  const COUNT = 2_600;

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase() });
    officer = await hub.tokenFor('iom', 'privacy');
    iom = await agencyIdOf(hub.database.db, 'iom');
    const unicef = await agencyIdOf(hub.database.db, 'unicef');
    const unhcr = await agencyIdOf(hub.database.db, 'unhcr');
    await insertEvents(hub, { agencyId: iom, owner: iom, count: COUNT, tag: 'own' });
    // Another agency's reads of iom's subject are iom's to see; reads between two other agencies are not.
    await insertEvents(hub, { agencyId: unicef, owner: iom, count: 400, tag: 'theirs', stepMs: 11 });
    await insertEvents(hub, { agencyId: unicef, owner: unhcr, count: 300, tag: 'hidden', stepMs: 13 });
    // A cell a spreadsheet would run as a formula.
    await sql`update access_events set request_id = '=HYPERLINK("x")' where request_id = 'own-5'`.execute(hub.database.db);
    expected = await visibleIds(hub, iom);
    expect(expected.length).toBe(COUNT + 400);
  }, 120_000);
  afterAll(() => hub?.close());

  const exportOf = (query: string) => hub.call('GET', `/v1/access-events/export?from=${FROM}&to=${TO}&${query}`, { token: officer });
  const exportsLogged = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from access_events where resource = 'AccessEvent' and action = 'export'`.execute(hub.database.db)).rows[0]!.n);

  it('streams CSV that parses back to every visible event once, in order, with formulas defused', async () => {
    const before = await exportsLogged();
    const res = await exportOf('format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual(['occurred_at', 'id', 'agency_id', 'actor_kind', 'actor_id', 'owning_agency_id', 'subject_id', 'resource', 'resource_id', 'action', 'fields', 'purpose', 'legal_basis', 'decision', 'rule', 'break_glass', 'request_id', 'client_request_id', 'log_index']);
    expect(rows.map((r) => r[1])).toEqual(expected);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
    expect(rows.some((r) => r[16]!.startsWith('hidden'))).toBe(false);
    expect(rows.find((r) => r[16]!.includes('HYPERLINK'))![16]).toBe(`'=HYPERLINK("x")`);
    // The export is in the access log, as one event.
    expect(await exportsLogged()).toBe(before + 1);
  });

  it('streams NDJSON: each line one valid R5 AuditEvent, every visible event once, in order', async () => {
    const res = await exportOf('format=ndjson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/fhir+ndjson');
    const text = await res.text();
    expect(text.endsWith('\n')).toBe(true);
    const events = text
      .slice(0, -1)
      .split('\n')
      .map((line) => JSON.parse(line) as { resourceType: string; id: string });
    expect(events.map((e) => e.id)).toEqual(expected);
    expect(events.every((e) => e.resourceType === 'AuditEvent')).toBe(true);
    // The validator is slow: every hundredth line, and the first and last.
    for (const event of [...events.filter((_e, i) => i % 100 === 0), events.at(-1)!]) expect(r5Issues(event)).toEqual([]);
  });

  it('pages the FHIR Bundle by its next link: every visible event once, each page a valid searchset', async () => {
    const seen: string[] = [];
    let url: string | undefined = `/v1/access-events/export?format=fhir&from=${FROM}&to=${TO}&limit=700`;
    let pages = 0;
    while (url) {
      const res = await hub.call('GET', url, { token: officer });
      expect(res.status).toBe(200);
      const bundle = (await res.json()) as { resourceType: 'Bundle'; total?: number; link: Array<{ relation: string; url: string }>; entry?: Array<{ resource: { id: string } }> };
      if (pages === 0) expect(r5Issues(bundle)).toEqual([]);
      // Paged, the Bundle does not count the matches.
      expect(bundle.total).toBeUndefined();
      seen.push(...(bundle.entry ?? []).map((e) => e.resource.id));
      const next = bundle.link.find((l) => l.relation === 'next')?.url;
      url = next ? next.slice(next.indexOf('/v1/')) : undefined;
      pages++;
    }
    expect(pages).toBe(Math.ceil(expected.length / 700) + (expected.length % 700 === 0 ? 1 : 0));
    expect(seen).toEqual(expected);
  });

  it('refuses paging the streamed formats, and a cursor another agency was given', async () => {
    const res = await exportOf('format=csv&cursor=abc');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ field: string; check: string }> }).errors).toContainEqual(expect.objectContaining({ field: 'cursor', check: 'format_paging' }));
    const first = (await (await exportOf('format=fhir&limit=5')).json()) as { link: Array<{ relation: string; url: string }> };
    const cursor = new URL(first.link.find((l) => l.relation === 'next')!.url).searchParams.get('cursor')!;
    const other = await hub.call('GET', `/v1/access-events/export?from=${FROM}&to=${TO}&cursor=${cursor}`, { token: await hub.tokenFor('unicef', 'privacy') });
    expect(other.status).toBe(400);
    expect(((await other.json()) as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('cursor');
  });
});

describe('a large export', () => {
  let hub: TestHub;
  let officer: string;
  const COUNT = 30_000;

  beforeAll(async () => {
    hub = await createTestHub({ database: await createTestDatabase() });
    officer = await hub.tokenFor('iom', 'privacy');
    const iom = await agencyIdOf(hub.database.db, 'iom');
    await insertEvents(hub, { agencyId: iom, owner: iom, count: COUNT, tag: 'bulk', stepMs: 1 });
  }, 120_000);
  afterAll(() => hub?.close());

  it('streams thirty thousand AuditEvents (about 70 MB) while the heap stays bounded', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    // What is live after a collection (the heap, and the buffers outside it), sampled all along the
    // export, is what the hub holds, and the chunk in flight.
    const live = () => {
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.external;
    };
    const baseline = live();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, live() - baseline)), 500);
    let bytes = 0;
    let lines = 0;
    let chunks = 0;
    try {
      const res = await hub.call('GET', `/v1/access-events/export?format=ndjson&from=${FROM}&to=${TO}`, { token: officer });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        for (const byte of value) if (byte === 0x0a) lines++;
        // A slow reader now and then: the hub waits rather than reading ahead.
        if (++chunks % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      clearInterval(sampler);
    }
    expect(lines).toBe(COUNT);
    // Some 70 MB went through, while the live heap grew by a few pages at most
    // (the export built in memory, as before, held it all: several times the bytes).
    expect(bytes).toBeGreaterThan(60 * 1024 * 1024);
    expect(peak).toBeLessThan(24 * 1024 * 1024);
  }, 120_000);
});

describe('an export that fails after it began', () => {
  let hub: TestHub;
  let closed = false;

  beforeAll(async () => {
    hub = await createTestHub({ database: await createTestDatabase() });
    const iom = await agencyIdOf(hub.database.db, 'iom');
    await insertEvents(hub, { agencyId: iom, owner: iom, count: 30_000, tag: 'cut', stepMs: 1 });
  }, 120_000);
  afterAll(async () => {
    if (!closed) await hub?.close();
  });

  it('breaks the connection, so the client sees a failed transfer rather than a short file', async () => {
    const officer = await hub.tokenFor('iom', 'privacy');
    const server = createHubServer(hub.app, { bodyLimitBytes: 64 * 1024 });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/v1/access-events/export?format=csv&from=${FROM}&to=${TO}`, { headers: { authorization: `Bearer ${officer}` } });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      // The database goes away between two pages: the next page cannot be read.
      closed = true;
      await hub.close();
      let bytes = first.value!.byteLength;
      const failure = await (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return undefined;
          bytes += value.byteLength;
        }
      })().catch((error: unknown) => error);
      expect(failure, `the body ended cleanly after ${bytes} bytes`).toBeInstanceOf(Error);
      expect(hub.logs.join('')).toContain('the access-log export failed after it started');
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  }, 120_000);
});
