import { sealLog, verifyInclusion } from '@ponte/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, createTestHub, type TestHub } from '../support/hub';
import { verifyThroughApi } from '../support/verification';

/** The hub's clock, set by each scenario (Africa/Maputo is UTC+2). */
let clock = new Date('2026-11-24T08:00:00Z');
const at = (iso: string) => {
  clock = new Date(iso);
};

let hub: TestHub;
const t: Record<string, string> = {};
const ids: Record<string, string> = {};

const as = actingAs(() => hub, t);

const person = (givenName: string) => ({
  identity: { givenName, familyName: 'Nhaca', dateOfBirth: '1989-05-05', sex: 'female', nationality: 'MOZ', languages: ['pt'] },
  contact: { phone: '+258841112223', safeToContact: true },
  location: { current: { country: 'MOZ', province: 'MZ-MPM' } },
});
const consent = (recipients: string[]) => ({
  grantedBy: 'subject',
  method: 'written',
  language: 'pt',
  interpreterUsed: false,
  purposes: ['return_reintegration', 'protection_assistance'],
  recipients,
  categories: ['identity', 'contact', 'location'],
  legalBasis: 'consent',
  validUntil: '2027-11-24T00:00:00Z',
});

beforeAll(async () => {
  hub = await createTestHub({ now: () => clock });
  for (const [name, agency, user] of [
    ['iom', 'iom', 'caseworker'],
    ['iom2', 'iom', 'caseworker2'],
    ['iomPrivacy', 'iom', 'privacy'],
    ['iomSupervisor', 'iom', 'supervisor'],
    ['csFocal', 'caminho-seguro', 'focal-point'],
    ['csCaseworker', 'caminho-seguro', 'caseworker'],
    ['ceFocal', 'casa-esperanca', 'focal-point'],
    ['ceCaseworker', 'casa-esperanca', 'caseworker'],
    ['csPrivacy', 'caminho-seguro', 'privacy'],
    ['unhcrPrivacy', 'unhcr', 'privacy'],
  ] as const) {
    t[name] = await hub.tokenFor(agency, user);
    ids[name] = (await as(name, 'GET', '/v1/me')).body.id;
  }
});
afterAll(() => hub?.close());

describe('a subject referred across three agencies', () => {
  let subjectId: string;

  beforeAll(async () => {
    at('2026-11-24T08:00:00Z');
    subjectId = (await as('iom', 'POST', '/v1/subjects', person('Luísa'))).body.id;
    const c = await as('iom', 'POST', `/v1/subjects/${subjectId}/consents`, consent(['caminho-seguro', 'casa-esperanca']));
    const consentId = c.body.consent.id;
    at('2026-11-24T09:00:00Z');
    const toPartner = await as('iom', 'POST', '/v1/referrals', { to: 'caminho-seguro', subjectId, consentId, service: 'legal_aid', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity', 'contact'] });
    const toShelter = await as('iom', 'POST', '/v1/referrals', { to: 'casa-esperanca', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'location'] });
    expect([toPartner.status, toShelter.status]).toEqual([201, 201]);
    at('2026-11-24T10:00:00Z');
    await as('csFocal', 'POST', `/v1/referrals/${toPartner.body.id}/accept`, { assigneeId: ids.csCaseworker });
    await as('ceFocal', 'POST', `/v1/referrals/${toShelter.body.id}/accept`, { assigneeId: ids.ceCaseworker });
    at('2026-11-24T11:00:00Z');
    expect((await as('csCaseworker', 'GET', `/v1/referrals/${toPartner.body.id}/subject`)).status).toBe(200);
    expect((await as('ceCaseworker', 'GET', `/v1/referrals/${toShelter.body.id}/subject`)).status).toBe(200);
    await as('iom', 'GET', `/v1/subjects/${subjectId}`);
  });

  it("shows the owning agency's privacy officer every agency's reads of its subject, and a third agency's none", async () => {
    const log = await as('iomPrivacy', 'GET', `/v1/access-events?subjectId=${subjectId}&limit=500`);
    expect(log.status).toBe(200);
    const reads = log.body.items.filter((e: { resource: string; action: string }) => e.resource === 'ReferredSubject' && e.action === 'read');
    expect(reads).toHaveLength(2);
    expect(JSON.stringify(log.body)).not.toContain('Luísa');
    const third = await as('unhcrPrivacy', 'GET', `/v1/access-events?subjectId=${subjectId}&limit=500`);
    expect(third.status).toBe(200);
    expect(third.body.items).toEqual([]);
    // The acting agency sees its own users' events, not the owner's.
    const partner = await as('csPrivacy', 'GET', `/v1/access-events?subjectId=${subjectId}&limit=500`);
    expect(partner.body.items.length).toBeGreaterThan(0);
    expect(partner.body.items.every((e: { actor: { agencyId: string } }) => e.actor.agencyId === partner.body.items[0].actor.agencyId)).toBe(true);
    expect((await as('iom', 'GET', '/v1/access-events')).status).toBe(403);
  });

  it("tells the owner of another agency's attempt on its subject, once the log is sealed", async () => {
    at('2026-11-24T12:00:00Z');
    const probe = await hub.call('GET', `/v1/subjects/${subjectId}`, { token: await hub.tokenFor('unhcr', 'caseworker'), headers: { 'x-request-id': 'probe-from-unhcr' } });
    expect(probe.status).toBe(404);
    await sealLog({ db: hub.database.db, tokens: hub.tokens, now: () => clock });
    const seen = await as('iomPrivacy', 'GET', `/v1/access-events?subjectId=${subjectId}&decision=deny&limit=500`);
    expect(
      seen.body.items.some(
        (e: { requestId: string; clientRequestId: string; rule: string }) =>
          e.requestId === probe.headers.get('x-request-id') && e.clientRequestId === 'probe-from-unhcr' && e.rule === 'tenant_isolation',
      ),
    ).toBe(true);
    expect((await verifyThroughApi(hub, t.iomPrivacy!, {})).verification?.report?.ok).toBe(true);
  });

  it('searches by actor, agency, resource, action, decision, break-glass and time, with cursors bound to the agency', async () => {
    const byAgency = await as('iomPrivacy', 'GET', `/v1/access-events?agency=caminho-seguro&resource=ReferredSubject&action=read&decision=allow&breakGlass=false&from=2026-11-24T10:30:00Z&to=2026-11-24T11:30:00Z`);
    expect(byAgency.body.items).toHaveLength(1);
    expect(byAgency.body.items[0].actor.id).toBe(ids.csCaseworker);
    // Another agency's person is not IOM's to name.
    expect(byAgency.body.items[0].actor.name).toBeNull();
    const byActor = await as('iomPrivacy', 'GET', `/v1/access-events?actorId=${ids.iom}&limit=2`);
    expect(byActor.body.items).toHaveLength(2);
    // IOM's own person is named, so the officer reads a name rather than an id.
    expect(byActor.body.items[0].actor.name).toBe('Caseworker A');
    const next = await as('iomPrivacy', 'GET', `/v1/access-events?actorId=${ids.iom}&limit=2&cursor=${byActor.body.nextCursor}`);
    expect(next.status).toBe(200);
    expect(next.body.items[0].id).not.toBe(byActor.body.items[0].id);
    const foreign = await as('unhcrPrivacy', 'GET', `/v1/access-events?cursor=${byActor.body.nextCursor}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toContainEqual(expect.objectContaining({ field: 'cursor', check: 'cursor' }));
    const inverted = await as('iomPrivacy', 'GET', '/v1/access-events?from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z');
    expect(inverted.body.errors).toContainEqual(expect.objectContaining({ field: 'to', check: 'time_range' }));
    const unknown = await as('iomPrivacy', 'GET', '/v1/access-events?colour=red');
    expect(unknown.body.errors).toContainEqual(expect.objectContaining({ field: 'colour', check: 'unrecognized_keys' }));
  });

  it('produces the data subject report in English and Portuguese, as JSON, CSV and HTML, and logs it', async () => {
    const en = await as('iomPrivacy', 'GET', `/v1/subjects/${subjectId}/access-report?lang=en`);
    expect(en.status).toBe(200);
    const allowedBy = new Set(en.body.accesses.filter((a: { decision: string }) => a.decision === 'allow').map((a: { agency: { slug: string } }) => a.agency.slug));
    expect([...allowedBy].sort()).toEqual(['caminho-seguro', 'casa-esperanca', 'iom']);
    // The refused attempt by a fourth agency is in the report too.
    expect(en.body.accesses).toContainEqual(expect.objectContaining({ agency: expect.objectContaining({ slug: 'unhcr' }), decision: 'deny', rule: 'tenant_isolation' }));
    const partnerRead = en.body.accesses.find((a: { agency: { slug: string }; resource: string }) => a.agency.slug === 'caminho-seguro' && a.resource === 'ReferredSubject');
    expect(partnerRead).toMatchObject({ categories: ['identity', 'contact'], purpose: 'return_reintegration', legalBasis: 'consent', decision: 'allow' });
    expect(JSON.stringify(en.body)).not.toContain('Luísa');

    const pt = await hub.call('GET', `/v1/subjects/${subjectId}/access-report?format=html`, { token: t.iomPrivacy, headers: { 'accept-language': 'pt-MZ' } });
    const html = await pt.text();
    expect(pt.headers.get('content-language')).toBe('pt');
    expect(html).toContain('Quem viu os dados desta pessoa');
    expect(html).toContain('Associação Caminho Seguro');
    expect(html).toContain('<html lang="pt">');
    const enHtml = await (await hub.call('GET', `/v1/subjects/${subjectId}/access-report?format=html&lang=en`, { token: t.iomPrivacy })).text();
    expect(enHtml).toContain('Who saw this person’s data');

    const csv = await hub.call('GET', `/v1/subjects/${subjectId}/access-report?format=csv&lang=pt`, { token: t.iomPrivacy });
    const text = await csv.text();
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(text.split('\r\n')[0]).toBe('Quando,Agência,Quem,O quê,Categorias,Porquê,Base legal,Resultado');
    expect(text.split('\r\n').length).toBeGreaterThan(5);

    const logged = await as('iomPrivacy', 'GET', `/v1/access-events?subjectId=${subjectId}&action=subject_report&limit=50`);
    expect(logged.body.items.length).toBeGreaterThanOrEqual(3);
    expect((await as('unhcrPrivacy', 'GET', `/v1/subjects/${subjectId}/access-report`)).status).toBe(404);
    expect((await as('iom', 'GET', `/v1/subjects/${subjectId}/access-report`)).status).toBe(403);
  });

  it('exports the events as FHIR AuditEvents with the request id as an entity', async () => {
    const res = await hub.call('GET', '/v1/access-events/export?format=fhir&from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z', { token: t.iomPrivacy });
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const bundle = (await res.json()) as { resourceType: string; entry: Array<{ resource: Record<string, any> }> };
    expect(bundle.resourceType).toBe('Bundle');
    const event = bundle.entry.find((e) => e.resource.entity?.some((x: { role?: { coding: Array<{ code: string }> } }) => x.role?.coding[0]?.code === '1'))!.resource;
    expect(event).toMatchObject({ resourceType: 'AuditEvent', action: expect.any(String), recorded: expect.any(String), outcome: { code: { code: expect.stringMatching(/^[04]$/) } } });
    expect(event.entity).toContainEqual(expect.objectContaining({ role: { coding: [expect.objectContaining({ code: 'XrequestId' })] } }));
    expect(JSON.stringify(bundle)).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    const csv = await hub.call('GET', '/v1/access-events/export?format=csv&from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z', { token: t.iomPrivacy });
    expect((await csv.text()).split('\r\n')[0]).toContain('occurred_at,id,agency_id');
  });

  it('seals the log; proofs and verification pass through the API', async () => {
    await sealLog({ db: hub.database.db, tokens: hub.tokens, now: () => clock });
    const heads = await as('csFocal', 'GET', '/v1/log/heads');
    expect(heads.body.items.length).toBeGreaterThan(0);
    const verified = await verifyThroughApi(hub, t.iomPrivacy!, { witness: heads.body.items.at(-1).signedHead });
    expect(verified.status).toBe(202);
    expect(verified.location).toBe(`/v1/log/verifications/${verified.queued.id}`);
    expect(verified.verification).toMatchObject({ status: 'done', report: { ok: true, firstProblem: null, witness: { consistent: true } } });
    expect(verified.verification!.checked).toBe(verified.verification!.total);
    // Only the agency's privacy officers know of it: another agency's, and its own caseworker, are told it does not exist.
    expect((await as('unhcrPrivacy', 'GET', `/v1/log/verifications/${verified.queued.id}`)).status).toBe(404);
    expect((await as('iom', 'GET', `/v1/log/verifications/${verified.queued.id}`)).status).toBe(404);
    expect((await as('iom', 'POST', '/v1/log/verify', {})).status).toBe(403);

    const log = await as('iomPrivacy', 'GET', `/v1/access-events?subjectId=${subjectId}&limit=1`);
    const proof = await as('iomPrivacy', 'GET', `/v1/log/events/${log.body.items[0].id}/proof`);
    expect(proof.status).toBe(200);
    const ok = verifyInclusion(proof.body.logIndex, proof.body.treeSize, Buffer.from(proof.body.leafHash, 'hex'), proof.body.auditPath.map((h: string) => Buffer.from(h, 'hex')), Buffer.from(proof.body.rootHash, 'hex'));
    expect(ok).toBe(true);
    const size = heads.body.items.at(-1).treeSize;
    const consistency = await as('csPrivacy', 'GET', `/v1/log/consistency?from=1&to=${size}`);
    expect(consistency.status).toBe(200);
    expect((await as('csPrivacy', 'GET', `/v1/log/consistency?from=${size}&to=1`)).status).toBe(400);
    expect((await as('csFocal', 'GET', `/v1/log/consistency?from=1&to=${size}`)).status).toBe(403);
  });
});

describe('flags', () => {
  const flagsBetween = async (from: string, to: string) => (await as('iomPrivacy', 'GET', `/v1/access-flags?from=${from}&to=${to}`)).body.items as Array<{ kind: string; id: string; actorId: string }>;
  let subjectId: string;

  beforeAll(async () => {
    // Two weeks of ordinary work: a couple of reads a day, in office hours.
    at('2026-11-09T08:00:00Z');
    subjectId = (await as('iom', 'POST', '/v1/subjects', person('Rita'))).body.id;
    await as('iom', 'POST', `/v1/subjects/${subjectId}/consents`, consent([]));
    for (let day = 10; day <= 20; day++) {
      at(`2026-11-${String(day).padStart(2, '0')}T09:00:00Z`);
      const weekday = new Date(clock).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      await as('iom', 'GET', `/v1/subjects/${subjectId}`);
      await as('iom', 'GET', `/v1/subjects/${subjectId}`);
    }
  });

  it('raises none on an ordinary day', async () => {
    at('2026-11-23T09:30:00Z'); // a Monday, 11:30 in Maputo
    // Six reads in an hour, each withholding the categories the consent does not cover (logged as
    // denials within allowed requests), and the team supervisor looking in: all ordinary.
    for (let i = 0; i < 6; i++) await as('iom', 'GET', `/v1/subjects/${subjectId}`);
    expect((await as('iomSupervisor', 'GET', `/v1/subjects/${subjectId}`)).status).toBe(200);
    await as('iom', 'PATCH', `/v1/subjects/${subjectId}`, { contact: { phone: '+258840000001', safeToContact: true } }, { 'if-match': '*' });
    expect(await flagsBetween('2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z')).toEqual([]);
  });

  it('raises each flag from a scenario built to raise it', async () => {
    // A night read.
    at('2026-11-25T20:30:00Z'); // 22:30 in Maputo
    await as('iom', 'GET', `/v1/subjects/${subjectId}`);
    // Five refusals in an hour.
    at('2026-11-25T08:00:00Z');
    for (let i = 0; i < 5; i++) await as('iom2', 'GET', `/v1/subjects/${subjectId}`);
    // Break-glass: a read outside need-to-know.
    at('2026-11-25T09:00:00Z');
    await as('iom2', 'POST', `/v1/subjects/${subjectId}/break-glass`, { justification: 'Subject admitted to hospital, caseworker away' });
    await as('iom2', 'GET', `/v1/subjects/${subjectId}`);
    // Far more reads than usual.
    at('2026-11-25T10:00:00Z');
    for (let i = 0; i < 25; i++) await as('iom', 'GET', `/v1/subjects/${subjectId}`);

    const flags = await flagsBetween('2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z');
    const kinds = new Set(flags.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(['break_glass', 'outside_working_hours', 'read_without_assignment', 'repeated_denials', 'unusual_volume']);
    expect(flags.find((f) => f.kind === 'repeated_denials')!.actorId).toBe(ids.iom2);
    expect(flags.find((f) => f.kind === 'unusual_volume')!.actorId).toBe(ids.iom);
    expect(flags.find((f) => f.kind === 'outside_working_hours')!.actorId).toBe(ids.iom);

    // A privacy officer reviews one and escalates another; both show, and both are logged.
    const breakGlass = flags.find((f) => f.kind === 'break_glass')!;
    const reviewed = await as('iomPrivacy', 'POST', '/v1/access-reviews', { targetKind: 'flag', targetId: breakGlass.id, status: 'reviewed', note: 'Hospital admission confirmed with the ward.' });
    expect(reviewed.status).toBe(201);
    const volume = flags.find((f) => f.kind === 'unusual_volume')!;
    expect((await as('iomPrivacy', 'POST', '/v1/access-reviews', { targetKind: 'flag', targetId: volume.id, status: 'escalated', note: 'Ask the supervisor why.' })).status).toBe(201);
    const again = (await as('iomPrivacy', 'GET', '/v1/access-flags?from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z')).body.items;
    expect(again.find((f: { id: string }) => f.id === breakGlass.id).reviews).toEqual([expect.objectContaining({ status: 'reviewed' })]);
    expect(again.find((f: { id: string }) => f.id === volume.id).reviews).toEqual([expect.objectContaining({ status: 'escalated' })]);
    const logged = await as('iomPrivacy', 'GET', '/v1/access-events?action=escalate');
    expect(logged.body.items).toHaveLength(1);
    expect((await as('iom', 'GET', '/v1/access-flags')).status).toBe(403);
    const badTarget = await as('iomPrivacy', 'POST', '/v1/access-reviews', { targetKind: 'event', targetId: 'not-a-uuid', status: 'reviewed', note: 'x' });
    expect(badTarget.body.errors).toContainEqual(expect.objectContaining({ field: 'targetId', check: 'target_id' }));
  });
});
