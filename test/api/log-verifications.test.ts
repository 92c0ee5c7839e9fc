import { runVerifications } from '@ponte/audit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * Verifications of the log run off the request path: the request queues one and answers at once;
 * a runner (the hub's or the worker's) takes each waiting one, once, and takes over one whose
 * runner died (its lease ran out), never one that is still held.
 */

let hub: TestHub;
let officer: string;
beforeAll(async () => {
  hub = await createTestHub();
  officer = await hub.tokenFor('iom', 'privacy');
});
afterAll(() => hub?.close());

const queue = async () => ((await (await hub.call('POST', '/v1/log/verify', { token: officer, json: {} })).json()) as { id: string; status: string }).id;
const read = async (id: string) => (await (await hub.call('GET', `/v1/log/verifications/${id}`, { token: officer })).json()) as { status: string; report: { ok: boolean } | null; checked: number; total: number | null };

describe('verifications of the log', () => {
  it('are queued by the request and done by a runner, each once, however many runners share the queue', async () => {
    const ids = [await queue(), await queue(), await queue()];
    for (const id of ids) expect((await read(id)).status).toBe('queued');
    const ran = await Promise.all([runVerifications({ db: hub.database.db, tokens: hub.tokens }), runVerifications({ db: hub.database.db, tokens: hub.tokens })]);
    expect(ran[0]! + ran[1]!).toBe(3);
    for (const id of ids) expect(await read(id)).toMatchObject({ status: 'done', report: { ok: true } });
    expect(await runVerifications({ db: hub.database.db, tokens: hub.tokens })).toBe(0);
  });

  it('are taken over when their runner died (lease run out), never while it still holds them', async () => {
    const held = await queue();
    const orphaned = await queue();
    await sql`update log_verifications set status = 'running', lease_until = now() + interval '1 minute' where id = ${held}`.execute(hub.database.db);
    await sql`update log_verifications set status = 'running', lease_until = now() - interval '1 second' where id = ${orphaned}`.execute(hub.database.db);
    expect(await runVerifications({ db: hub.database.db, tokens: hub.tokens })).toBe(1);
    expect((await read(orphaned)).status).toBe('done');
    expect((await read(held)).status).toBe('running');
  });

  it('are refused, and nothing queued, for anyone but a privacy officer', async () => {
    const before = (await sql<{ n: number }>`select count(*)::int as n from log_verifications`.execute(hub.database.db)).rows[0]!.n;
    for (const [agency, user] of [['iom', 'caseworker'], ['iom', 'admin'], ['unhcr', 'caseworker']] as const) {
      const res = await hub.call('POST', '/v1/log/verify', { token: await hub.tokenFor(agency, user), json: {} });
      expect(res.status).toBe(403);
    }
    expect((await hub.call('POST', '/v1/log/verify', { token: officer, json: { witness: 3 } })).status).toBe(400);
    // A witness is a signed head as `GET /v1/log/heads` gives it: anything else is bad input, not a log that fails to verify.
    const notAHead = await hub.call('POST', '/v1/log/verify', { token: officer, json: { witness: 'aaaaaaaaaaaaaaaaaaaaaaa' } });
    expect(notAHead.status).toBe(400);
    expect(await notAHead.json()).toMatchObject({ errors: [{ in: 'body', field: 'witness' }] });
    expect((await sql<{ n: number }>`select count(*)::int as n from log_verifications`.execute(hub.database.db)).rows[0]!.n).toBe(before);
  });
});
