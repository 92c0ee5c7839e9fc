import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient, guardianConsent } from './console-client';

/** A referral's conversation on its page: both sides write and read it, the receipt shows, a refusal keeps the message, a closed referral takes none. */
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(async () => hub?.close());

/** A child of IOM's, with a guardian's consent, referred to MGCAS for shelter. */
async function referral(): Promise<string> {
  const token = await hub.tokenFor('iom', 'caseworker');
  const subject = await hub.call('POST', '/v1/subjects', {
    token,
    json: { identity: { givenName: 'Felismina', familyName: 'Nhantumbo', dateOfBirth: '2012-04-11', sex: 'female', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-MPM' } } },
  });
  const subjectId = ((await subject.json()) as { id: string }).id;
  const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token, json: guardianConsent('mgcas', 'Rosa Nhantumbo') });
  const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
  const sent = await hub.call('POST', '/v1/referrals', {
    token,
    json: { to: 'mgcas', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['location'] },
  });
  expect(sent.status).toBe(201);
  return ((await sent.json()) as { id: string }).id;
}

const messagesOf = async (id: string) =>
  ((await (await hub.call('GET', `/v1/referrals/${id}/messages`, { token: await hub.tokenFor('iom', 'caseworker') })).json()) as { items: Array<{ body: string; authorAgency: string }> }).items;

describe('a referral’s conversation in the console', () => {
  it('lets the receiving focal point ask and the sender answer, shows who read what, and keeps a refused message on the page', async () => {
    const id = await referral();
    const path = `/console/referrals/${id}`;
    const focal = await consoleClient(hub, 'mgcas', 'focal-point');
    const first = await focal.get(path);
    expect(first.html).toContain('id="conversation-panel"');
    expect(first.html).toContain('No messages yet.');
    expect(first.html).toContain('Write no personal data beyond the categories this referral shares');

    const empty = await focal.post(`${path}/messages`, { body: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('id="form-errors"');
    expect(await messagesOf(id)).toEqual([]);

    const asked = await focal.post(`${path}/messages`, { body: 'Is there a sibling travelling with her?' });
    expect(asked.status).toBe(303);
    expect(asked.location).toContain('done=message');

    const iom = await consoleClient(hub, 'iom', 'caseworker');
    const seen = await iom.get(path);
    expect(seen.html).toContain('Is there a sibling travelling with her?');
    expect((await iom.post(`${path}/messages`, { body: 'No, she travels alone; her aunt is in Maputo.' })).status).toBe(303);

    const back = await focal.get(path);
    expect(back.html).toContain('No, she travels alone; her aunt is in Maputo.');
    // MGCAS's own question was read by IOM when IOM's caseworker opened the page.
    expect(back.html).toMatch(/Is there a sibling travelling with her\?/);
    expect(back.html).toContain('read by the other agency');
    expect((await messagesOf(id)).map((m) => m.authorAgency)).toEqual(['mgcas', 'iom']);

    const pt = await consoleClient(hub, 'mgcas', 'focal-point', 'pt');
    expect((await pt.get(path)).html).toContain('Conversa com a outra agência');
  });

  it('shows no conversation to someone who is not one of its people, and none to write on a closed referral', async () => {
    const id = await referral();
    const path = `/console/referrals/${id}`;
    const privacy = await consoleClient(hub, 'mgcas', 'privacy');
    const outsider = await privacy.get(path);
    expect(outsider.status).toBe(200);
    expect(outsider.html).not.toContain('id="conversation-panel"');
    const refused = await privacy.post(`${path}/messages`, { body: 'A message from outside the referral' });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('data-rule="referral.converse_not_allowed"');
    expect(await messagesOf(id)).toEqual([]);

    const token = await hub.tokenFor('iom', 'caseworker');
    const current = await hub.call('GET', `/v1/referrals/${id}`, { token });
    const withdrawn = await hub.call('POST', `/v1/referrals/${id}/withdraw`, { token, json: { reason: 'Sent to the wrong office' }, headers: { 'if-match': current.headers.get('etag')! } });
    expect(withdrawn.status).toBe(200);
    const iom = await consoleClient(hub, 'iom', 'caseworker');
    const closed = await iom.get(path);
    expect(closed.html).toContain('id="conversation-panel"');
    expect(closed.html).toContain('its conversation can be read but takes no new messages');
    expect(closed.html).not.toContain(`action="${path}/messages"`);
    const late = await iom.post(`${path}/messages`, { body: 'One more thing' });
    expect(late.status).toBe(409);
    expect(await messagesOf(id)).toEqual([]);
  });
});
