import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardianConsent } from './console-client';
import { screenshot, signIn, startBrowserHub, type BrowserHub } from './browser';

/**
 * Issue 21's loop, through the pages: IOM sends a child's referral to MGCAS, sharing health;
 * MGCAS's focal point asks a question on the referral's conversation and IOM's caseworker answers
 * it; IOM's caseworker adds a medical report under health from the child's page; MGCAS accepts, its
 * caseworker downloads the report (an attachment) while the referral is open, works the case and
 * completes it with an outcome code from the closed list, which IOM then reads on its side; the
 * report is no longer offered once it is closed. IOM then hands the child's case over to MGCAS
 * from her page, and MGCAS's focal point takes it over. MGCAS, now her agency, refers her to
 * UNICEF, whose caseworker refers her on to Casa Esperança from the referral's page under a new
 * consent of her aunt's, recorded there and then.
 */
let env: BrowserHub;
let referralPath = '';
let subjectPath = '';
const REPORT = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% medical report\ntrailer << /Root 1 0 R >>\n%%EOF\n');
beforeAll(async () => {
  env = await startBrowserHub();
  const token = await env.hub.tokenFor('iom', 'caseworker');
  const subject = await env.hub.call('POST', '/v1/subjects', {
    token,
    json: { identity: { givenName: 'Anifa', familyName: 'Macuácua', dateOfBirth: '2011-02-17', sex: 'female', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-MPM' } } },
  });
  const subjectId = ((await subject.json()) as { id: string }).id;
  subjectPath = `/console/subjects/${subjectId}`;
  const consent = await env.hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token, json: { ...guardianConsent('mgcas', 'Luísa Macuácua'), categories: ['identity', 'location', 'health'] } });
  const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
  const sent = await env.hub.call('POST', '/v1/referrals', {
    token,
    json: { to: 'mgcas', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'location', 'health'] },
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

  it('IOM’s caseworker adds a medical report under health from the child’s page', async () => {
    const iom = await env.person('en');
    await signIn(iom.page, 'iom', 'caseworker');
    await iom.page.goto(subjectPath);
    await iom.page.getByLabel('Category of data', { exact: true }).selectOption('health');
    await iom.page.getByLabel('Title', { exact: true }).fill('Medical report, Maputo Central Hospital');
    await iom.page.getByLabel('File (PDF, JPEG or PNG)', { exact: true }).setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: REPORT });
    await iom.page.getByRole('button', { name: 'Add a document' }).click();
    await iom.page.waitForURL(/document=uploaded/);
    expect(await iom.page.locator('main').textContent()).toContain('Medical report, Maputo Central Hospital');
    await screenshot(iom.page, 'subject-document-en');
    await iom.context.close();
  });

  it('MGCAS accepts, its caseworker downloads the report and completes with an outcome code, and IOM reads how it ended', async () => {
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
    // The report, shared under health: downloaded as an attachment, never shown inline.
    expect(await worker.page.locator('main').textContent()).toContain('Documents shared with you');
    const [download] = await Promise.all([worker.page.waitForEvent('download'), worker.page.locator('main a[href*="/documents/"]').first().click()]);
    expect(download.suggestedFilename()).toMatch(/^health-[0-9a-f]{8}\.pdf$/);
    expect(Buffer.compare(await readFile((await download.path())!), REPORT)).toBe(0);
    // A code is required; the form says so and nothing changes.
    await worker.page.getByRole('button', { name: 'Complete' }).click();
    await worker.page.waitForSelector('#form-errors');
    await worker.page.getByLabel('How it ended', { exact: true }).selectOption('service_provided');
    await worker.page.getByLabel('Outcome (what was done for the person)', { exact: true }).fill('Placed in the girls’ shelter near her school.');
    await worker.page.getByRole('button', { name: 'Complete' }).click();
    await worker.page.waitForURL(/done=completed$/);
    expect(await worker.page.locator('form[action$="/messages"]').count()).toBe(0);
    expect(await worker.page.locator('main a[href*="/documents/"]').count()).toBe(0);
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

  it('IOM hands the child’s case over to MGCAS from her page, and MGCAS’s focal point takes it over', async () => {
    const iom = await env.person('en');
    await signIn(iom.page, 'iom', 'caseworker');
    await iom.page.goto(subjectPath);
    await iom.page.getByRole('link', { name: 'Transfer the case to another agency' }).click();
    await iom.page.getByLabel('Recipient agency', { exact: true }).selectOption('mgcas');
    await iom.page.getByLabel('Consent', { exact: true }).selectOption({ index: 1 });
    await iom.page.getByLabel('Purpose', { exact: true }).selectOption('protection_assistance');
    for (const category of ['Identity', 'Location']) await iom.page.getByRole('group', { name: 'Categories of data' }).getByLabel(category).check();
    await iom.page.getByLabel('Reason', { exact: true }).fill('Unaccompanied child: case management belongs with social welfare');
    await iom.page.getByRole('button', { name: 'Ask for the transfer' }).click();
    await iom.page.waitForURL(/\/console\/transfers\/[0-9a-f-]{36}/);
    expect(await iom.page.locator('main').textContent()).toContain('The transfer was asked');
    const transferPath = new URL(iom.page.url()).pathname;
    await iom.context.close();

    const focal = await env.person('pt');
    await signIn(focal.page, 'mgcas', 'focal-point');
    await focal.page.goto(transferPath);
    await focal.page.getByLabel('Técnico/a de casos', { exact: true }).selectOption({ label: 'Caseworker A (case-team)' });
    await focal.page.getByRole('button', { name: 'Assumir o caso' }).click();
    await focal.page.waitForURL(/\/console\/transfers\/[0-9a-f-]{36}/);
    expect(await focal.page.locator('main').textContent()).toContain('Aceite');
    await screenshot(focal.page, 'transfer-accepted-pt');
    await focal.context.close();
    expect(env.pageErrors).toEqual([]);
  });

  it('UNICEF’s caseworker refers her on to a civil-society partner under a new consent recorded on the spot', async () => {
    // MGCAS, now the child's agency, refers her to UNICEF through its system; UNICEF accepts.
    const mgcas = await env.hub.tokenFor('mgcas', 'caseworker');
    const transfers = (await (await env.hub.call('GET', '/v1/transfers?box=inbox', { token: await env.hub.tokenFor('mgcas', 'focal-point') })).json()) as { items: Array<{ receivedSubjectId: string }> };
    const subjectId = transfers.items[0]!.receivedSubjectId;
    const consent = await env.hub.call('POST', `/v1/subjects/${subjectId}/consents`, {
      token: mgcas,
      json: { ...guardianConsent('unicef', 'Luísa Macuácua'), purposes: ['psychosocial_support'], categories: ['identity', 'location'] },
    });
    expect(consent.status).toBe(201);
    const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
    const sent = await env.hub.call('POST', '/v1/referrals', {
      token: mgcas,
      json: { to: 'unicef', subjectId, consentId, service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity', 'location'] },
    });
    expect(sent.status).toBe(201);
    const parentId = ((await sent.json()) as { id: string }).id;
    const unicefCaseworker = ((await (await env.hub.call('GET', '/v1/me', { token: await env.hub.tokenFor('unicef', 'caseworker') })).json()) as { id: string }).id;
    const focalToken = await env.hub.tokenFor('unicef', 'focal-point');
    const triage = await env.hub.call('GET', `/v1/referrals/${parentId}`, { token: focalToken });
    expect(
      (await env.hub.call('POST', `/v1/referrals/${parentId}/accept`, { token: focalToken, json: { assigneeId: unicefCaseworker }, headers: { 'if-match': triage.headers.get('etag')! } })).status,
    ).toBe(200);

    const unicef = await env.person('en');
    await signIn(unicef.page, 'unicef', 'caseworker');
    await unicef.page.goto(`/console/referrals/${parentId}`);
    const form = unicef.page.locator('form[action$="/onward"]');
    await form.getByLabel('Recipient agency', { exact: true }).selectOption('casa-esperanca');
    await form.getByLabel('Service', { exact: true }).selectOption('psychosocial_support');
    await form.getByLabel('Purpose', { exact: true }).selectOption('psychosocial_support');
    await form.getByRole('group', { name: 'Categories of data' }).getByLabel('Identity').check();
    // MGCAS's consent names UNICEF alone: the form says so, and nothing is sent.
    await form.getByRole('button', { name: 'Refer on to another agency' }).click();
    await unicef.page.waitForSelector('#form-errors');
    const again = unicef.page.locator('form[action$="/onward"]');
    await again.getByLabel('Record a new consent with the person for this onward referral', { exact: true }).check();
    await again.getByRole('group', { name: 'Granted by' }).getByLabel('A guardian', { exact: true }).check();
    await again.getByLabel('Guardian’s name', { exact: true }).fill('Teresa Macuácua');
    await again.getByLabel('Guardian’s relationship to the person', { exact: true }).fill('aunt');
    await again.getByRole('group', { name: 'The child’s assent' }).getByLabel('Given', { exact: true }).check();
    await again.getByLabel('Valid until', { exact: true }).fill('2027-06-30');
    await again.getByRole('button', { name: 'Refer on to another agency' }).click();
    await unicef.page.waitForURL(/done=referred_on/);
    expect(await unicef.page.locator('main').textContent()).toContain('The person was referred on.');
    await screenshot(unicef.page, 'referral-onward-en');
    await unicef.context.close();
    expect(env.pageErrors).toEqual([]);
  });
});
