import { sealLog } from '@ponte/audit';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn, startBrowserHub, type BrowserHub } from './browser';

/**
 * The story, through the pages only: an IOM caseworker registers a child, records the
 * guardian's consent with the child's assent and sends a referral to MGCAS; MGCAS's focal point
 * accepts and assigns it; MGCAS's caseworker sees exactly the shared categories; the consent is
 * withdrawn and the page stops showing them; IOM's privacy officer finds those reads and reviews one.
 */
let env: BrowserHub;
beforeAll(async () => {
  env = await startBrowserHub();
});
afterAll(async () => env?.close());

const headings = async (page: Page, selector: string) => (await page.locator(selector).allTextContents()).map((s) => s.trim());

let subjectPath = '';

describe('the console story', () => {
  it('a caseworker registers a child and records the guardian’s consent with the child’s assent, in either language', async () => {
    const { page, context } = await env.person('en');
    await signIn(page, 'iom', 'caseworker');
    await page.getByRole('link', { name: 'My subjects' }).first().click();
    await page.getByRole('link', { name: 'Register a person' }).click();
    await page.getByLabel('Given name', { exact: true }).fill('Amina');
    await page.getByLabel('Family name', { exact: true }).fill('Tembe');
    await page.getByLabel('Date of birth', { exact: true }).fill('2013-05-04');
    await page.getByLabel('Sex', { exact: true }).selectOption('female');
    await page.getByLabel(/^Languages spoken/).fill('pt, ts');
    await page.getByLabel('Current province', { exact: true }).selectOption('MZ-MPM');
    await page.getByLabel('Unaccompanied minor', { exact: true }).check();
    await screenshot(page, 'subject-register-en');
    await page.getByRole('button', { name: 'Register a person' }).click();
    await page.waitForURL(/\/console\/subjects\/[0-9a-f-]{36}$/);
    subjectPath = new URL(page.url()).pathname;
    // No consent yet: the identity is withheld, and the page says in words which rule withholds it.
    expect(await page.locator('main').textContent()).toContain('no consent covers it');
    expect(await page.locator('main').textContent()).not.toContain('consent.absent');
    expect(await page.locator('[data-rule="consent.absent"]').count()).toBeGreaterThan(0);
    expect(await page.locator('main').textContent()).not.toContain('Amina');
    await screenshot(page, 'subject-before-consent-en');

    await page.getByRole('link', { name: 'Record consent' }).click();
    await screenshot(page, 'consent-form-en');
    await page.getByRole('button', { name: 'Português' }).click();
    await page.waitForSelector('html[lang=pt]');
    expect(page.url()).toMatch(/\/consents\/new$/);
    await screenshot(page, 'consent-form-pt');

    // The child cannot consent alone: the verb refuses, the form says why in Portuguese and keeps what was typed.
    // The fields of a path not chosen stay out of the way.
    expect(await page.getByLabel('Nome do tutor', { exact: true }).isVisible()).toBe(true);
    await page.getByLabel('A própria pessoa', { exact: true }).check();
    expect(await page.getByLabel('Nome do tutor', { exact: true }).isVisible()).toBe(false);
    expect(await page.getByLabel('Nome da testemunha (consentimento verbal)', { exact: true }).isVisible()).toBe(false);
    await page.getByLabel('Assistência de proteção', { exact: true }).check();
    await page.getByRole('group', { name: /^Destinatários/ }).getByLabel('Ministério do Género, Criança e Acção Social', { exact: true }).check();
    await page.getByRole('group', { name: 'Categorias de dados' }).getByLabel('Identidade', { exact: true }).check();
    await page.getByLabel('Válido até', { exact: true }).fill('2027-12-31');
    await page.getByRole('button', { name: 'Registar consentimento' }).click();
    await page.waitForSelector('#form-errors');
    const errors = await page.locator('.field-error').allTextContents();
    expect(errors.join(' ')).toContain('o titular tem menos de 18 anos');
    expect(errors.join(' ')).toContain('assentimento da criança');
    expect(await page.getByLabel('Válido até', { exact: true }).inputValue()).toBe('2027-12-31');
    expect(await page.getByRole('group', { name: 'Categorias de dados' }).getByLabel('Identidade', { exact: true }).isChecked()).toBe(true);
    await screenshot(page, 'consent-form-refused-pt');

    await page.getByLabel('Um tutor', { exact: true }).check();
    await page.getByLabel('Nome do tutor', { exact: true }).fill('Rosa Tembe');
    await page.getByLabel('Relação do tutor com a pessoa', { exact: true }).fill('tia');
    await page.getByRole('group', { name: 'Assentimento da criança' }).getByLabel('Dado', { exact: true }).check();
    await page.getByLabel('Procedimento do superior interesse', { exact: true }).check();
    for (const category of ['Localização', 'Família', 'Proteção (especial)']) await page.getByRole('group', { name: 'Categorias de dados' }).getByLabel(category).check();
    await page.getByRole('button', { name: 'Registar consentimento' }).click();
    await page.waitForURL(/\/console\/consents\/[0-9a-f-]{36}\/receipt$/);
    // The receipt: the consent as recorded and a QR code of a signed reference to the signed receipt.
    const receipt = await page.locator('main').textContent();
    expect(receipt).toContain('Um tutor');
    expect(receipt).toContain('Dado');
    expect(await page.locator('.qr svg').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Imprimir' }).isVisible()).toBe(true);
    // The QR code holds a signed reference to the signed receipt; both are there as text too.
    expect((await page.locator('#receipt-reference').textContent())!.split('.')).toHaveLength(3);
    expect((await page.locator('#signed-receipt').textContent())!.split('.')).toHaveLength(3);
    await screenshot(page, 'consent-receipt-pt');

    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForSelector('html[lang=en]');
    await page.goto(subjectPath);
    expect(await page.locator('main').textContent()).toContain('Amina');
    await screenshot(page, 'subject-after-consent-en');
    await page.getByRole('link', { name: 'My subjects' }).first().click();
    expect(await page.locator('tbody').textContent()).toContain('Amina Tembe');
    await screenshot(page, 'subjects-en');
    await context.close();
  });

  it('the caseworker finds MGCAS in the directory, sees what would be shared and why the rest is not, and sends the referral', async () => {
    const { page, context } = await env.person('en');
    await signIn(page, 'iom', 'caseworker');
    await page.goto(subjectPath);
    await page.getByRole('link', { name: 'New referral' }).click();
    await page.getByLabel('Service', { exact: true }).selectOption('child_protection_case_management');
    await page.getByLabel('Province', { exact: true }).selectOption('MZ-MPM');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByLabel('Ministry of Gender, Children and Social Action', { exact: true }).check();
    await page.getByLabel('Consent', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('Purpose', { exact: true }).selectOption('protection_assistance');
    await page.getByLabel('Urgency', { exact: true }).selectOption('priority');
    for (const category of ['Identity', 'Location', 'Protection (special)', 'Health (special)', 'Legal (special)'])
      await page.getByRole('group', { name: 'Categories of data' }).getByLabel(category).check();
    await page.getByRole('button', { name: 'Show what would be shared' }).click();
    await page.waitForSelector('#effective-set');
    expect(await headings(page, '#effective-set .tag')).toEqual(['Identity', 'Location', 'Protection (special)']);
    const excluded = await headings(page, '#effective-set li');
    expect(excluded).toEqual(['Health (special): not in the consent', 'Legal (special): not in the consent; not in the agreement']);
    await screenshot(page, 'referral-new-en');

    await page.getByRole('button', { name: 'Send referral' }).click();
    await page.waitForURL(/\/console\/referrals\/[0-9a-f-]{36}\?done=sent$/);
    expect(await headings(page, 'ol.timeline li strong')).toEqual(['Sent']);
    await screenshot(page, 'referral-sent-en');
    await page.getByRole('link', { name: 'Outgoing referrals' }).click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'referrals-outgoing-en');
    await context.close();
  });

  it('MGCAS’s focal point sees the triage view without identity, accepts and assigns a caseworker', async () => {
    const { page, context } = await env.person('en');
    await signIn(page, 'mgcas', 'focal-point');
    expect(await page.locator('.figures').textContent()).toMatch(/1\s*incoming referral awaits triage/);
    await screenshot(page, 'home-focal-point-en');
    await page.getByRole('link', { name: 'Incoming referrals' }).first().click();
    await screenshot(page, 'referrals-incoming-en');
    await page.locator('tbody a').first().click();
    const triage = await page.locator('main').textContent();
    expect(triage).toContain('12-17');
    expect(triage).not.toContain('Amina');
    await screenshot(page, 'referral-triage-en');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL(/done=accepted$/);
    await page.getByLabel('Caseworker', { exact: true }).selectOption({ label: 'Caseworker A (case-team)' });
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.waitForURL(/done=assigned$/);
    expect(await headings(page, 'ol.timeline li strong')).toEqual(['Sent', 'Accepted', 'Assigned']);
    expect(await page.locator('main').textContent()).not.toContain('Amina');
    await screenshot(page, 'referral-accepted-en');
    await context.close();
  });

  it('MGCAS’s caseworker sees exactly the shared categories, until the consent is withdrawn', async () => {
    const recipient = await env.person('en');
    await signIn(recipient.page, 'mgcas', 'caseworker');
    await recipient.page.getByRole('link', { name: 'Referrals assigned to me' }).first().click();
    await screenshot(recipient.page, 'referrals-assigned-en');
    await recipient.page.locator('tbody a').first().click();
    expect(await headings(recipient.page, '#referred-data section.card h3')).toEqual(['Identity', 'Location', 'Protection (special)']);
    expect(await recipient.page.locator('#referred-data').textContent()).toContain('Amina');
    await screenshot(recipient.page, 'referral-recipient-data-en');

    const sender = await env.person('en');
    await signIn(sender.page, 'iom', 'caseworker');
    await sender.page.goto(subjectPath);
    await sender.page.getByRole('link', { name: 'Withdraw consent' }).click();
    await sender.page.getByRole('button', { name: 'Withdraw consent' }).click();
    // A reason is required: nothing is withdrawn without it.
    await sender.page.waitForSelector('#form-errors');
    await screenshot(sender.page, 'consent-withdraw-refused-en');
    await sender.page.getByLabel('The guardian', { exact: true }).check();
    await sender.page.getByLabel('Reason', { exact: true }).fill('The guardian asked to stop sharing.');
    await sender.page.getByRole('button', { name: 'Withdraw consent' }).click();
    await sender.page.waitForURL(/done=withdrawn$/);
    await screenshot(sender.page, 'subject-after-withdrawal-en');

    await recipient.page.reload();
    expect(await recipient.page.locator('#referred-data').count()).toBe(0);
    expect(await recipient.page.locator('main').textContent()).not.toContain('Amina');
    expect(await recipient.page.locator('main').textContent()).toContain('You may not see this person’s data now.');
    await screenshot(recipient.page, 'referral-recipient-after-withdrawal-en');
    await recipient.context.close();
    await sender.context.close();
  });

  it('IOM’s privacy officer finds MGCAS’s reads of the child’s data and marks one reviewed', async () => {
    await sealLog({ db: env.hub.database.db, tokens: env.hub.tokens });
    const { page, context } = await env.person('en');
    await signIn(page, 'iom', 'privacy');
    await screenshot(page, 'home-privacy-en');
    await page.getByRole('link', { name: 'Access log' }).first().click();
    await page.getByLabel('Subject record id', { exact: true }).fill(subjectPath.split('/').pop()!);
    await page.getByLabel('Acting agency', { exact: true }).selectOption('mgcas');
    await page.getByLabel('Resource', { exact: true }).selectOption('ReferredSubject');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForSelector('#access-events');
    const rows = await page.locator('#access-events tbody tr').allTextContents();
    expect(rows.some((r) => r.includes('Allowed') && r.includes('Identity, Location, Protection'))).toBe(true);
    // Another agency's person is named by their agency, not by an id.
    expect(rows.every((r) => r.includes('A person · Ministry of Gender, Children and Social Action'))).toBe(true);
    // The filter is in the address, and it holds a record id, never a name.
    expect(page.url()).not.toMatch(/Amina|Tembe/);
    await screenshot(page, 'access-log-en');
    expect(await page.locator('#access-events tbody a', { hasText: 'Report' }).count()).toBe(rows.length);

    await page.locator('#access-events tbody tr').filter({ hasText: 'Allowed' }).first().getByRole('link', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    await page.waitForSelector('#form-errors');
    await page.getByLabel('Review note', { exact: true }).fill('Read by the assigned MGCAS caseworker under an accepted referral; expected.');
    await screenshot(page, 'access-review-en');
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    await page.waitForURL(/done=reviewed$/);
    expect(await page.locator('main').textContent()).toContain('Review recorded.');
    expect(await page.locator('#access-events tbody tr').count()).toBe(rows.length);

    await page.getByRole('link', { name: 'Flag queue' }).click();
    await screenshot(page, 'access-flags-en');
    await page.getByRole('link', { name: 'Accesses per day' }).click();
    expect(await page.locator('.chart svg').count()).toBe(2);
    expect(await page.locator('.chart svg rect').count()).toBeGreaterThan(2);
    await screenshot(page, 'access-chart-en');
    await page.getByRole('link', { name: 'Data subject report' }).click();
    await page.getByLabel('Subject record id', { exact: true }).fill(subjectPath.split('/').pop()!);
    await page.getByRole('button', { name: 'Produce the report' }).click();
    expect(await page.locator('#subject-report').textContent()).toContain('Ministry of Gender, Children and Social Action');
    await screenshot(page, 'subject-report-en');
    await context.close();
    // Every page of the story ran under the strict policy without a blocked resource or a script error.
    expect(env.pageErrors).toEqual([]);
  });
});
