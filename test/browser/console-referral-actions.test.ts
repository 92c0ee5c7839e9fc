import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient, guardianConsent } from './console-client';

/** A referral's page offers the steps the policy allows, checks them like the API, and shows a refusal on the page. */
let hub: TestHub;
const ids: Record<string, string> = {};
beforeAll(async () => {
  hub = await createTestHub();
  for (const [name, agency, username] of [
    ['mgcasCaseworker', 'mgcas', 'caseworker'],
    ['mgcasSupervisor', 'mgcas', 'supervisor'],
  ] as const) {
    const me = await hub.call('GET', '/v1/me', { token: await hub.tokenFor(agency, username) });
    ids[name] = ((await me.json()) as { id: string }).id;
  }
});
afterAll(async () => hub?.close());

/** A child of IOM's, with a guardian's consent, referred to MGCAS for shelter: the referral's id and the consent's. */
async function referral(): Promise<{ id: string; consentId: string }> {
  const token = await hub.tokenFor('iom', 'caseworker');
  const subject = await hub.call('POST', '/v1/subjects', {
    token,
    json: { identity: { givenName: 'Lurdes', familyName: 'Chaúque', dateOfBirth: '2013-09-01', sex: 'female', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-MPM' } } },
  });
  const subjectId = ((await subject.json()) as { id: string }).id;
  const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, {
    token,
    json: guardianConsent('mgcas', 'Joana Chaúque'),
  });
  expect(consent.status).toBe(201);
  const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
  const sent = await hub.call('POST', '/v1/referrals', {
    token,
    json: { to: 'mgcas', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'location'] },
  });
  expect(sent.status).toBe(201);
  return { id: ((await sent.json()) as { id: string }).id, consentId };
}

const versionIn = (html: string) => Number(/name="version" value="(\d+)"/.exec(html)?.[1]);
const statusOf = async (id: string) => ((await (await hub.call('GET', `/v1/referrals/${id}`, { token: await hub.tokenFor('mgcas', 'focal-point') })).json()) as { status: string; assigneeId: string | null });

async function createUser(agency: string, username: string, roles: string[], team?: string) {
  const res = await hub.call('POST', '/v1/users', { token: await hub.tokenFor(agency, 'admin'), json: { username, displayName: `User ${username}`, password: DEMO_PASSWORD, roles } });
  expect(res.status).toBe(201);
  if (team) await hub.database.db.updateTable('users').set({ team }).where('username', '=', username).execute();
}

describe('a referral’s steps in the console', () => {
  it('checks accept and assign by their contracts and the version the page showed: a forged assignee or a stale page is refused on the page', async () => {
    const { id } = await referral();
    const path = `/console/referrals/${id}`;
    const focal = await consoleClient(hub, 'mgcas', 'focal-point');
    const page = await focal.get(path);
    expect(page.html).toContain(`action="${path}/accept"`);
    const version = versionIn(page.html);
    expect(version).toBeGreaterThan(0);

    const forged = await focal.post(`${path}/accept`, { assigneeId: "1' or '1'='1", version: String(version) });
    expect(forged.status).toBe(422);
    expect(forged.html).toContain('id="f-assigneeId-error"');
    expect(forged.html).toContain('id="form-errors"');
    expect((await statusOf(id)).status).toBe('sent');

    const stale = await focal.post(`${path}/accept`, { assigneeId: ids.mgcasCaseworker!, version: String(version + 3) });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('This page was out of date');
    expect((await statusOf(id)).status).toBe('sent');
    const focalPt = await consoleClient(hub, 'mgcas', 'focal-point', 'pt');
    const stalePt = await focalPt.post(`${path}/decline`, { reasonCode: 'no_capacity', reason: 'Sem vaga', version: String(version + 3) });
    expect(stalePt.status).toBe(409);
    expect(stalePt.html).toContain('Esta página estava desatualizada');
    expect((await focal.post(`${path}/accept`, {})).status).toBe(409);

    const accepted = await focal.post(`${path}/accept`, { assigneeId: ids.mgcasCaseworker!, version: String(version) });
    expect(accepted.status).toBe(303);
    expect(await statusOf(id)).toMatchObject({ status: 'accepted', assigneeId: ids.mgcasCaseworker });

    // The page read before the acceptance is stale now: its assignment is refused, not applied over it.
    const staleAssign = await focal.post(`${path}/assign`, { assigneeId: ids.mgcasSupervisor!, version: String(version) });
    expect(staleAssign.status).toBe(409);
    expect((await statusOf(id)).assigneeId).toBe(ids.mgcasCaseworker);
    const notUuid = await focal.post(`${path}/assign`, { assigneeId: 'nobody', version: String(versionIn((await focal.get(path)).html)) });
    expect(notUuid.status).toBe(422);
    expect(notUuid.html).toContain('id="f-assigneeId-error"');
  });

  it('shows a failed check of a step on the referral’s page, in the page’s language, not on an error page', async () => {
    const { id, consentId } = await referral();
    const withdrawn = await hub.call('POST', `/v1/consents/${consentId}/withdraw`, { token: await hub.tokenFor('iom', 'caseworker'), json: { requestedBy: 'guardian', method: 'written', reason: 'The family moved away' } });
    expect(withdrawn.status).toBe(200);
    const focal = await consoleClient(hub, 'mgcas', 'focal-point', 'pt');
    const path = `/console/referrals/${id}`;
    const refused = await focal.post(`${path}/accept`, { version: String(versionIn((await focal.get(path)).html)) });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('id="form-errors"');
    expect(refused.html).toContain('O encaminhamento já não pode ser aceite');
    expect(refused.html).toContain(`action="${path}/decline"`);
    expect((await statusOf(id)).status).toBe('sent');
  });

  it('offers only the steps the policy allows, and names the rule for the ones it refuses', async () => {
    const { id } = await referral();
    const path = `/console/referrals/${id}`;
    // A supervisor of another team in the sending agency who also reviews its log sees the referral, and no receiver's step.
    await createUser('iom', 'supervisor-privacy', ['supervisor', 'privacy_officer'], 'outreach');
    const sender = await consoleClient(hub, 'iom', 'supervisor-privacy');
    const senderPage = await sender.get(path);
    expect(senderPage.status).toBe(200);
    expect(senderPage.html).not.toContain(`${path}/accept`);
    expect(senderPage.html).not.toContain(`${path}/decline`);
    expect((await hub.call('POST', `/v1/referrals/${id}/accept`, { token: await hub.tokenFor('iom', 'supervisor-privacy'), json: {} })).status).toBe(403);

    // The receiving privacy officer sees it, may take no step, and is told by which rule.
    const privacy = await consoleClient(hub, 'mgcas', 'privacy');
    const privacyPage = await privacy.get(path);
    expect(privacyPage.html).not.toContain(`${path}/accept`);
    expect(privacyPage.html).toContain('referral.accept_not_allowed');

    const focal = await consoleClient(hub, 'mgcas', 'focal-point');
    expect((await focal.post(`${path}/accept`, { assigneeId: ids.mgcasCaseworker!, version: String(versionIn((await focal.get(path)).html)) })).status).toBe(303);

    // A supervisor of another team of the receiving agency may reassign, but not work the case nor read it.
    await createUser('mgcas', 'supervisor-outreach', ['supervisor'], 'outreach');
    const other = await consoleClient(hub, 'mgcas', 'supervisor-outreach');
    const otherPage = await other.get(path);
    expect(otherPage.html).toContain(`${path}/assign`);
    expect(otherPage.html).toContain('referral.start_not_allowed');
    expect(otherPage.html).not.toContain('id="referred-data"');
    expect((await hub.call('POST', `/v1/referrals/${id}/start`, { token: await hub.tokenFor('mgcas', 'supervisor-outreach'), json: {} })).status).toBe(403);

    // The assigned caseworker reads what is shared and is not offered the supervisor's reassignment.
    const caseworker = await consoleClient(hub, 'mgcas', 'caseworker');
    const workPage = await caseworker.get(path);
    expect(workPage.html).toContain('id="referred-data"');
    expect(workPage.html).not.toContain(`${path}/assign`);
  });

  it('lists under “assigned to me” only the referrals assigned to the person', async () => {
    const { id } = await referral();
    const focal = await consoleClient(hub, 'mgcas', 'focal-point');
    const path = `/console/referrals/${id}`;
    expect((await focal.post(`${path}/accept`, { assigneeId: ids.mgcasCaseworker!, version: String(versionIn((await focal.get(path)).html)) })).status).toBe(303);
    const { id: unassigned } = await referral();

    const supervisor = await consoleClient(hub, 'mgcas', 'supervisor');
    const mine = await supervisor.get('/console/referrals/assigned');
    expect(mine.html).not.toContain(`/console/referrals/${id}"`);
    expect(mine.html).not.toContain(`/console/referrals/${unassigned}"`);
    const caseworker = await consoleClient(hub, 'mgcas', 'caseworker');
    const theirs = await caseworker.get('/console/referrals/assigned');
    expect(theirs.html).toContain(`/console/referrals/${id}"`);
    expect(theirs.html).not.toContain(`/console/referrals/${unassigned}"`);
  });
});
