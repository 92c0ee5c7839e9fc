import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestHub, type CallOptions, type TestHub } from '../support/hub';

/** The hub's clock: real time plus an offset the tests move forward. */
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);

let hub: TestHub;
const tokens: Record<string, string> = {};
/** Every case-data request made here, with the decision the log must hold for it. */
const requests: Array<{ requestId: string; decision: 'allow' | 'deny' }> = [];
let counter = 0;

async function call(method: string, path: string, as: string, options: CallOptions & { logged?: 'allow' | 'deny' | 'none' } = {}) {
  const res = await hub.call(method, path, { ...options, token: tokens[as], headers: { ...(options.headers ?? {}), 'x-request-id': `consent-test-${++counter}` } });
  // The hub's own id names the request in the access log.
  const requestId = res.headers.get('x-request-id')!;
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  const logged = options.logged ?? (res.status < 300 ? 'allow' : 'deny');
  if (logged !== 'none' && (res.status < 300 || res.status === 403 || res.status === 404)) requests.push({ requestId, decision: logged });
  return { status: res.status, body: body as any, headers: res.headers };
}

const returnee = {
  identity: { givenName: 'Armando', familyName: 'Cossa', dateOfBirth: '1994-03-12', sex: 'male', nationality: 'MOZ', languages: ['pt', 'ts'] },
  contact: { phone: '+258841234567', safeToContact: true },
  location: { current: { country: 'MOZ', province: 'MZ-G', district: 'Chókwè' }, placeOfOrigin: { country: 'MOZ', province: 'MZ-G' } },
  protection: { traffickingIndicators: ['withheld_wages'], unaccompaniedMinor: false, separatedChild: false, vulnerabilities: ['stranded'] },
  health: { medicalNeeds: ['hypertension follow-up'], urgentCare: false },
  legal: { legalStatus: 'national', documents: [{ type: 'emergency_travel_document', issuingCountry: 'MOZ' }] },
};

const consentFor = (overrides: Record<string, unknown> = {}) => ({
  grantedBy: 'subject',
  method: 'written',
  language: 'pt',
  interpreterUsed: false,
  purposes: ['return_reintegration', 'protection_assistance'],
  recipients: ['caminho-seguro'],
  categories: ['identity', 'contact', 'location'],
  legalBasis: 'consent',
  validUntil: new Date(now().getTime() + 30 * 86400_000).toISOString(),
  ...overrides,
});

beforeAll(async () => {
  hub = await createTestHub({ now });
  for (const [name, agency, user] of [
    ['iom', 'iom', 'caseworker'],
    ['iom2', 'iom', 'caseworker2'],
    ['iomSupervisor', 'iom', 'supervisor'],
    ['iomPrivacy', 'iom', 'privacy'],
    ['iomAdmin', 'iom', 'admin'],
    ['iomFocal', 'iom', 'focal-point'],
    ['unhcr', 'unhcr', 'caseworker'],
    ['mgcas', 'mgcas', 'caseworker'],
    ['mgcasChildProtection', 'mgcas', 'child-protection'],
    ['pgr', 'pgr', 'caseworker'],
  ] as const)
    tokens[name] = await hub.tokenFor(agency, user);
});
afterAll(() => hub?.close());

describe('what an agency records and reads of its own subject, before a consent and under the other legal bases', () => {
  it('records any category, at registration or later, and reads back only what a consent or another legal basis covers', async () => {
    const registered = await call('POST', '/v1/subjects', 'iom', { json: { identity: returnee.identity, location: returnee.location } });
    expect(registered.status).toBe(201);
    const id = registered.body.id;
    // Recording what the caseworker learns needs no consent: a later change is recorded like the first.
    const changed = await call('PATCH', `/v1/subjects/${id}`, 'iom', { json: { contact: returnee.contact }, headers: { 'if-match': registered.headers.get('etag')! } });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toEqual({});
    expect(changed.body.access.withheld).toEqual(expect.arrayContaining([{ category: 'contact', rule: 'consent.absent' }, { category: 'location', rule: 'consent.absent' }]));
    expect((await call('GET', `/v1/subjects/${id}`, 'iom')).body).toMatchObject({ code: 'forbidden', rule: 'consent.absent' });
    // Reading back: only what a basis covers, and what was recorded before it is there.
    const consent = await call('POST', `/v1/subjects/${id}/consents`, 'iom', { json: consentFor({ categories: ['identity', 'location'] }) });
    expect(consent.status).toBe(201);
    const read = await call('GET', `/v1/subjects/${id}`, 'iom');
    expect(Object.keys(read.body.data).sort()).toEqual(['identity', 'location']);
    expect(read.body.data.location.current.district).toBe('Chókwè');
    expect(read.body.access.withheld).toContainEqual({ category: 'contact', rule: 'consent.absent' });
    // Need-to-know still holds for recording: a colleague without it may not.
    expect((await call('PATCH', `/v1/subjects/${id}`, 'iom2', { json: { contact: returnee.contact }, headers: { 'if-match': '*' } })).status).toBe(404);
  });

  it('lets an agency acting under law read what its legal basis covers, without the person’s consent', async () => {
    const registered = await call('POST', '/v1/subjects', 'pgr', { json: { identity: returnee.identity, legal: returnee.legal } });
    expect(registered.status).toBe(201);
    const basis = await call('POST', `/v1/subjects/${registered.body.id}/consents`, 'pgr', {
      json: consentFor({ legalBasis: 'legal_obligation', purposes: ['criminal_investigation_prosecution'], recipients: [], categories: ['identity', 'legal'] }),
    });
    expect(basis.status).toBe(201);
    const read = await call('GET', `/v1/subjects/${registered.body.id}`, 'pgr');
    expect(Object.keys(read.body.data).sort()).toEqual(['identity', 'legal']);
    expect(read.status).toBe(200);
  });
});

describe('a subject and consent, end to end', () => {
  let subjectId: string;
  let consentId: string;
  let receipt: string;

  it('registers a returnee whose data cannot be read back before any consent', async () => {
    const res = await call('POST', '/v1/subjects', 'iom', { json: returnee });
    expect(res.status).toBe(201);
    subjectId = res.body.id;
    expect(res.body.reference).toMatch(/^IOM-[0-9A-F]{10}$/);
    expect(res.body.data).toEqual({});
    expect(res.body.access.withheld).toContainEqual({ category: 'identity', rule: 'consent.absent' });
    const read = await call('GET', `/v1/subjects/${subjectId}`, 'iom');
    expect(read.status).toBe(403);
    expect(read.body).toMatchObject({ code: 'forbidden', rule: 'consent.absent' });
  });

  it('records consent and returns a signed receipt; reads then return the consented categories only', async () => {
    const res = await call('POST', `/v1/subjects/${subjectId}/consents`, 'iom', { json: consentFor() });
    expect(res.status).toBe(201);
    expect(res.body.consent).toMatchObject({ status: 'active', version: 1, recipients: ['caminho-seguro'], categories: ['identity', 'contact', 'location'] });
    consentId = res.body.consent.id;
    receipt = res.body.receipt;
    expect(receipt.split('.')).toHaveLength(3);

    const read = await call('GET', `/v1/subjects/${subjectId}`, 'iom');
    expect(read.status).toBe(200);
    expect(Object.keys(read.body.data).sort()).toEqual(['contact', 'identity', 'location']);
    expect(read.body.data.identity.givenName).toBe('Armando');
    expect(read.body.access.withheld.map((w: { category: string }) => w.category).sort()).toEqual(['family', 'health', 'legal', 'protection']);
    expect(read.headers.get('etag')).toBe('"1"');
  });

  it('keeps other agencies and colleagues without need-to-know out: not found, unless they may know the subject (its privacy officer)', async () => {
    for (const [who, rule, status] of [
      ['unhcr', 'tenant_isolation', 404],
      ['iom2', 'need_to_know', 404],
      ['iomPrivacy', 'role.no_case_data', 403],
      ['iomAdmin', 'role.no_case_data', 404],
      ['iomFocal', 'role.no_case_data', 404],
    ] as const) {
      const read = await call('GET', `/v1/subjects/${subjectId}`, who);
      expect({ who, status: read.status }).toEqual({ who, status });
      expect(read.body.rule).toBe(rule);
      expect(JSON.stringify(read.body)).not.toContain('Armando');
    }
    const list = await call('GET', '/v1/subjects', 'iom2');
    expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(subjectId);
  });

  it("lets the supervisor of the caseworker's team read, and list", async () => {
    const read = await call('GET', `/v1/subjects/${subjectId}`, 'iomSupervisor');
    expect(read.status).toBe(200);
    expect(read.body.data.identity.familyName).toBe('Cossa');
    const list = await call('GET', '/v1/subjects', 'iomSupervisor');
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(subjectId);
  });

  it('verifies the receipt, and rejects a tampered one', async () => {
    const ok = await call('POST', '/v1/consent-receipts/verify', 'iom', { json: { receipt } });
    expect(ok.body).toMatchObject({ valid: true, active: true, consentId, version: 1, event: 'given', currentStatus: 'active' });

    const [header, payload, signature] = receipt.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims).toMatchObject({
      version: 'KI-CR-v1.1.0',
      jurisdiction: 'MZ',
      collectionMethod: 'written',
      language: 'pt',
      piiControllers: [expect.objectContaining({ id: 'iom' })],
      record: expect.objectContaining({ recordId: consentId, event: 'given', legalBasis: 'consent', recipients: ['caminho-seguro'] }),
    });
    expect(JSON.stringify(claims)).not.toContain('Armando');
    claims.record.recipients = ['caminho-seguro', 'pgr'];
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const bad = await call('POST', '/v1/consent-receipts/verify', 'iom', { json: { receipt: tampered }, logged: 'deny' });
    expect(bad.body).toMatchObject({ valid: false, reason: 'signature', active: false });
  });

  it('exports the consent as a FHIR R5 Consent', async () => {
    const res = await call('GET', `/v1/consents/${consentId}/fhir`, 'iom');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const fhir = res.body;
    expect(fhir).toMatchObject({
      resourceType: 'Consent',
      id: consentId,
      status: 'active',
      decision: 'permit',
      subject: { type: 'Patient', identifier: { system: 'http://ponte.test/fhir/sid/subject', value: subjectId } },
      grantor: [{ type: 'Patient', identifier: { value: subjectId } }],
      grantee: [{ type: 'Organization', identifier: { system: 'http://ponte.test/fhir/sid/agency', value: 'caminho-seguro' } }],
      controller: [{ type: 'Organization', identifier: { system: 'http://ponte.test/fhir/sid/agency', value: 'iom' } }],
      period: { start: expect.any(String), end: expect.any(String) },
    });
    const [provision] = fhir.provision;
    expect(provision.purpose.map((p: { code: string }) => p.code).sort()).toEqual(['protection_assistance', 'return_reintegration']);
    expect(provision.actor).toContainEqual({ role: { coding: [expect.objectContaining({ code: 'IRCP' })] }, reference: expect.objectContaining({ identifier: expect.objectContaining({ value: 'caminho-seguro' }) }) });
    expect(provision.securityLabel.map((d: { code: string }) => d.code)).toEqual(['identity', 'contact', 'location']);
    expect(provision.period).toEqual(fhir.period);
    expect(JSON.stringify(res.body)).not.toContain("Armando");
  });

  it('denies the very next read once consent is withdrawn, and refuses a second withdrawal', async () => {
    const withdrawal = { requestedBy: 'subject', method: 'verbal_with_witness', reason: 'No longer wishes to be referred' };
    const res = await call('POST', `/v1/consents/${consentId}/withdraw`, 'iom', { json: withdrawal });
    expect(res.status).toBe(200);
    expect(res.body.consent).toMatchObject({ status: 'withdrawn', withdrawal: expect.objectContaining({ requestedBy: 'subject' }) });
    const read = await call('GET', `/v1/subjects/${subjectId}`, 'iom');
    expect(read.status).toBe(403);
    expect(read.body.rule).toBe('consent.withdrawn');

    const again = await hub.call('POST', `/v1/consents/${consentId}/withdraw`, { token: tokens.iom, json: withdrawal });
    expect(again.status).toBe(409);

    const verify = await call('POST', '/v1/consent-receipts/verify', 'iom', { json: { receipt } });
    expect(verify.body).toMatchObject({ valid: true, active: false, currentStatus: 'withdrawn' });
    const withdrawalReceipt = await call('POST', '/v1/consent-receipts/verify', 'iom', { json: { receipt: res.body.receipt } });
    expect(withdrawalReceipt.body).toMatchObject({ valid: true, event: 'withdrawn', active: false });
    const fhir = await call('GET', `/v1/consents/${consentId}/fhir`, 'iom');
    expect(fhir.body.status).toBe("inactive");
  });

  it('stops counting an expired consent the moment it expires, with no job run', async () => {
    const subject = await call('POST', '/v1/subjects', 'iom', { json: returnee });
    const validUntil = new Date(now().getTime() + 60 * 60_000).toISOString();
    const consent = await call('POST', `/v1/subjects/${subject.body.id}/consents`, 'iom', { json: consentFor({ validUntil }) });
    expect(consent.status).toBe(201);
    expect((await call('GET', `/v1/subjects/${subject.body.id}`, 'iom')).status).toBe(200);
    offsetMs += 61 * 60_000;
    try {
      const read = await call('GET', `/v1/subjects/${subject.body.id}`, 'iom');
      expect(read.status).toBe(403);
      expect(read.body.rule).toBe('consent.expired');
      const state = await call('GET', `/v1/consents/${consent.body.consent.id}`, 'iom');
      expect(state.body.status).toBe('expired');
    } finally {
      offsetMs = 0;
    }
  });

  it('versions a consent: the new version replaces the old one', async () => {
    const subject = await call('POST', '/v1/subjects', 'iom', { json: returnee });
    const first = await call('POST', `/v1/subjects/${subject.body.id}/consents`, 'iom', { json: consentFor({ categories: ['identity'] }) });
    const second = await call('POST', `/v1/subjects/${subject.body.id}/consents`, 'iom', {
      json: consentFor({ supersedes: first.body.consent.id, categories: ['identity', 'health'] }),
    });
    expect(second.status).toBe(201);
    expect(second.body.consent).toMatchObject({ id: first.body.consent.id, version: 2, status: 'active' });
    const read = await call('GET', `/v1/subjects/${subject.body.id}`, 'iom');
    expect(Object.keys(read.body.data).sort()).toEqual(['health', 'identity']);
    const consents = await call('GET', `/v1/subjects/${subject.body.id}/consents`, 'iom');
    expect(consents.body.items).toHaveLength(1);
  });
});

describe('consent for a child', () => {
  const child = {
    identity: { givenName: 'Lúcia', familyName: 'Sitoe', estimatedAge: 14, sex: 'female', nationality: 'MOZ', languages: ['ts'] },
    protection: { traffickingIndicators: ['child_labour'], unaccompaniedMinor: true, separatedChild: true, vulnerabilities: [] },
  };
  let childId: string;

  beforeAll(async () => {
    childId = (await call('POST', '/v1/subjects', 'mgcasChildProtection', { json: child })).body.id;
  });

  it('refuses consent by the child alone, and requires the child’s assent', async () => {
    const res = await hub.call('POST', `/v1/subjects/${childId}/consents`, { token: tokens.mgcasChildProtection, json: consentFor({ recipients: ['unicef'] }) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ field: string; check: string }> };
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'grantedBy', check: 'minor_needs_guardian_or_determination' }),
        expect.objectContaining({ field: 'childAssent', check: 'required_for_minor' }),
      ]),
    );
  });

  it('accepts a best-interests determination from a child-protection officer, not from a caseworker', async () => {
    const determination = consentFor({
      grantedBy: 'best_interests_determination',
      bestInterestsDetermination: { reference: 'BID-MGCAS-2026-041', decidedOn: '2026-11-20' },
      childAssent: 'given',
      recipients: ['unicef'],
      purposes: ['best_interests_procedure', 'family_tracing_reunification'],
      categories: ['identity', 'family', 'protection'],
    });
    const subjectOfCaseworker = (await call('POST', '/v1/subjects', 'mgcas', { json: child })).body.id;
    const byCaseworker = await call('POST', `/v1/subjects/${subjectOfCaseworker}/consents`, 'mgcas', { json: determination });
    expect(byCaseworker.status).toBe(403);
    expect(byCaseworker.body.rule).toBe('consent.best_interests_needs_child_protection_officer');

    const byOfficer = await call('POST', `/v1/subjects/${childId}/consents`, 'mgcasChildProtection', { json: determination });
    expect(byOfficer.status).toBe(201);
    expect(byOfficer.body.consent).toMatchObject({ grantedBy: 'best_interests_determination', childAssent: 'given' });
  });

  it("needs a recorded reason when a guardian grants an adult's consent", async () => {
    const adult = (await call('POST', '/v1/subjects', 'iom', { json: returnee })).body.id;
    const res = await hub.call('POST', `/v1/subjects/${adult}/consents`, { token: tokens.iom, json: consentFor({ grantedBy: 'guardian', guardian: { name: 'Rosa Cossa', relationship: 'mother' } }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [expect.objectContaining({ field: 'guardianReason', check: 'required_for_adult' })] });
    const withReason = await call('POST', `/v1/subjects/${adult}/consents`, 'iom', {
      json: consentFor({ grantedBy: 'guardian', guardian: { name: 'Rosa Cossa', relationship: 'mother' }, guardianReason: 'Subject lacks capacity after injury (medical report ref. HCM-2291)' }),
    });
    expect(withReason.status).toBe(201);
  });
});

describe('bad consent input', () => {
  let subjectId: string;
  beforeAll(async () => {
    subjectId = (await call('POST', '/v1/subjects', 'iom', { json: returnee })).body.id;
  });

  const count = async () => {
    const { rows } = await sql<{ consents: number; withdrawals: number }>`
      select (select count(*)::int from consents) as consents, (select count(*)::int from consent_withdrawals) as withdrawals`.execute(hub.database.db);
    return rows[0];
  };

  it.each([
    ['an empty purpose list', { purposes: [] }, 'purposes', 'too_small'],
    ['an empty category list', { categories: [] }, 'categories', 'too_small'],
    ['an end before its start', { validFrom: '2026-12-01T00:00:00Z', validUntil: '2026-11-01T00:00:00Z' }, 'validUntil', 'after_start'],
    ['an unknown agency as recipient', { recipients: ['caminho-seguro', 'no-such-agency'] }, 'recipients.1', 'known_agency'],
    ['a verbal consent without a witness', { method: 'verbal_with_witness' }, 'witness', 'required'],
    ['an unknown purpose', { purposes: ['marketing'] }, 'purposes.0', 'invalid_value'],
    ['a guardian on a consent the subject gives', { guardian: { name: 'Rosa', relationship: 'mother' } }, 'guardian', 'only_for_guardian'],
    ['a determination on a consent the subject gives', { bestInterestsDetermination: { reference: 'BID-1', decidedOn: '2026-01-01' } }, 'bestInterestsDetermination', 'only_for_determination'],
    ['an already expired consent', { validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' }, 'validUntil', 'in_future'],
  ])('refuses %s, naming the field, and writes nothing', async (_name, overrides, field, check) => {
    const before = await count();
    const res = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token: tokens.iom, json: consentFor(overrides) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown[] }).errors).toContainEqual(expect.objectContaining({ field, check }));
    expect(await count()).toEqual(before);
  });

  it('refuses consent on a subject of another agency as not found', async () => {
    const res = await call('POST', `/v1/subjects/${subjectId}/consents`, 'unhcr', { json: consentFor() });
    expect(res.status).toBe(404);
  });
});

describe('retries', () => {
  it('register a subject and record a consent once under one Idempotency-Key', async () => {
    const first = await call('POST', '/v1/subjects', 'iom', { json: returnee, headers: { 'idempotency-key': 'register-armando-7' } });
    // A replay touches nothing: it answers from the first request, which is in the log.
    const again = await call('POST', '/v1/subjects', 'iom', { json: returnee, headers: { 'idempotency-key': 'register-armando-7' }, logged: 'none' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const other = await hub.call('POST', '/v1/subjects', { token: tokens.iom, json: { ...returnee, team: 'other' }, headers: { 'idempotency-key': 'register-armando-7' } });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    const consent = consentFor();
    const c1 = await call('POST', `/v1/subjects/${first.body.id}/consents`, 'iom', { json: consent, headers: { 'idempotency-key': 'consent-armando-7' } });
    const c2 = await call('POST', `/v1/subjects/${first.body.id}/consents`, 'iom', { json: consent, headers: { 'idempotency-key': 'consent-armando-7' }, logged: 'none' });
    expect(c2.body.consent.id).toBe(c1.body.consent.id);
    const list = await call('GET', `/v1/subjects/${first.body.id}/consents`, 'iom');
    expect(list.body.items).toHaveLength(1);
  });
});

describe('registration by an intake focal point', () => {
  it('needs a caseworker to assign, who can then work on the subject', async () => {
    const without = await hub.call('POST', '/v1/subjects', { token: tokens.iomFocal, json: returnee });
    expect(without.status).toBe(400);
    expect(await without.json()).toMatchObject({ errors: [expect.objectContaining({ field: 'assignedUserId', check: 'required' })] });
    const admin = await hub.call('POST', '/v1/subjects', { token: tokens.iomFocal, json: { ...returnee, assignedUserId: (await (await hub.call('GET', '/v1/me', { token: tokens.iomPrivacy })).json() as { id: string }).id } });
    expect(admin.status).toBe(400);
    const caseworkerId = ((await (await hub.call('GET', '/v1/me', { token: tokens.iom })).json()) as { id: string }).id;
    const registered = await call('POST', '/v1/subjects', 'iomFocal', { json: { ...returnee, assignedUserId: caseworkerId } });
    expect(registered.status).toBe(201);
    const consent = await call('POST', `/v1/subjects/${registered.body.id}/consents`, 'iom', { json: consentFor() });
    expect(consent.status).toBe(201);
    expect((await call('GET', `/v1/subjects/${registered.body.id}`, 'iom')).status).toBe(200);
  });
});

describe('break-glass', () => {
  it('gives a colleague time-limited, flagged access with a written justification', async () => {
    const subject = (await call('POST', '/v1/subjects', 'iom', { json: returnee })).body.id;
    await call('POST', `/v1/subjects/${subject}/consents`, 'iom', { json: consentFor() });
    expect((await call('GET', `/v1/subjects/${subject}`, 'iom2')).status).toBe(404);

    const short = await hub.call('POST', `/v1/subjects/${subject}/break-glass`, { token: tokens.iom2, json: { justification: 'urgent' } });
    expect(short.status).toBe(400);
    const grant = await call('POST', `/v1/subjects/${subject}/break-glass`, 'iom2', {
      json: { justification: 'Subject hospitalised at night; assigned caseworker unreachable; need contact details' },
    });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ flaggedForReview: true });
    expect(new Date(grant.body.expiresAt).getTime() - new Date(grant.body.grantedAt).getTime()).toBe(60 * 60_000);

    const read = await call('GET', `/v1/subjects/${subject}`, 'iom2');
    expect(read.status).toBe(200);
    expect(read.body.access.breakGlass).toBe(true);

    offsetMs += 61 * 60_000;
    try {
      expect((await call('GET', `/v1/subjects/${subject}`, 'iom2')).status).toBe(404);
    } finally {
      offsetMs = 0;
    }
    const log = await call('GET', `/v1/access-events?subjectId=${subject}&limit=500`, 'iomPrivacy');
    expect(log.body.items.filter((e: { breakGlass: boolean; decision: string }) => e.breakGlass && e.decision === 'allow').length).toBeGreaterThanOrEqual(2);
  });

  it('is not open to roles without case work', async () => {
    const subject = (await call('POST', '/v1/subjects', 'iom', { json: returnee })).body.id;
    const res = await call('POST', `/v1/subjects/${subject}/break-glass`, 'iomPrivacy', { json: { justification: 'I would like to look at this case please' } });
    expect(res.status).toBe(403);
  });
});

describe('the access log', () => {
  it('holds an event for every allowed and denied request above, with the decision', async () => {
    const { rows } = await sql<{ request_id: string; decision: string; rule: string; fields: string[] }>`
      select request_id, decision, rule, fields from access_events where client_request_id like 'consent-test-%'`.execute(hub.database.db);
    const byRequest = new Map<string, Set<string>>();
    for (const row of rows) byRequest.set(row.request_id, (byRequest.get(row.request_id) ?? new Set()).add(row.decision));
    const missing = requests.filter((r) => !byRequest.get(r.requestId)?.has(r.decision));
    console.log(`access log: ${requests.length} requests checked, ${requests.filter((r) => r.decision === 'allow').length} allowed and ${requests.filter((r) => r.decision === 'deny').length} denied, ${rows.length} events`);
    expect(missing.map((m) => ({ ...m, seen: [...(byRequest.get(m.requestId) ?? [])] }))).toEqual([]);
    expect(requests.length).toBeGreaterThan(30);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain('Armando');
  });

  it('is for privacy officers, not caseworkers', async () => {
    expect((await call('GET', '/v1/access-events', 'iom')).status).toBe(403);
    expect((await call('GET', '/v1/access-events', 'iomPrivacy')).status).toBe(200);
  });
});
