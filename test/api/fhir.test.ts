import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, createTestHub, ISSUER, type TestHub } from '../support/hub';
import { r5Issues } from '../support/fhir-r5';

/*
 * The hub's FHIR, through its public surface, validated against HL7's own R5 definitions (see
 * test/support/fhir-r5.ts): the Consent, the AuditEvent export (a searchset Bundle), a referral
 * as ServiceRequest and Task, and the CodeSystems the hub serves. Each validation is also shown
 * to fail on the same resource broken on purpose, so none of them is a check that cannot fail.
 */

let hub: TestHub;
const t: Record<string, string> = {};
const as = actingAs(() => hub, t);
const ids: Record<string, string> = {};

const AGENCY_SYSTEM = `${ISSUER}/fhir/sid/agency`;
const codeSystem = (id: string) => `${ISSUER}/fhir/CodeSystem/${id}`;
const copy = <T>(value: T): any => structuredClone(value);

type Coding = { system?: string; code?: string };
/** Every coding in a resource, wherever it sits. */
function codingsIn(value: unknown): Coding[] {
  if (Array.isArray(value)) return value.flatMap(codingsIn);
  if (typeof value !== 'object' || value === null) return [];
  const here = 'system' in value && 'code' in value ? [value as Coding] : [];
  return [...here, ...Object.values(value).flatMap(codingsIn)];
}
/** Every agency identifier in a resource. */
function agencyIdentifiers(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(agencyIdentifiers);
  if (typeof value !== 'object' || value === null) return [];
  const record = value as { system?: string; value?: string };
  const here = record.system === AGENCY_SYSTEM && record.value ? [record.value] : [];
  return [...here, ...Object.values(value).flatMap(agencyIdentifiers)];
}

async function fhir(who: string | undefined, path: string) {
  const res = await hub.call('GET', path, who ? { token: t[who] } : {});
  expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  return { status: res.status, body: (await res.json()) as any, requestId: res.headers.get('x-request-id')! };
}

let consent: any;
let referralId: string;
const from = new Date(Date.now() - 3600_000).toISOString();

beforeAll(async () => {
  hub = await createTestHub();
  const people = { iom: 'iom/caseworker', iom2: 'iom/caseworker2', iomPrivacy: 'iom/privacy', csFocal: 'caminho-seguro/focal-point', csCaseworker: 'caminho-seguro/caseworker', csPrivacy: 'caminho-seguro/privacy', unhcr: 'unhcr/caseworker' };
  for (const [name, account] of Object.entries(people)) t[name] = await hub.tokenFor(...(account.split('/') as [string, string]));
  ids.csCaseworker = (await as('csCaseworker', 'GET', '/v1/me')).body.id;
  const subject = await as('iom', 'POST', '/v1/subjects', {
    identity: { givenName: 'Celeste', familyName: 'Mabunda', dateOfBirth: '1992-07-01', sex: 'female', languages: ['pt'] },
    contact: { phone: '+258841230000', safeToContact: true },
    health: { medicalNeeds: ['follow-up'], urgentCare: false },
  });
  ids.subject = subject.body.id;
  const recorded = await as('iom', 'POST', `/v1/subjects/${ids.subject}/consents`, {
    grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration', 'protection_assistance'],
    recipients: ['caminho-seguro'], categories: ['identity', 'contact', 'health'], legalBasis: 'consent', validUntil: new Date(Date.now() + 30 * 86400_000).toISOString(),
  });
  ids.consent = recorded.body.consent.id;
  consent = (await fhir('iom', `/v1/consents/${ids.consent}/fhir`)).body;
  const referral = await as('iom', 'POST', '/v1/referrals', {
    to: 'caminho-seguro', subjectId: ids.subject, consentId: ids.consent, service: 'legal_aid', purpose: 'return_reintegration', urgency: 'priority',
    categories: ['identity', 'contact'], note: 'Needs a lawyer before the hearing', dueDate: '2099-01-31',
  });
  expect(referral.status).toBe(201);
  referralId = referral.body.id;
});
afterAll(() => hub?.close());

describe('the FHIR R5 validator the tests use', () => {
  it('finds nothing wrong in a minimal valid resource, and names what is wrong in broken ones', () => {
    expect(r5Issues({ resourceType: 'Task', status: 'requested', intent: 'order' } as never)).toEqual([]);
    expect(r5Issues({ resourceType: 'Task', intent: 'order' } as never).join()).toMatch(/Task\.status/);
    expect(r5Issues({ resourceType: 'Task', status: 'open', intent: 'order' } as never).join()).toMatch(/'open' is not in .*task-status/);
    expect(r5Issues({ resourceType: 'Task', status: 'requested', intent: 'order', note: [] } as never).join()).toMatch(/empty array/);
    expect(r5Issues({ resourceType: 'Task', status: 'requested', intent: 'order', colour: 'red' } as never).join()).toMatch(/colour/);
  });
});

describe('the Consent', () => {
  it('is valid R5, with the data categories as security labels from the hub’s CodeSystem and agencies by one identifier system', () => {
    expect(r5Issues(consent)).toEqual([]);
    const [provision] = consent.provision;
    expect(provision.documentType).toBeUndefined();
    expect(provision.securityLabel).toEqual([
      { system: codeSystem('data-category'), code: 'identity' },
      { system: codeSystem('data-category'), code: 'contact' },
      { system: codeSystem('data-category'), code: 'health' },
      { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' },
    ]);
    expect(consent.controller).toEqual([{ type: 'Organization', identifier: { system: AGENCY_SYSTEM, value: 'iom' }, display: expect.any(String) }]);
    expect(consent.grantee).toEqual([expect.objectContaining({ identifier: { system: AGENCY_SYSTEM, value: 'caminho-seguro' } })]);
    expect(consent.subject).toEqual({ type: 'Patient', identifier: { system: `${ISSUER}/fhir/sid/subject`, value: ids.subject } });
    expect(JSON.stringify(consent)).not.toContain('Celeste');
  });

  it('fails validation when broken on purpose', () => {
    const emptyLabels = copy(consent);
    emptyLabels.provision[0].securityLabel = [];
    expect(r5Issues(emptyLabels).join()).toMatch(/securityLabel: an empty array/);
    const r4Shape = copy(consent);
    r4Shape.provision = { type: 'permit' };
    expect(r5Issues(r4Shape).join()).toMatch(/Consent\.provision/);
    const badDecision = copy(consent);
    badDecision.decision = 'allow';
    expect(r5Issues(badDecision).join()).toMatch(/consent-provision-type/);
  });
});

describe('the CodeSystems', () => {
  it('are served, valid, at the canonical URL every Ponte coding names, and hold every code used', async () => {
    const { body: sr } = await fhir('iom', `/v1/fhir/ServiceRequest/${referralId}`);
    const { body: task } = await fhir('iom', `/v1/fhir/Task/${referralId}`);
    const used = codingsIn([consent, sr, task]).filter((c) => c.system?.startsWith(`${ISSUER}/fhir/CodeSystem/`));
    const systems = [...new Set(used.map((c) => c.system!))].sort();
    expect(systems).toEqual(['data-category', 'legal-basis', 'purpose', 'service'].map(codeSystem));
    for (const system of systems) {
      const res = await hub.call('GET', new URL(system).pathname);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
      const served = (await res.json()) as any;
      expect(r5Issues(served)).toEqual([]);
      expect(served).toMatchObject({ resourceType: 'CodeSystem', url: system, status: 'active', content: 'complete' });
      const codes = served.concept.map((c: { code: string }) => c.code);
      for (const coding of used.filter((c) => c.system === system)) expect(codes).toContain(coding.code);
    }
    const categories = (await (await hub.call('GET', '/fhir/CodeSystem/data-category')).json()) as any;
    expect(categories.concept.find((c: { code: string }) => c.code === 'health')).toMatchObject({
      display: 'Health (special)',
      designation: [{ language: 'pt', value: 'Saúde (especial)' }],
      property: [{ code: 'special', valueBoolean: true }],
    });
    expect((await hub.call('GET', '/fhir/CodeSystem/nothing-here')).status).toBe(400);

    const broken = copy(categories);
    delete broken.content;
    broken.concept[0].code = '';
    const issues = r5Issues(broken).join();
    expect(issues).toMatch(/CodeSystem\.content/);
    expect(issues).toMatch(/empty string/);
  });
});

describe('a referral as ServiceRequest and Task', () => {
  it('reads as valid R5 resources for the sender, with the agencies by the Consent’s identifier system', async () => {
    const { status, body: sr } = await fhir('iom', `/v1/fhir/ServiceRequest/${referralId}`);
    expect(status).toBe(200);
    expect(r5Issues(sr)).toEqual([]);
    expect(sr).toMatchObject({
      resourceType: 'ServiceRequest',
      id: referralId,
      status: 'active',
      intent: 'order',
      priority: 'urgent',
      subject: { identifier: { value: ids.subject } },
      code: { concept: { coding: [{ system: codeSystem('service'), code: 'legal_aid' }] } },
    });
    const task = (await fhir('iom', `/v1/fhir/Task/${referralId}`)).body;
    expect(r5Issues(task)).toEqual([]);
    expect(task).toMatchObject({ resourceType: 'Task', status: 'requested', focus: { reference: `ServiceRequest/${referralId}` }, restriction: { period: { end: '2099-01-31' } } });
    expect(task.requester.identifier).toEqual(consent.controller[0].identifier);
    expect(task.owner.identifier).toEqual(consent.grantee[0].identifier);
    expect(sr.requester.identifier).toEqual(consent.controller[0].identifier);
    expect(sr.performer[0].identifier).toEqual(consent.grantee[0].identifier);
  });

  it('fails validation when broken on purpose', async () => {
    const sr = copy((await fhir('iom', `/v1/fhir/ServiceRequest/${referralId}`)).body);
    delete sr.subject;
    sr.intent = 'wish';
    const srIssues = r5Issues(sr).join();
    expect(srIssues).toMatch(/ServiceRequest\.subject/);
    expect(srIssues).toMatch(/request-intent/);
    const task = copy((await fhir('iom', `/v1/fhir/Task/${referralId}`)).body);
    task.status = 'open';
    task.input = [];
    const taskIssues = r5Issues(task).join();
    expect(taskIssues).toMatch(/task-status/);
    expect(taskIssues).toMatch(/input: an empty array/);
  });

  it('goes through the referral’s own check, view and access event: triage masks the subject, others are told it does not exist', async () => {
    const triage = await fhir('csFocal', `/v1/fhir/ServiceRequest/${referralId}`);
    expect(triage.status).toBe(200);
    expect(r5Issues(triage.body)).toEqual([]);
    expect(triage.body.subject).toEqual({ extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' }] });
    expect(JSON.stringify(triage.body)).not.toContain(ids.subject);
    expect(triage.body.supportingInfo).toBeUndefined();
    const triageTask = await fhir('csFocal', `/v1/fhir/Task/${referralId}`);
    expect(r5Issues(triageTask.body)).toEqual([]);
    expect(triageTask.body.for).toBeUndefined();

    const events = await as('csPrivacy', 'GET', '/v1/access-events?resource=Referral&action=read&limit=500');
    for (const requestId of [triage.requestId, triageTask.requestId])
      expect(events.body.items.find((e: { requestId: string }) => e.requestId === requestId)).toMatchObject({ decision: 'allow', rule: 'referral.view.triage', resourceId: referralId });

    for (const who of ['unhcr', 'iom2'])
      for (const kind of ['ServiceRequest', 'Task']) {
        const res = await hub.call('GET', `/v1/fhir/${kind}/${referralId}`, { token: t[who] });
        expect([who, kind, res.status]).toEqual([who, kind, (await as(who, 'GET', `/v1/referrals/${referralId}`)).status]);
        expect(res.status).toBe(404);
      }
    expect((await hub.call('GET', `/v1/fhir/Task/${referralId}`)).status).toBe(401);
  });

  it('maps each referral status to the Task’s and the ServiceRequest’s', async () => {
    const states = async () => [(await fhir('csCaseworker', `/v1/fhir/Task/${referralId}`)).body, (await fhir('csCaseworker', `/v1/fhir/ServiceRequest/${referralId}`)).body];
    expect((await as('csFocal', 'POST', `/v1/referrals/${referralId}/accept`, { assigneeId: ids.csCaseworker })).status).toBe(200);
    let [task, sr] = await states();
    expect([task.status, sr.status, task.for?.identifier?.value]).toEqual(['accepted', 'active', ids.subject]);
    expect((await as('csCaseworker', 'POST', `/v1/referrals/${referralId}/start`)).status).toBe(200);
    [task] = await states();
    expect(task.status).toBe('in-progress');
    expect((await as('csCaseworker', 'POST', `/v1/referrals/${referralId}/complete`, { outcomeCode: 'service_provided', outcome: 'Represented at the hearing' })).status).toBe(200);
    [task, sr] = await states();
    expect([task.status, sr.status]).toEqual(['completed', 'completed']);
    expect(task.output).toEqual([{ type: { text: 'Outcome' }, valueString: 'Represented at the hearing' }]);
    expect(r5Issues(task)).toEqual([]);
    expect(r5Issues(sr)).toEqual([]);

    const withdrawn = await as('iom', 'POST', '/v1/referrals', { to: 'caminho-seguro', subjectId: ids.subject, consentId: ids.consent, service: 'legal_aid', purpose: 'return_reintegration', urgency: 'emergency', categories: ['identity'] });
    const withdrawal = await as('iom', 'POST', `/v1/referrals/${withdrawn.body.id}/withdraw`, { reason: 'Found shelter with family' });
    expect([withdrawn.status, withdrawal.status]).toEqual([201, 200]);
    const cancelled = (await fhir('iom', `/v1/fhir/Task/${withdrawn.body.id}`)).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', priority: 'stat', statusReason: { concept: { text: 'Found shelter with family' } } });
    expect((await fhir('iom', `/v1/fhir/ServiceRequest/${withdrawn.body.id}`)).body.status).toBe('revoked');
    expect(r5Issues(cancelled)).toEqual([]);
  });
});

describe('the AuditEvent export', () => {
  it('is a valid searchset Bundle of AuditEvents, with the patient, no empty authorization, and the Consent’s agency identifiers', async () => {
    const to = new Date(Date.now() + 3600_000).toISOString();
    const { status, body: bundle } = await fhir('iomPrivacy', `/v1/access-events/export?format=fhir&from=${from}&to=${to}`);
    expect(status).toBe(200);
    expect(r5Issues(bundle)).toEqual([]);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: bundle.entry.length, link: [{ relation: 'self', url: expect.stringContaining(`${ISSUER}/v1/access-events/export?`) }] });
    const events = bundle.entry.map((e: { resource: any }) => e.resource);
    const aboutSubject = events.filter((e: any) => e.patient?.identifier?.value === ids.subject);
    expect(aboutSubject.length).toBeGreaterThan(3);
    expect(aboutSubject[0].patient).toEqual(consent.subject);
    expect(events.some((e: any) => 'authorization' in e && e.authorization.length === 0)).toBe(false);
    // The agencies in the export are named as in the Consent: iom acted, caminho-seguro read the referral.
    const named = new Set(agencyIdentifiers(events));
    expect(named).toContain(consent.controller[0].identifier.value);
    expect(named).toContain(consent.grantee[0].identifier.value);
    for (const value of named) expect(value).toMatch(/^[a-z][a-z0-9-]*$/);

    const collection = copy(bundle);
    collection.type = 'collection';
    expect(r5Issues(collection).join()).toMatch(/bdl-1/);
    const noSelf = copy(bundle);
    delete noSelf.link;
    expect(r5Issues(noSelf).join()).toMatch(/bdl-18/);
    const emptyAuthorization = copy(bundle);
    emptyAuthorization.entry[0].resource.authorization = [];
    expect(r5Issues(emptyAuthorization).join()).toMatch(/authorization: an empty array/);
    const noAgent = copy(bundle);
    delete noAgent.entry[0].resource.agent;
    expect(r5Issues(noAgent).join()).toMatch(/agent/);
  });
});

describe('the API description', () => {
  it('lists the FHIR routes', async () => {
    const doc = (await (await hub.call('GET', '/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const path of ['/fhir/CodeSystem/{id}', '/v1/fhir/{resourceType}/{id}']) expect(doc.paths).toHaveProperty([path]);
  });
});
