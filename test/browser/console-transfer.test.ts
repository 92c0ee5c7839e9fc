import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient, guardianConsent } from './console-client';

/**
 * A transfer of responsibility from the console (issue 21, item 4): IOM's caseworker asks from the
 * child's page for MGCAS to take the case over; a transfer the consent does not cover is refused
 * on the form and stores nothing; MGCAS's focal point finds it among its transfers and accepts,
 * choosing the caseworker who takes the new record; that caseworker opens the agency's own record.
 * In English and in Portuguese.
 */
let hub: TestHub;
let mgcasCaseworker: string;
beforeAll(async () => {
  hub = await createTestHub();
  const me = await hub.call('GET', '/v1/me', { token: await hub.tokenFor('mgcas', 'caseworker') });
  mgcasCaseworker = ((await me.json()) as { id: string }).id;
});
afterAll(async () => hub?.close());

const versionIn = (html: string) => String(Number(/name="version" value="(\d+)"/.exec(html)?.[1]));
const transfers = async () => (await sql<{ n: number }>`select count(*)::int as n from subject_transfers`.execute(hub.database.db)).rows[0]!.n;

describe('a transfer of responsibility from the console', () => {
  it('is asked from the subject’s page, refused on the form when not covered, accepted by the focal point, and read by the new caseworker', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const subject = await hub.call('POST', '/v1/subjects', {
      token,
      json: { identity: { givenName: 'Telma', familyName: 'Mondlane', dateOfBirth: '2013-02-03', sex: 'female', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-MPM' } } },
    });
    const { id: subjectId } = (await subject.json()) as { id: string };
    const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token, json: guardianConsent('mgcas', 'Rosa Mondlane') });
    const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;

    const iom = await consoleClient(hub, 'iom', 'caseworker');
    const subjectPage = await iom.get(`/console/subjects/${subjectId}`);
    expect(subjectPage.html).toContain(`href="/console/subjects/${subjectId}/transfer"`);
    const form = await iom.get(`/console/subjects/${subjectId}/transfer`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('Transfer the case to another agency');
    expect(form.html).toContain(`value="${consentId}"`);

    // `health` is in neither the consent nor the agreement: refused on the form, nothing stored.
    const before = await transfers();
    const refused = await iom.post(`/console/subjects/${subjectId}/transfer`, { to: 'mgcas', consentId, purpose: 'protection_assistance', categories: ['identity', 'health'], reason: 'Case management moves to social welfare' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('the consent does not cover every category transferred');
    expect(await transfers()).toBe(before);

    const asked = await iom.post(`/console/subjects/${subjectId}/transfer`, { to: 'mgcas', consentId, purpose: 'protection_assistance', categories: ['identity', 'location'], reason: 'Case management moves to social welfare' });
    expect(asked.status).toBe(303);
    const path = asked.location!.replace(/\?.*$/, '');
    expect(path).toMatch(/^\/console\/transfers\/[0-9a-f-]{36}$/);
    const sent = await iom.get(asked.location!);
    expect(sent.html).toContain('The transfer was asked');
    expect(sent.html).toContain(`action="${path}/cancel"`);
    expect(sent.html).not.toContain(`action="${path}/accept"`);

    const focal = await consoleClient(hub, 'mgcas', 'focal-point', 'pt');
    const list = await focal.get('/console/transfers');
    expect(list.html).toContain('Transferências para a sua agência');
    expect(list.html).toContain(`href="${path}"`);
    const page = await focal.get(path);
    expect(page.html).toContain('À espera da agência destinatária');
    expect(page.html).toContain(`action="${path}/accept"`);
    expect(page.html).not.toContain(`action="${path}/cancel"`);
    // Without a caseworker (a focal point does not work on cases itself): refused on the page.
    const noOne = await focal.post(`${path}/accept`, { assigneeId: '', version: versionIn(page.html) });
    expect(noOne.status).toBe(422);
    const accepted = await focal.post(`${path}/accept`, { assigneeId: mgcasCaseworker, version: versionIn(page.html) });
    expect(accepted.status).toBe(303);
    const done = await focal.get(accepted.location!);
    expect(done.html).toContain('Aceite: o caso foi entregue');
    const received = /href="\/console\/subjects\/([0-9a-f-]{36})"/.exec(done.html)?.[1];
    expect(received).toBeTruthy();

    const caseworker = await consoleClient(hub, 'mgcas', 'caseworker');
    const own = await caseworker.get(`/console/subjects/${received}`);
    expect(own.status).toBe(200);
    expect(own.html).toContain('Telma');
    // A stale page is refused: the transfer was decided since.
    expect((await focal.post(`${path}/decline`, { reason: 'late', version: '1' })).status).toBe(409);
  });
});
