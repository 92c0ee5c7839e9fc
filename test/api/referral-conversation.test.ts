import { createServer } from 'node:http';
import { sql } from 'kysely';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type components, type PonteClient } from '@ponte/client';
import { deliverDueWebhooks } from '@ponte/core';
import { withTenant } from '@ponte/db';
import { agencyIdOf, BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * A referral's conversation (issue 21, item 1) through the typed SDK, on both engines: IOM sends,
 * the receiver's focal point asks, IOM answers, the receiver accepts; read receipts; the
 * `referral.message` event with ids only; refusals (closed, outsider, unassigned, privacy officer)
 * that store nothing; the privacy officers' flag for a message naming a subject whose identity
 * the receiver was not shared.
 */
type Schemas = components['schemas'];
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any });
const ref = (id: string) => ({ params: { path: { id } } });

const QUESTION = 'Does she need a female interpreter for the first visit?';
const ANSWER = 'Yes, Changana; mornings suit her best.';

describe.each(BOTH_ENGINES)('a referral’s conversation on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  const c: Record<string, PonteClient> = {};
  const ids: Record<string, string> = {};
  const messageCount = async () => (await sql<{ n: number }>`select count(*)::int as n from referral_messages`.execute(hub.database.db)).rows[0]!.n;

  async function referral(givenName: string, categories: Schemas['SendReferral']['categories']) {
    const subject = unwrap(
      await c.iom!.api.POST('/v1/subjects', {
        body: { identity: { givenName, familyName: 'Cossa', dateOfBirth: '1994-03-09', sex: 'female', languages: ['ts'] }, contact: { phone: '+258845550777', safeToContact: true } },
      }),
    );
    const consent = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subject.id),
        body: { grantedBy: 'subject', method: 'written', language: 'ts', interpreterUsed: true, purposes: ['return_reintegration'], recipients: ['caminho-seguro'], categories: ['identity', 'contact'], legalBasis: 'consent', validUntil: new Date(Date.now() + 90 * 86400_000).toISOString() },
      }),
    );
    const sent = unwrap(
      await c.iom!.api.POST('/v1/referrals', { body: { to: 'caminho-seguro', subjectId: subject.id, consentId: consent.consent.id, service: 'reintegration_economic', purpose: 'return_reintegration', urgency: 'routine', categories } }),
    );
    return { subjectId: subject.id, referralId: sent.id };
  }

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000, allowPrivateWebhookTargets: true });
    for (const [name, agency, user] of [
      ['iom', 'iom', 'caseworker'],
      ['iomPrivacy', 'iom', 'privacy'],
      ['csFocal', 'caminho-seguro', 'focal-point'],
      ['csCaseworker', 'caminho-seguro', 'caseworker'],
      ['csCaseworker2', 'caminho-seguro', 'caseworker2'],
      ['csAdmin', 'caminho-seguro', 'admin'],
      ['csPrivacy', 'caminho-seguro', 'privacy'],
      ['unicef', 'unicef', 'caseworker'],
    ] as const) {
      c[name] = hub.client(agency, user);
      ids[name] = unwrap(await c[name]!.api.GET('/v1/me')).id;
    }
  });
  afterAll(async () => {
    await hub?.close();
  });

  let shared: { subjectId: string; referralId: string };
  let withheld: { subjectId: string; referralId: string };

  it('IOM writes, the focal point asks, IOM answers, the receiver accepts: each side sees when the other read it', async () => {
    shared = await referral('Felismina', ['identity', 'contact']);
    const id = shared.referralId;
    const first = answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: 'Sent today; Felismina prefers to be called in the morning.' }, headers: { 'idempotency-key': 'conv-1' } }));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ referralId: id, authorAgency: 'iom', authorId: ids.iom, readByOtherSideAt: null });
    const retry = answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: 'Sent today; Felismina prefers to be called in the morning.' }, headers: { 'idempotency-key': 'conv-1' } }));
    expect(retry.body.id).toBe(first.body.id);

    const inbox = answer(await c.csFocal!.api.GET('/v1/referrals/{id}/messages', ref(id)));
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((m: { id: string }) => m.id)).toEqual([first.body.id]);
    const question = answer(await c.csFocal!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: QUESTION } }));
    expect(question.status).toBe(201);
    expect(question.body.authorAgency).toBe('caminho-seguro');

    // IOM reads: its first message was read by the receiver; the question is now read by IOM.
    const iomView = answer(await c.iom!.api.GET('/v1/referrals/{id}/messages', ref(id)));
    expect(iomView.body.items.map((m: { body: string }) => m.body)).toEqual(['Sent today; Felismina prefers to be called in the morning.', QUESTION]);
    expect(iomView.body.items[0].readByOtherSideAt).not.toBeNull();
    const answered = answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: ANSWER } }));
    expect(answered.status).toBe(201);

    const accepted = answer(await c.csFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(id), body: { assigneeId: ids.csCaseworker! } }));
    expect(accepted.status).toBe(200);
    // The assigned caseworker joins the conversation; paging walks it oldest first.
    const page1 = answer(await c.csCaseworker!.api.GET('/v1/referrals/{id}/messages', { params: { path: { id }, query: { limit: 2 } } }));
    expect(page1.body.items).toHaveLength(2);
    const page2 = answer(await c.csCaseworker!.api.GET('/v1/referrals/{id}/messages', { params: { path: { id }, query: { limit: 2, cursor: page1.body.nextCursor } } }));
    expect(page2.body.items.map((m: { body: string }) => m.body)).toEqual([ANSWER]);
    const iomAgain = answer(await c.iom!.api.GET('/v1/referrals/{id}/messages', ref(id)));
    expect(iomAgain.body.items[1].readByOtherSideAt).not.toBeNull();
    expect(iomAgain.body.items[2].readByOtherSideAt).not.toBeNull();
    const csAgain = answer(await c.csCaseworker!.api.GET('/v1/referrals/{id}/messages', ref(id)));
    expect(csAgain.body.items[1].readByOtherSideAt).not.toBeNull();
  });

  it('tells both agencies of each message with ids only, and logs no text', async () => {
    const id = shared.referralId;
    for (const client of [c.csAdmin!, c.iom!]) {
      const feed = answer(await client.api.GET('/v1/events', { params: { query: { limit: 500 } } }));
      const messages = feed.body.items.filter((e: { type: string; referralId: string }) => e.type === 'referral.message' && e.referralId === id);
      expect(messages).toHaveLength(3);
      for (const e of messages) expect(Object.keys(e.data).sort()).toEqual(['authorAgency', 'messageId', 'referralId']);
      expect(JSON.stringify(feed.body)).not.toContain('interpreter');
      expect(JSON.stringify(feed.body)).not.toContain('Felismina');
    }
    expect(hub.logs.join('\n')).not.toContain(QUESTION);
    const { rows } = await sql<{ rule: string; action: string; decision: string }>`
      select rule, action, decision from access_events where resource = 'Referral' and resource_id = ${id} and action = 'converse'`.execute(hub.database.db);
    expect(rows.filter((r) => r.decision === 'allow').map((r) => r.rule)).toEqual(['referral.conversation', 'referral.conversation', 'referral.conversation']);
  });

  it('refuses an outsider agency (404), an unassigned caseworker of the receiver (404) and its privacy officer (403), storing nothing', async () => {
    const id = shared.referralId;
    const before = await messageCount();
    const outsider = answer(await c.unicef!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: 'hello' } }));
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('not_found');
    const unassigned = answer(await c.csCaseworker2!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: 'hello' } }));
    expect(unassigned.status).toBe(404);
    expect(answer(await c.csCaseworker2!.api.GET('/v1/referrals/{id}/messages', ref(id))).status).toBe(404);
    const officer = answer(await c.csPrivacy!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: 'hello' } }));
    expect(officer.status).toBe(403);
    expect(officer.body.rule).toBe('referral.converse_not_allowed');
    expect(answer(await c.csPrivacy!.api.GET('/v1/referrals/{id}/messages', ref(id))).status).toBe(403);
    const empty = answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: '   ' } }));
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('body');
    const long = answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: 'x'.repeat(4001) } }));
    expect(long.status).toBe(400);
    expect(await messageCount()).toBe(before);
  });

  it('flags a message naming the subject when the receiver was not shared identity, and not when it was', async () => {
    withheld = await referral('Zefanias', ['contact']);
    const named = answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(withheld.referralId), body: { body: 'Zefanias will call you tomorrow.' } }));
    expect(named.status).toBe(201);
    const born = answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(withheld.referralId), body: { body: 'Born 09/03/1994, so an adult.' } }));
    expect(born.status).toBe(201);
    const plain = answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(withheld.referralId), body: { body: 'She will call you tomorrow.' } }));
    expect(plain.status).toBe(201);
    const sharedNamed = answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(shared.referralId), body: { body: 'Felismina will call you tomorrow.' } }));
    expect(sharedNamed.status).toBe(201);

    const flags = answer(await c.iomPrivacy!.api.GET('/v1/access-flags'));
    const raised = flags.body.items.filter((f: { kind: string }) => f.kind === 'message_personal_data');
    expect(raised.map((f: { subjectId: string }) => f.subjectId)).toEqual([withheld.subjectId, withheld.subjectId]);
    expect(JSON.stringify(flags.body)).not.toContain('Zefanias');
    // The date as written (not its year alone, which a random id may hold).
    for (const date of ['09/03/1994', '1994-03-09']) expect(JSON.stringify(flags.body)).not.toContain(date);
    expect(hub.logs.join('\n')).not.toContain('Zefanias');
  });

  it('is kept to the two agencies by row-level security too: a third agency’s tenant sees no message or receipt and writes none', async () => {
    const db = hub.database.db;
    const [iom, caminho, unicef] = [await agencyIdOf(db, 'iom'), await agencyIdOf(db, 'caminho-seguro'), await agencyIdOf(db, 'unicef')];
    const count = (agency: string, table: 'referral_messages' | 'referral_message_reads') =>
      withTenant(db, agency, async (tx) => (await tx.selectFrom(table).select('agency_id').where('agency_id', '=', iom).execute()).length);
    expect(await count(iom, 'referral_messages')).toBeGreaterThan(0);
    expect(await count(caminho, 'referral_messages')).toBe(await count(iom, 'referral_messages'));
    expect(await count(caminho, 'referral_message_reads')).toBeGreaterThan(0);
    expect(await count(unicef, 'referral_messages')).toBe(0);
    expect(await count(unicef, 'referral_message_reads')).toBe(0);
    // Writing as another agency, or onto a conversation it is no party to, is refused by the policies.
    const forged = (agency: string, author: string) =>
      withTenant(db, agency, (tx) =>
        tx.insertInto('referral_messages').values({ agency_id: iom, referral_id: shared.referralId, recipient_agency_id: caminho, author_agency_id: author, author_id: ids.iom!, body: 'forged', personal_data_flagged: false, created_at: new Date() }).execute(),
      );
    await expect(forged(unicef, unicef)).rejects.toThrow();
    await expect(forged(caminho, iom)).rejects.toThrow();
  });

  it('closes the conversation when the referral closes: 409 naming the check, nothing stored, the history still readable', async () => {
    const id = withheld.referralId;
    expect(answer(await c.iom!.api.POST('/v1/referrals/{id}/withdraw', { ...ref(id), body: { reason: 'Moved to another province' } })).status).toBe(200);
    const before = await messageCount();
    const closed = answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: 'One more thing' } }));
    expect(closed.status).toBe(409);
    expect(closed.body.rule).toBe('referral.conversation_closed');
    expect(closed.body.currentStatus).toBe('withdrawn');
    expect(await messageCount()).toBe(before);
    expect(answer(await c.iom!.api.GET('/v1/referrals/{id}/messages', ref(id))).body.items).toHaveLength(3);
  });

  it('delivers a referral.message webhook to the receiving agency’s system, signed, with ids only', async () => {
    const bodies: Array<{ body: string; headers: Record<string, string> }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers as Record<string, string> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/ponte-events`;
      const endpoint = answer(await c.csAdmin!.api.POST('/v1/webhook-endpoints', { body: { url, eventTypes: ['referral.message'] } }));
      expect(endpoint.status).toBe(201);
      const { referralId } = await referral('Ilda', ['contact']);
      const posted = answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(referralId), body: { body: 'Please call her after 16:00; she works mornings.' } }));
      expect(posted.status).toBe(201);
      const run = await deliverDueWebhooks({ db: hub.database.db, tokens: hub.tokens, secrets: hub.secrets, logger: pino({ level: 'silent' }), allowPrivateTargets: true, backoffBaseMs: 60_000 });
      expect(run.delivered).toBe(1);
      expect(bodies).toHaveLength(1);
      const event = new Webhook(endpoint.body.secret).verify(bodies[0]!.body, bodies[0]!.headers) as { type: string; data: Record<string, unknown> };
      expect(event.type).toBe('referral.message');
      expect(event.data).toMatchObject({ referralId, messageId: posted.body.id, authorAgency: 'iom' });
      expect(bodies[0]!.body).not.toContain('16:00');
      expect(bodies[0]!.body).not.toContain('Ilda');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
