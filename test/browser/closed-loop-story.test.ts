import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardianConsent } from './console-client';
import { screenshot, signIn, startBrowserHub, type BrowserHub } from './browser';

/**
 * Issue 21's loop, through the pages: IOM sends a child's referral to MGCAS; MGCAS's focal point
 * asks a question on the referral's conversation and IOM's caseworker answers it; MGCAS accepts,
 * its caseworker works the case and completes it with an outcome code from the closed list, which
 * IOM then reads on its side.
 */
let env: BrowserHub;
let referralPath = '';
beforeAll(async () => {
  env = await startBrowserHub();
  const token = await env.hub.tokenFor('iom', 'caseworker');
  const subject = await env.hub.call('POST', '/v1/subjects', {
    token,
    json: { identity: { givenName: 'Anifa', familyName: 'Macuácua', dateOfBirth: '2011-02-17', sex: 'female', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-MPM' } } },
  });
  const subjectId = ((await subject.json()) as { id: string }).id;
  const consent = await env.hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token, json: guardianConsent('mgcas', 'Luísa Macuácua') });
  const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
  const sent = await env.hub.call('POST', '/v1/referrals', {
    token,
    json: { to: 'mgcas', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'location'] },
  });
  expect(sent.status).toBe(201);
  referralPath = `/console/referrals/${((await sent.json()) as { id: string }).id}`;
});
afterAll(async () => env?.close());

const messages = async (page: Page) => (await page.locator('ol.conversation .message-body').allTextContents()).map((s) => s.trim());

describe('a closed-loop referral in the console', () => {
  it('MGCAS’s focal point asks a question and IOM’s caseworker answers it on the referral’s page', async () => {
    const focal = await env.person('en');
    await signIn(focal.page, 'mgcas', 'focal-point');
    await focal.page.goto(referralPath);
    await focal.page.getByLabel('Message', { exact: true }).fill('Does she need a shelter place for girls only?');
    await focal.page.getByRole('button', { name: 'Send message' }).click();
    await focal.page.waitForURL(/done=message/);
    expect(await messages(focal.page)).toEqual(['Does she need a shelter place for girls only?']);
    expect(await focal.page.locator('ol.conversation li.mine').textContent()).toContain('not read yet');
    await screenshot(focal.page, 'conversation-asked-en');

    const iom = await env.person('pt');
    await signIn(iom.page, 'iom', 'caseworker');
    await iom.page.goto(referralPath);
    await iom.page.getByLabel('Mensagem', { exact: true }).fill('Sim, e perto da escola dela em Maputo.');
    await iom.page.getByRole('button', { name: 'Enviar mensagem' }).click();
    await iom.page.waitForURL(/done=message/);
    expect(await messages(iom.page)).toEqual(['Does she need a shelter place for girls only?', 'Sim, e perto da escola dela em Maputo.']);
    await screenshot(iom.page, 'conversation-answered-pt');

    await focal.page.reload();
    expect(await focal.page.locator('ol.conversation li.mine').textContent()).toContain('read by the other agency');
    await focal.context.close();
    await iom.context.close();
  });

  it('MGCAS accepts, its caseworker completes with an outcome code, and IOM reads how it ended', async () => {
    const focal = await env.person('en');
    await signIn(focal.page, 'mgcas', 'focal-point');
    await focal.page.goto(referralPath);
    await focal.page.getByLabel('Caseworker (optional)', { exact: true }).selectOption({ label: 'Caseworker A (case-team)' });
    await focal.page.getByRole('button', { name: 'Accept' }).click();
    await focal.page.waitForURL(/done=accepted$/);
    await focal.context.close();

    const worker = await env.person('en');
    await signIn(worker.page, 'mgcas', 'caseworker');
    await worker.page.goto(referralPath);
    await worker.page.getByRole('button', { name: 'Start work' }).click();
    await worker.page.waitForURL(/done=started$/);
    // A code is required; the form says so and nothing changes.
    await worker.page.getByRole('button', { name: 'Complete' }).click();
    await worker.page.waitForSelector('#form-errors');
    await worker.page.getByLabel('How it ended', { exact: true }).selectOption('service_provided');
    await worker.page.getByLabel('Outcome (what was done for the person)', { exact: true }).fill('Placed in the girls’ shelter near her school.');
    await worker.page.getByRole('button', { name: 'Complete' }).click();
    await worker.page.waitForURL(/done=completed$/);
    expect(await worker.page.locator('form[action$="/messages"]').count()).toBe(0);
    await worker.context.close();

    const iom = await env.person('en');
    await signIn(iom.page, 'iom', 'caseworker');
    await iom.page.goto(referralPath);
    const main = (await iom.page.locator('main').textContent())!;
    expect(main).toContain('Service provided');
    expect(main).toContain('its conversation can be read but takes no new messages');
    await screenshot(iom.page, 'referral-completed-en');
    await iom.context.close();
    expect(env.pageErrors).toEqual([]);
  });
});
