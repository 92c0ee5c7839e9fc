import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * A unit of work's access events go with its commit, in one statement list, their values written
 * as literals: a caller's request id (any printable ASCII, quotes, backslashes and semicolons
 * included) is kept byte for byte and never read as SQL, and the events of each step land whole.
 */
describe.each(BOTH_ENGINES)('access events written with the commit on %s', (_name, open) => {
  let hub: TestHub;
  let token: string;

  beforeAll(async () => {
    hub = await createTestHub({ database: await open() });
    token = await hub.tokenFor('iom', 'caseworker');
  });
  afterAll(() => hub?.close());

  it.each([
    `x');delete/**/from/**/access_events;--`,
    `E'\\';select'1`,
    `"{a,b}"\\\\"NULL"`,
    `$1$2;commit;rollback`,
    `\\x00'\\'`,
  ])('keeps the request id %s as sent', async (clientRequestId) => {
    const before = await sql<{ n: number }>`select count(*)::int as n from access_events`.execute(hub.database.db);
    const res = await hub.call('POST', '/v1/subjects', {
      token,
      headers: { 'x-request-id': clientRequestId },
      json: { identity: { givenName: 'Literal', familyName: 'Values', estimatedAge: 40, sex: 'male', languages: ['pt'] } },
    });
    expect(res.status).toBe(201);
    const { rows } = await sql<{ client_request_id: string; fields: string[]; resource: string }>`
      select client_request_id, fields, resource from access_events where request_id = ${res.headers.get('x-request-id')}`.execute(hub.database.db);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.client_request_id).toBe(clientRequestId);
    expect(rows.some((r) => r.fields.length > 0)).toBe(true);
    const after = await sql<{ n: number }>`select count(*)::int as n from access_events`.execute(hub.database.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + rows.length);
  });
});
