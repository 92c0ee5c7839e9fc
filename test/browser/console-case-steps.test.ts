import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient, guardianConsent } from './console-client';

/**
 * The steps that used to exist only in the API, taken from the console: starting, completing and
 * withdrawing a referral, breaking the glass on a subject, suspending an agency. Each is offered
 * only where the policy allows it, checked like the API, and refused on the page otherwise.
 */
let hub: TestHub;
let mgcasCaseworker: string;
beforeAll(async () => {
  hub = await createTestHub();
  const me = await hub.call('GET', '/v1/me', { token: await hub.tokenFor('mgcas', 'caseworker') });
  mgcasCaseworker = ((await me.json()) as { id: string }).id;
});
afterAll(async () => hub?.close());

/** A child of IOM's, with a guardian's consent, registered by IOM's caseworker: the subject's id and reference. */
async function child(): Promise<{ subjectId: string; reference: string; consentId: string }> {
  const token = await hub.tokenFor('iom', 'caseworker');
  const subject = await hub.call('POST', '/v1/subjects', {
    token,
    json: { identity: { givenName: 'Celeste', familyName: 'Mondlane', dateOfBirth: '2012-04-11', sex: 'female', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-MPM' } } },
  });
  expect(subject.status).toBe(201);
  const { id: subjectId, reference } = (await subject.json()) as { id: string; reference: string };
  const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token, json: guardianConsent('mgcas', 'Rosa Mondlane') });
  expect(consent.status).toBe(201);
  return { subjectId, reference, consentId: ((await consent.json()) as { consent: { id: string } }).consent.id };
}

/** That child referred to MGCAS for shelter; the referral's id. */
async function referral(): Promise<string> {
  const { subjectId, consentId } = await child();
  const sent = await hub.call('POST', '/v1/referrals', {
    token: await hub.tokenFor('iom', 'caseworker'),
    json: { to: 'mgcas', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'location'] },
  });
  expect(sent.status).toBe(201);
  return ((await sent.json()) as { id: string }).id;
}

const versionIn = (html: string) => String(Number(/name="version" value="(\d+)"/.exec(html)?.[1]));
const referralOf = async (id: string) => (await (await hub.call('GET', `/v1/referrals/${id}`, { token: await hub.tokenFor('iom', 'caseworker') })).json()) as { status: string; version: number };

describe('working a referral from its page', () => {
  it('the assigned caseworker starts and completes it; an empty outcome is refused on the page and changes nothing', async () => {
    const id = await referral();
    const path = `/console/referrals/${id}`;
    const focal = await consoleClient(hub, 'mgcas', 'focal-point');
    expect((await focal.post(`${path}/accept`, { assigneeId: mgcasCaseworker, version: versionIn((await focal.get(path)).html) })).status).toBe(303);
    // The focal point decides on intake; the work is the caseworker's.
    const focalPage = await focal.get(path);
    expect(focalPage.html).not.toContain(`action="${path}/start"`);
    expect((await focal.post(`${path}/start`, { version: versionIn(focalPage.html) })).status).toBe(403);
    expect((await referralOf(id)).status).toBe('accepted');

    const caseworker = await consoleClient(hub, 'mgcas', 'caseworker', 'pt');
    const page = await caseworker.get(path);
    expect(page.html).toContain(`action="${path}/start"`);
    // An accepted case may be closed at once (the service was given on the day) or started first.
    expect(page.html).toContain(`action="${path}/complete"`);
    const started = await caseworker.post(`${path}/start`, { version: versionIn(page.html) });
    expect(started.status).toBe(303);
    expect(started.location).toBe(`${path}?done=started`);
    expect((await referralOf(id)).status).toBe('in_progress');

    const working = await caseworker.get(started.location!);
    expect(working.html).toContain('Em curso');
    expect(working.html).toContain(`action="${path}/complete"`);
    const before = await referralOf(id);
    expect(working.html).toMatch(/<option value="partly_provided"[^>]*>Serviço prestado em parte<\/option>/);
    const empty = await caseworker.post(`${path}/complete`, { outcome: 'Placed', version: versionIn(working.html) });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('id="f-outcomeCode-error"');
    expect(empty.html).toContain('id="form-errors"');
    const otherWithoutWords = await caseworker.post(`${path}/complete`, { outcomeCode: 'not_provided_other', outcome: '  ', version: versionIn(working.html) });
    expect(otherWithoutWords.status).toBe(422);
    expect(otherWithoutWords.html).toContain('id="f-outcome-error"');
    expect(await referralOf(id)).toEqual(before);

    // A page read before the step is stale now: completing from it is refused, not applied.
    expect((await caseworker.post(`${path}/complete`, { outcomeCode: 'service_provided', outcome: 'Placed in a shelter', version: versionIn(page.html) })).status).toBe(409);
    const done = await caseworker.post(`${path}/complete`, { outcomeCode: 'service_provided', outcome: 'Placed in the Matola shelter with her sister', version: versionIn(working.html) });
    expect(done.status).toBe(303);
    expect((await referralOf(id)).status).toBe('completed');
    const closed = await caseworker.get(done.location!);
    expect(closed.html).toContain('<dd>Serviço prestado</dd>');
    expect(closed.html).not.toContain(`action="${path}/complete"`);
    expect(closed.html).not.toContain(`action="${path}/start"`);
  });

  it('the sender withdraws it with a reason; the receiver is not offered the withdrawal and is refused it', async () => {
    const id = await referral();
    const path = `/console/referrals/${id}`;
    const focal = await consoleClient(hub, 'mgcas', 'focal-point');
    const receiverPage = await focal.get(path);
    expect(receiverPage.html).not.toContain(`action="${path}/withdraw"`);
    expect((await focal.post(`${path}/withdraw`, { reason: 'Not ours to withdraw', version: versionIn(receiverPage.html) })).status).toBe(403);
    expect((await referralOf(id)).status).toBe('sent');

    const sender = await consoleClient(hub, 'iom', 'caseworker');
    const page = await sender.get(path);
    expect(page.html).toContain(`action="${path}/withdraw"`);
    const noReason = await sender.post(`${path}/withdraw`, { reason: '', version: versionIn(page.html) });
    expect(noReason.status).toBe(422);
    expect(noReason.html).toContain('id="f-reason-error"');
    expect((await referralOf(id)).status).toBe('sent');
    const withdrawn = await sender.post(`${path}/withdraw`, { reason: 'The family returned to Zimbabwe', version: versionIn(page.html) });
    expect(withdrawn.status).toBe(303);
    expect((await referralOf(id)).status).toBe('withdrawn');
    // A withdrawn referral cannot be accepted from the console either.
    const after = await focal.get(path);
    expect(after.html).not.toContain(`action="${path}/accept"`);
  });
});

describe('breaking the glass from the console', () => {
  const justification = 'The child was found alone at the border post tonight';

  it('grants a colleague emergency access by the reference on the case file, flagged for review, and shows the subject', async () => {
    const { subjectId, reference } = await child();
    // IOM's second caseworker does not work on this child: no need-to-know.
    const colleague = await consoleClient(hub, 'iom', 'caseworker2', 'pt');
    expect((await colleague.get(`/console/subjects/${subjectId}`)).status).toBe(404);
    const form = await colleague.get('/console/break-glass');
    expect(form.html).toContain('action="/console/break-glass"');
    expect(form.html).toContain('Acesso de emergência');

    const tooShort = await colleague.post('/console/break-glass', { reference, justification: 'urgent' });
    expect(tooShort.status).toBe(422);
    expect(tooShort.html).toContain('id="f-justification-error"');
    const unknown = await colleague.post('/console/break-glass', { reference: 'IOM-0000000000', justification });
    expect(unknown.status).toBe(422);
    expect(unknown.html).toContain('Nenhum titular da sua agência tem esta referência');
    const grants = async () => hub.database.db.selectFrom('break_glass_grants').select('subject_id').where('subject_id', '=', subjectId).execute();
    expect(await grants()).toHaveLength(0);

    const granted = await colleague.post('/console/break-glass', { reference: reference.toLowerCase(), justification });
    expect(granted.status).toBe(303);
    expect(granted.location).toBe(`/console/subjects/${subjectId}?done=break-glass`);
    expect(await grants()).toHaveLength(1);
    const page = await colleague.get(granted.location!);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Acesso de emergência concedido');
    expect(page.html).toContain('Celeste');

    // The privacy officer sees it among the accesses flagged for review.
    const flags = await hub.call('GET', '/v1/access-events?breakGlass=true', { token: await hub.tokenFor('iom', 'privacy') });
    const events = ((await flags.json()) as { items: Array<{ subjectId: string | null; action: string }> }).items;
    expect(events.some((e) => e.subjectId === subjectId && e.action === 'break_glass')).toBe(true);
  });

  it('is not offered to roles outside casework, and another agency’s reference names no subject', async () => {
    const { reference, subjectId } = await child();
    const admin = await consoleClient(hub, 'iom', 'admin');
    expect((await admin.get('/console')).html).not.toContain('href="/console/break-glass"');
    const refused = await admin.post('/console/break-glass', { reference, justification });
    // By the refusal rule an administrator may not know which subjects exist: told as for an unknown reference.
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('No subject of your agency has this reference');
    const mgcas = await consoleClient(hub, 'mgcas', 'caseworker');
    expect((await mgcas.get('/console')).html).toContain('href="/console/break-glass"');
    const other = await mgcas.post('/console/break-glass', { reference, justification });
    expect(other.status).toBe(422);
    expect(other.html).toContain('No subject of your agency has this reference');
    const rows = await hub.database.db.selectFrom('break_glass_grants').select('id').where('subject_id', '=', subjectId).execute();
    expect(rows).toHaveLength(0);
  });
});

describe('suspending an agency from the operator’s pages', () => {
  it('stops its people at once and lets them back in once reactivated; only an operator may', async () => {
    const token = await hub.tokenFor('unicef', 'caseworker');
    expect((await hub.call('GET', '/v1/me', { token })).status).toBe(200);
    const admin = await consoleClient(hub, 'unicef', 'admin');
    expect((await admin.post('/console/operator/agencies/unicef/status', { status: 'suspended' })).status).toBe(403);

    const operator = await consoleClient(hub, undefined, 'operator', 'pt');
    const page = await operator.get('/console/operator/agencies');
    expect(page.html).toContain('action="/console/operator/agencies/unicef/status"');
    expect(page.html).toContain('Suspender');
    const forged = await operator.post('/console/operator/agencies/unicef/status', { status: 'closed' });
    expect(forged.status).toBe(422);
    expect((await hub.call('GET', '/v1/me', { token })).status).toBe(200);

    const suspended = await operator.post('/console/operator/agencies/unicef/status', { status: 'suspended' });
    expect(suspended.status).toBe(303);
    expect((await hub.call('GET', '/v1/me', { token })).status).toBe(401);
    const listed = await operator.get('/console/operator/agencies');
    expect(listed.html).toContain('Suspensa');
    expect(listed.html).toContain('Reativar');

    expect((await operator.post('/console/operator/agencies/unicef/status', { status: 'active' })).status).toBe(303);
    expect((await hub.call('GET', '/v1/me', { token: await hub.tokenFor('unicef', 'caseworker') })).status).toBe(200);
  });
});
