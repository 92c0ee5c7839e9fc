import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { components, PonteClient } from '@ponte/client';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * Consent through the typed SDK (@ponte/client), one client per principal; each request carries an
 * X-Request-Id of this file's, so the access log can be held to every answer. Requests meant to be
 * refused as malformed stay raw (hub.call).
 */
type Schemas = components['schemas'];

/** The hub's clock: real time plus an offset the tests move forward. */
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);

let hub: TestHub;
const tokens: Record<string, string> = {};
/** Every case-data request made here, with the decision the log must hold for it. */
const requests: Array<{ requestId: string; decision: 'allow' | 'deny' }> = [];
let counter = 0;

const c: Record<string, PonteClient> = {};

/** An SDK call's answer (status, body, headers), its request noted with the decision the access log must hold for it. */
function track(result: { data?: unknown; error?: unknown; response: Response }, logged?: 'allow' | 'deny' | 'none') {
  const res = result.response;
  // The hub's own id names the request in the access log.
  const requestId = res.headers.get('x-request-id')!;
  const decision = logged ?? (res.status < 300 ? 'allow' : 'deny');
  if (decision !== 'none' && (res.status < 300 || res.status === 403 || res.status === 404)) requests.push({ requestId, decision });
  return { status: res.status, body: (result.data ?? result.error) as any, headers: res.headers };
}

const returnee: Schemas['RegisterSubject'] & Required<Pick<Schemas['RegisterSubject'], 'identity' | 'contact' | 'location' | 'legal'>> = {
  identity: { givenName: 'Armando', familyName: 'Cossa', dateOfBirth: '1994-03-12', sex: 'male', nationality: 'MOZ', languages: ['pt', 'ts'] },
  contact: { phone: '+258841234567', safeToContact: true },
  location: { current: { country: 'MOZ', province: 'MZ-G', district: 'Chókwè' }, placeOfOrigin: { country: 'MOZ', province: 'MZ-G' } },
  protection: { traffickingIndicators: ['withheld_wages'], unaccompaniedMinor: false, separatedChild: false, vulnerabilities: ['stranded'] },
  health: { medicalNeeds: ['hypertension follow-up'], urgentCare: false },
  legal: { legalStatus: 'national', documents: [{ type: 'emergency_travel_document', issuingCountry: 'MOZ' }] },
};

const consentFor = (overrides: Partial<Schemas['RecordConsent']> = {}): Schemas['RecordConsent'] => ({
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
  {
    tokens[name] = await hub.tokenFor(agency, user);
    c[name] = hub.client(agency, user, {
      fetch: (request) => {
        request.headers.set('x-request-id', `consent-test-${++counter}`);
        return hub.fetch(request);
      },
    });
  }
});
afterAll(() => hub?.close());

describe('what an agency records and reads of its own subject, before a consent and under the other legal bases', () => {
  it('records any category, at registration or later, and reads back only what a consent or another legal basis covers', async () => {
    const registered = track(await c.iom!.api.POST('/v1/subjects', { body: { identity: returnee.identity, location: returnee.location } }));
    expect(registered.status).toBe(201);
    const id = registered.body.id;
    // Recording what the caseworker learns needs no consent: a later change is recorded like the first.
    const changed = track(await c.iom!.api.PATCH('/v1/subjects/{id}', { params: { path: { id: id } }, body: { contact: returnee.contact }, headers: { 'if-match': registered.headers.get('etag')! } }));
    expect(changed.status).toBe(200);
    expect(changed.body.data).toEqual({});
    expect(changed.body.access.withheld).toEqual(expect.arrayContaining([{ category: 'contact', rule: 'consent.absent' }, { category: 'location', rule: 'consent.absent' }]));
    expect((track(await c.iom!.api.GET('/v1/subjects/{id}', { params: { path: { id: id } } }))).body).toMatchObject({ code: 'forbidden', rule: 'consent.absent' });
    // Reading back: only what a basis covers, and what was recorded before it is there.
    const consent = track(await c.iom!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: id } }, body: consentFor({ categories: ['identity', 'location'] }) }));
    expect(consent.status).toBe(201);
    const read = track(await c.iom!.api.GET('/v1/subjects/{id}', { params: { path: { id: id } } }));
    expect(Object.keys(read.body.data).sort()).toEqual(['identity', 'location']);
    expect(read.body.data.location.current.district).toBe('Chókwè');
    expect(read.body.access.withheld).toContainEqual({ category: 'contact', rule: 'consent.absent' });
    // Need-to-know still holds for recording: a colleague without it may not.
    expect((track(await c.iom2!.api.PATCH('/v1/subjects/{id}', { params: { path: { id: id } }, body: { contact: returnee.contact }, headers: { 'if-match': '*' } }))).status).toBe(404);
  });

  it('lets an agency acting under law read what its legal basis covers, without the person’s consent', async () => {
    const registered = track(await c.pgr!.api.POST('/v1/subjects', { body: { identity: returnee.identity, legal: returnee.legal } }));
    expect(registered.status).toBe(201);
    const basis = track(await c.pgr!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: registered.body.id } }, body: consentFor({ legalBasis: 'legal_obligation', purposes: ['criminal_investigation_prosecution'], recipients: [], categories: ['identity', 'legal'] }) }));
    expect(basis.status).toBe(201);
    const read = track(await c.pgr!.api.GET('/v1/subjects/{id}', { params: { path: { id: registered.body.id } } }));
    expect(Object.keys(read.body.data).sort()).toEqual(['identity', 'legal']);
    expect(read.status).toBe(200);
  });
});

describe('a subject and consent, end to end', () => {
  let subjectId: string;
  let consentId: string;
  let receipt: string;

  it('registers a returnee whose data cannot be read back before any consent', async () => {
    const res = track(await c.iom!.api.POST('/v1/subjects', { body: returnee }));
    expect(res.status).toBe(201);
    subjectId = res.body.id;
    expect(res.body.reference).toMatch(/^IOM-[0-9A-F]{10}$/);
    expect(res.body.data).toEqual({});
    expect(res.body.access.withheld).toContainEqual({ category: 'identity', rule: 'consent.absent' });
    const read = track(await c.iom!.api.GET('/v1/subjects/{id}', { params: { path: { id: subjectId } } }));
    expect(read.status).toBe(403);
    expect(read.body).toMatchObject({ code: 'forbidden', rule: 'consent.absent' });
  });

  it('records consent and returns a signed receipt; reads then return the consented categories only', async () => {
    const res = track(await c.iom!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: subjectId } }, body: consentFor() }));
    expect(res.status).toBe(201);
    expect(res.body.consent).toMatchObject({ status: 'active', version: 1, recipients: ['caminho-seguro'], categories: ['identity', 'contact', 'location'] });
    consentId = res.body.consent.id;
    receipt = res.body.receipt;
    expect(receipt.split('.')).toHaveLength(3);

    const read = track(await c.iom!.api.GET('/v1/subjects/{id}', { params: { path: { id: subjectId } } }));
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
      const read = track(await c[who]!.api.GET('/v1/subjects/{id}', { params: { path: { id: subjectId } } }));
      expect({ who, status: read.status }).toEqual({ who, status });
      expect(read.body.rule).toBe(rule);
      expect(JSON.stringify(read.body)).not.toContain('Armando');
    }
    const list = track(await c.iom2!.api.GET('/v1/subjects'));
    expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(subjectId);
  });

  it("lets the supervisor of the caseworker's team read, and list", async () => {
    const read = track(await c.iomSupervisor!.api.GET('/v1/subjects/{id}', { params: { path: { id: subjectId } } }));
    expect(read.status).toBe(200);
    expect(read.body.data.identity.familyName).toBe('Cossa');
    const list = track(await c.iomSupervisor!.api.GET('/v1/subjects'));
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(subjectId);
  });

  it('verifies the receipt, and rejects a tampered one', async () => {
    const ok = track(await c.iom!.api.POST('/v1/consent-receipts/verify', { body: { receipt } }));
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
    const bad = track(await c.iom!.api.POST('/v1/consent-receipts/verify', { body: { receipt: tampered } }), 'deny');
    expect(bad.body).toMatchObject({ valid: false, reason: 'signature', active: false });
  });

  it('exports the consent as a FHIR R5 Consent', async () => {
    const res = track(await c.iom!.api.GET('/v1/consents/{id}/fhir', { params: { path: { id: consentId } } }));
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
    const withdrawal: Schemas['WithdrawConsent'] = { requestedBy: 'subject', method: 'verbal_with_witness', reason: 'No longer wishes to be referred' };
    const res = track(await c.iom!.api.POST('/v1/consents/{id}/withdraw', { params: { path: { id: consentId } }, body: withdrawal }));
    expect(res.status).toBe(200);
    expect(res.body.consent).toMatchObject({ status: 'withdrawn', withdrawal: expect.objectContaining({ requestedBy: 'subject' }) });
    const read = track(await c.iom!.api.GET('/v1/subjects/{id}', { params: { path: { id: subjectId } } }));
    expect(read.status).toBe(403);
    expect(read.body.rule).toBe('consent.withdrawn');

    const again = await hub.call('POST', `/v1/consents/${consentId}/withdraw`, { token: tokens.iom, json: withdrawal });
    expect(again.status).toBe(409);

    const verify = track(await c.iom!.api.POST('/v1/consent-receipts/verify', { body: { receipt } }));
    expect(verify.body).toMatchObject({ valid: true, active: false, currentStatus: 'withdrawn' });
    const withdrawalReceipt = track(await c.iom!.api.POST('/v1/consent-receipts/verify', { body: { receipt: res.body.receipt } }));
    expect(withdrawalReceipt.body).toMatchObject({ valid: true, event: 'withdrawn', active: false });
    const fhir = track(await c.iom!.api.GET('/v1/consents/{id}/fhir', { params: { path: { id: consentId } } }));
    expect(fhir.body.status).toBe("inactive");
  });

  it('stops counting an expired consent the moment it expires, with no job run', async () => {
    const subject = track(await c.iom!.api.POST('/v1/subjects', { body: returnee }));
    const validUntil = new Date(now().getTime() + 60 * 60_000).toISOString();
    const consent = track(await c.iom!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: subject.body.id } }, body: consentFor({ validUntil }) }));
    expect(consent.status).toBe(201);
    expect((track(await c.iom!.api.GET('/v1/subjects/{id}', { params: { path: { id: subject.body.id } } }))).status).toBe(200);
    offsetMs += 61 * 60_000;
    try {
      const read = track(await c.iom!.api.GET('/v1/subjects/{id}', { params: { path: { id: subject.body.id } } }));
      expect(read.status).toBe(403);
      expect(read.body.rule).toBe('consent.expired');
      const state = track(await c.iom!.api.GET('/v1/consents/{id}', { params: { path: { id: consent.body.consent.id } } }));
      expect(state.body.status).toBe('expired');
    } finally {
      offsetMs = 0;
    }
  });

  it('versions a consent: the new version replaces the old one', async () => {
    const subject = track(await c.iom!.api.POST('/v1/subjects', { body: returnee }));
    const first = track(await c.iom!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: subject.body.id } }, body: consentFor({ categories: ['identity'] }) }));
    const second = track(await c.iom!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: subject.body.id } }, body: consentFor({ supersedes: first.body.consent.id, categories: ['identity', 'health'] }) }));
    expect(second.status).toBe(201);
    expect(second.body.consent).toMatchObject({ id: first.body.consent.id, version: 2, status: 'active' });
    const read = track(await c.iom!.api.GET('/v1/subjects/{id}', { params: { path: { id: subject.body.id } } }));
    expect(Object.keys(read.body.data).sort()).toEqual(['health', 'identity']);
    const consents = track(await c.iom!.api.GET('/v1/subjects/{id}/consents', { params: { path: { id: subject.body.id } } }));
    expect(consents.body.items).toHaveLength(1);
  });
});

describe('consent for a child', () => {
  const child: Schemas['RegisterSubject'] = {
    identity: { givenName: 'Lúcia', familyName: 'Sitoe', estimatedAge: 14, sex: 'female', nationality: 'MOZ', languages: ['ts'] },
    protection: { traffickingIndicators: ['child_labour'], unaccompaniedMinor: true, separatedChild: true, vulnerabilities: [] },
  };
  let childId: string;

  beforeAll(async () => {
    childId = (track(await c.mgcasChildProtection!.api.POST('/v1/subjects', { body: child }))).body.id;
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
    const subjectOfCaseworker = (track(await c.mgcas!.api.POST('/v1/subjects', { body: child }))).body.id;
    const byCaseworker = track(await c.mgcas!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: subjectOfCaseworker } }, body: determination }));
    expect(byCaseworker.status).toBe(403);
    expect(byCaseworker.body.rule).toBe('consent.best_interests_needs_child_protection_officer');

    const byOfficer = track(await c.mgcasChildProtection!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: childId } }, body: determination }));
    expect(byOfficer.status).toBe(201);
    expect(byOfficer.body.consent).toMatchObject({ grantedBy: 'best_interests_determination', childAssent: 'given' });
  });

  it("needs a recorded reason when a guardian grants an adult's consent", async () => {
    const adult = (track(await c.iom!.api.POST('/v1/subjects', { body: returnee }))).body.id;
    const res = await hub.call('POST', `/v1/subjects/${adult}/consents`, { token: tokens.iom, json: consentFor({ grantedBy: 'guardian', guardian: { name: 'Rosa Cossa', relationship: 'mother' } }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [expect.objectContaining({ field: 'guardianReason', check: 'required_for_adult' })] });
    const withReason = track(await c.iom!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: adult } }, body: consentFor({ grantedBy: 'guardian', guardian: { name: 'Rosa Cossa', relationship: 'mother' }, guardianReason: 'Subject lacks capacity after injury (medical report ref. HCM-2291)' }) }));
    expect(withReason.status).toBe(201);
  });
});

describe('bad consent input', () => {
  let subjectId: string;
  beforeAll(async () => {
    subjectId = (track(await c.iom!.api.POST('/v1/subjects', { body: returnee }))).body.id;
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
    const res = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token: tokens.iom, json: consentFor(overrides as Partial<Schemas['RecordConsent']>) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown[] }).errors).toContainEqual(expect.objectContaining({ field, check }));
    expect(await count()).toEqual(before);
  });

  it('refuses consent on a subject of another agency as not found', async () => {
    const res = track(await c.unhcr!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: subjectId } }, body: consentFor() }));
    expect(res.status).toBe(404);
  });
});

describe('retries', () => {
  it('register a subject and record a consent once under one Idempotency-Key', async () => {
    const first = track(await c.iom!.api.POST('/v1/subjects', { body: returnee, headers: { 'idempotency-key': 'register-armando-7' } }));
    // A replay touches nothing: it answers from the first request, which is in the log.
    const again = track(await c.iom!.api.POST('/v1/subjects', { body: returnee, headers: { 'idempotency-key': 'register-armando-7' } }), 'none');
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const other = await hub.call('POST', '/v1/subjects', { token: tokens.iom, json: { ...returnee, team: 'other' }, headers: { 'idempotency-key': 'register-armando-7' } });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    const consent = consentFor();
    const c1 = track(await c.iom!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: first.body.id } }, body: consent, headers: { 'idempotency-key': 'consent-armando-7' } }));
    const c2 = track(await c.iom!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: first.body.id } }, body: consent, headers: { 'idempotency-key': 'consent-armando-7' } }), 'none');
    expect(c2.body.consent.id).toBe(c1.body.consent.id);
    const list = track(await c.iom!.api.GET('/v1/subjects/{id}/consents', { params: { path: { id: first.body.id } } }));
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
    const registered = track(await c.iomFocal!.api.POST('/v1/subjects', { body: { ...returnee, assignedUserId: caseworkerId } }));
    expect(registered.status).toBe(201);
    const consent = track(await c.iom!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: registered.body.id } }, body: consentFor() }));
    expect(consent.status).toBe(201);
    expect((track(await c.iom!.api.GET('/v1/subjects/{id}', { params: { path: { id: registered.body.id } } }))).status).toBe(200);
  });
});

describe('break-glass', () => {
  it('gives a colleague time-limited, flagged access with a written justification', async () => {
    const subject = (track(await c.iom!.api.POST('/v1/subjects', { body: returnee }))).body.id;
    track(await c.iom!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: subject } }, body: consentFor() }));
    expect((track(await c.iom2!.api.GET('/v1/subjects/{id}', { params: { path: { id: subject } } }))).status).toBe(404);

    const short = await hub.call('POST', `/v1/subjects/${subject}/break-glass`, { token: tokens.iom2, json: { justification: 'urgent' } });
    expect(short.status).toBe(400);
    const grant = track(await c.iom2!.api.POST('/v1/subjects/{id}/break-glass', { params: { path: { id: subject } }, body: { justification: 'Subject hospitalised at night; assigned caseworker unreachable; need contact details' } }));
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ flaggedForReview: true });
    expect(new Date(grant.body.expiresAt).getTime() - new Date(grant.body.grantedAt).getTime()).toBe(60 * 60_000);

    const read = track(await c.iom2!.api.GET('/v1/subjects/{id}', { params: { path: { id: subject } } }));
    expect(read.status).toBe(200);
    expect(read.body.access.breakGlass).toBe(true);

    offsetMs += 61 * 60_000;
    try {
      expect((track(await c.iom2!.api.GET('/v1/subjects/{id}', { params: { path: { id: subject } } }))).status).toBe(404);
    } finally {
      offsetMs = 0;
    }
    const log = track(await c.iomPrivacy!.api.GET('/v1/access-events', { params: { query: { subjectId: subject, limit: 500 } } }));
    expect(log.body.items.filter((e: { breakGlass: boolean; decision: string }) => e.breakGlass && e.decision === 'allow').length).toBeGreaterThanOrEqual(2);
  });

  it('is not open to roles without case work', async () => {
    const subject = (track(await c.iom!.api.POST('/v1/subjects', { body: returnee }))).body.id;
    const res = track(await c.iomPrivacy!.api.POST('/v1/subjects/{id}/break-glass', { params: { path: { id: subject } }, body: { justification: 'I would like to look at this case please' } }));
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
    expect((track(await c.iom!.api.GET('/v1/access-events'))).status).toBe(403);
    expect((track(await c.iomPrivacy!.api.GET('/v1/access-events'))).status).toBe(200);
  });
});
