import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { buildHub, HubProcess } from '../support/hub-process';
import { TEST_KEY_ENCRYPTION_KEY } from '../support/key-encryption';
import { freePort } from '../support/private-postgres';

/*
 * The person's rights against the hub as its own process, over HTTP, as an integrator's code calls
 * it: on embedded PGlite and, where the run has one, on a PostgreSQL server. IOM registers a
 * returnee (under an Idempotency-Key) and refers her to UNHCR and to Caminho Seguro; corrects her
 * contact (UNHCR, which received it, is told with ids only); erases her; UNHCR attests its purge and
 * the receipt verifies with the keys the hub publishes; her caseworker's file lists who attested;
 * a client retrying the registration under its key is told she was erased; the access log still
 * verifies; and none of her data is in the hub's log.
 */
const HER = { givenName: 'Ermelinda', familyName: 'Cumbe-Processo', dateOfBirth: '1991-07-23', phone: '+258847771234', newPhone: '+258847775678' };

const storages: Array<[string, () => Promise<{ env: Record<string, string>; database?: TestDatabase }>]> = [
  ['embedded PGlite', async () => ({ env: { PONTE_DATA_DIR: 'memory://' } })],
];
if (inject('database').kind === 'postgres')
  storages.push([
    'PostgreSQL',
    async () => {
      const database = await createTestDatabase();
      return { env: { DATABASE_URL: database.url!, PONTE_SEED_DEMO: 'false' }, database };
    },
  ]);

let entry: string;
beforeAll(async () => {
  entry = await buildHub('rights-process');
}, 120_000);

describe.each(storages)('the person’s rights, the hub as its own process on %s', (_name, storage) => {
  let hub: HubProcess;
  let database: TestDatabase | undefined;
  const tokens: Record<string, string> = {};

  async function call(who: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${hub.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  }
  async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    const chosen = await storage();
    database = chosen.database;
    hub = new HubProcess(entry, {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      PONTE_KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY,
      PONTE_DEMO_PASSWORD: DEMO_PASSWORD,
      PONTE_SEAL_INTERVAL_MS: '300',
      PONTE_RATE_LIMIT_PER_MINUTE: '1000000',
      PONTE_TOKEN_RATE_LIMIT_PER_MINUTE: '100000',
      PONTE_DEMO_WITNESSES: 'false',
      LOG_LEVEL: 'info',
      ...chosen.env,
    });
    await hub.start();
    for (const [name, agency, username] of [
      ['iom', 'iom', 'caseworker'],
      ['iomPrivacy', 'iom', 'privacy'],
      ['unhcrFocal', 'unhcr', 'focal-point'],
      ['csFocal', 'caminho-seguro', 'focal-point'],
    ] as const) {
      const res = await fetch(`${hub.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', agency, username, password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(200);
      tokens[name] = ((await res.json()) as { access_token: string }).access_token;
    }
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await database?.close();
  });

  const registration = {
    identity: { givenName: HER.givenName, familyName: HER.familyName, dateOfBirth: HER.dateOfBirth, sex: 'female', languages: ['pt'] },
    contact: { phone: HER.phone, safeToContact: true },
    location: { current: { country: 'MOZ', province: 'MZ-G' } },
  };
  let subjectId: string;
  let toUnhcr: string;
  let toCaminho: string;

  it('IOM registers her, records her consent and refers her to two partners; a correction reaches the one that received the category', async () => {
    const registered = await call('iom', 'POST', '/v1/subjects', registration, { 'idempotency-key': 'rights-process-register' });
    expect(registered.status).toBe(201);
    subjectId = registered.body.id;
    const consent = await call('iom', 'POST', `/v1/subjects/${subjectId}/consents`, {
      grantedBy: 'subject',
      method: 'written',
      language: 'pt',
      interpreterUsed: false,
      purposes: ['resettlement_processing', 'return_reintegration'],
      recipients: ['unhcr', 'caminho-seguro'],
      categories: ['identity', 'contact', 'location'],
      legalBasis: 'consent',
      validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });
    expect(consent.status).toBe(201);
    const send = async (to: string, service: string, purpose: string, categories: string[]) => {
      const sent = await call('iom', 'POST', '/v1/referrals', { to, subjectId, consentId: consent.body.consent.id, service, purpose, urgency: 'routine', categories });
      expect(sent.status).toBe(201);
      return sent.body.id as string;
    };
    toUnhcr = await send('unhcr', 'legal_aid', 'resettlement_processing', ['identity', 'contact']);
    toCaminho = await send('caminho-seguro', 'reintegration_economic', 'return_reintegration', ['identity', 'location']);

    const subject = await call('iom', 'GET', `/v1/subjects/${subjectId}`);
    const corrected = await call('iom', 'PATCH', `/v1/subjects/${subjectId}`, { contact: { phone: HER.newPhone, safeToContact: true } }, { 'if-match': `"${subject.body.version}"` });
    expect(corrected.status).toBe(200);
    const rectified = (who: string) => until(`${who}'s subject.rectified`, async () => {
      const events = await call(who, 'GET', '/v1/events?limit=500');
      return (events.body.items as Array<{ type: string; referralId: string; data: Record<string, unknown> }>).filter((e) => e.type === 'subject.rectified');
    });
    const [event, ...more] = await rectified('unhcrFocal');
    expect(more).toEqual([]);
    expect(event).toMatchObject({ referralId: toUnhcr, data: { referralId: toUnhcr, categories: ['contact'] } });
    expect(await rectified('csFocal')).toEqual([]);
  });

  it('IOM erases her: both partners are asked to purge; UNHCR attests, and the hub’s receipt verifies with its published keys', async () => {
    const erased = await call('iomPrivacy', 'POST', `/v1/subjects/${subjectId}/erasure`, { reason: 'request', mode: 'erase', confirm: true });
    expect(erased.status).toBe(201);
    expect((erased.body.purgeRequests as Array<{ recipient: string }>).map((r) => r.recipient).sort()).toEqual(['caminho-seguro', 'unhcr']);

    const asked = await call('unhcrFocal', 'GET', '/v1/purge-requests');
    expect((asked.body.items as Array<{ referralId: string }>).map((r) => r.referralId)).toEqual([toUnhcr]);
    const attestation = { purgedBy: 'UNHCR protection unit', purgedAt: new Date().toISOString(), method: 'Deleted from the case system', systems: ['case system'], statement: 'Everything received on this referral was purged.' };
    const attested = await call('unhcrFocal', 'POST', `/v1/referrals/${toUnhcr}/purge-attestation`, attestation);
    expect(attested.status).toBe(201);
    const jwks = (await (await fetch(`${hub.url}/.well-known/jwks.json`)).json()) as { keys: never[] };
    const { payload } = await jwtVerify(attested.body.attestation.receipt, createLocalJWKSet({ keys: jwks.keys }));
    expect(payload).toMatchObject({ referralId: toUnhcr, subjectId, purgedBy: 'UNHCR protection unit' });
    const again = await call('unhcrFocal', 'POST', `/v1/referrals/${toUnhcr}/purge-attestation`, attestation);
    expect([again.status, again.body.rule]).toEqual([409, 'purge.already_attested']);
    const notTheirs = await call('csFocal', 'POST', `/v1/referrals/${toUnhcr}/purge-attestation`, attestation);
    expect(notTheirs.status).toBe(404);
    // Caminho Seguro has its own request waiting, for its own referral.
    const theirs = await call('csFocal', 'GET', '/v1/purge-requests');
    expect((theirs.body.items as Array<{ referralId: string }>).map((r) => r.referralId)).toEqual([toCaminho]);
  });

  it('her file lists who attested and when; her record is gone (410), and a retried registration does not bring her back', async () => {
    const file = await call('iom', 'GET', `/v1/subjects/${subjectId}/file`);
    expect(file.status).toBe(200);
    const byRecipient = Object.fromEntries((file.body.sections.erasure.purgeRequests as Array<{ recipient: string }>).map((r) => [r.recipient, r])) as Record<string, any>;
    expect(byRecipient.unhcr.attestation).toMatchObject({ purgedBy: 'UNHCR protection unit', attestedAt: expect.any(String) });
    expect(byRecipient['caminho-seguro']).toMatchObject({ attestation: null, overdue: false });
    for (const value of Object.values(HER)) expect(JSON.stringify(file.body)).not.toContain(value);

    expect((await call('iom', 'GET', `/v1/subjects/${subjectId}`)).status).toBe(410);
    const retried = await call('iom', 'POST', '/v1/subjects', registration, { 'idempotency-key': 'rights-process-register' });
    expect([retried.status, retried.body.code, retried.body.rule]).toEqual([410, 'gone', 'subject.erased']);
    const listed = await call('iom', 'GET', '/v1/subjects?limit=200');
    expect(JSON.stringify(listed.body)).not.toContain(HER.familyName);
  });

  it('the access log still verifies, and the hub’s log holds none of her data', async () => {
    const queued = await call('iomPrivacy', 'POST', '/v1/log/verify', {});
    expect(queued.status).toBe(202);
    const done = await until('the verification', async () => {
      const job = await call('iomPrivacy', 'GET', `/v1/log/verifications/${queued.body.id}`);
      return job.body.report ? job.body : undefined;
    }, 60_000);
    expect(done.report.ok).toBe(true);
    const logs = hub.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const value of Object.values(HER)) expect(logs).not.toContain(value);
  });
});
