import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn, startBrowserHub, type BrowserHub } from './browser';
import { guardianConsent } from './console-client';

/**
 * Deadlines in Chromium (issue 21, item 2): IOM sends MGCAS an emergency referral; a day later
 * (the hub's clock moved 25 hours) nobody has answered it, and both focal points see it overdue:
 * on the home page, in the list it links to, and on the referral's page; IOM's in Portuguese.
 */
const HOUR = 3_600_000;
let env: BrowserHub;
let ahead = 0;
let referralId = '';

beforeAll(async () => {
  env = await startBrowserHub({ now: () => new Date(Date.now() + ahead) });
  const { hub } = env;
  const token = await hub.tokenFor('iom', 'caseworker');
  const subject = await hub.call('POST', '/v1/subjects', {
    token,
    json: { identity: { givenName: 'Célia', familyName: 'Mabunda', dateOfBirth: '2011-07-07', sex: 'female', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-MPM' } } },
  });
  const subjectId = ((await subject.json()) as { id: string }).id;
  const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token, json: guardianConsent('mgcas', 'Marta Mabunda') });
  const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
  const sent = await hub.call('POST', '/v1/referrals', {
    token,
    json: { to: 'mgcas', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'emergency', categories: ['identity', 'location'] },
  });
  expect(sent.status).toBe(201);
  referralId = ((await sent.json()) as { id: string }).id;
  ahead = 25 * HOUR;
});
afterAll(async () => env?.close());

describe('an unanswered emergency referral, a day later', () => {
  it('is overdue on the receiving focal point’s home page, in the list it links to and on its page', async () => {
    const { page } = await env.person('en');
    await signIn(page, 'mgcas', 'focal-point');
    const figure = page.getByRole('listitem').filter({ hasText: 'referral you received is overdue' });
    expect(await figure.getByRole('link').textContent()).toBe('1');
    await screenshot(page, 'overdue-home-en');
    await figure.getByRole('link').click();
    await page.waitForURL(/\/console\/referrals\/incoming\?overdue=true$/);
    const row = page.getByRole('row').filter({ hasText: referralId.slice(0, 8) });
    expect(await row.locator('.tag').textContent()).toBe('Overdue');
    await screenshot(page, 'overdue-incoming-en');
    await row.getByRole('link', { name: referralId.slice(0, 8) }).click();
    await page.waitForURL(new RegExp(`/console/referrals/${referralId}$`));
    expect(await page.locator('main').textContent()).toContain('Overdue: not accepted or declined by its response deadline');
    expect(await page.locator('main').textContent()).toContain('Respond by');
  });

  it('is overdue on the sending side too, in Portuguese', async () => {
    const { page } = await env.person('pt');
    await signIn(page, 'iom', 'caseworker');
    const figure = page.getByRole('listitem').filter({ hasText: 'encaminhamento que enviou está em atraso' });
    expect(await figure.getByRole('link').textContent()).toBe('1');
    await figure.getByRole('link').click();
    await page.waitForURL(/\/console\/referrals\/outgoing\?overdue=true$/);
    expect(await page.getByRole('row').filter({ hasText: referralId.slice(0, 8) }).locator('.tag').textContent()).toBe('Em atraso');
    await screenshot(page, 'overdue-outgoing-pt');
  });
});
