import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyPostgres, ponteCli, totpNow, type EmptyEngine } from '../support/empty-hub';
import { buildHub, HubProcess } from '../support/hub-process';
import { freePort } from '../support/private-postgres';
import { CHROMIUM, screenshot } from './browser';

/**
 * The network put into service through the console, in Chromium, from an empty PostgreSQL database
 * and `ponte init` (no demo): the operator sets a password and creates an agency and its
 * administrator, who activates, enrols a second factor, and adds a caseworker, who records a consent.
 * The hub runs as its own process, as deployed (it neither migrates nor seeds).
 */
let engine: EmptyEngine;
let hub: HubProcess;
let browser: Browser;

beforeAll(async () => {
  engine = await emptyPostgres();
  const init = await ponteCli(['init', '--username', 'hubops'], engine.env);
  expect(init.code, init.stderr).toBe(0);
  operatorCode = init.stdout.trim();
  hub = new HubProcess(await buildHub('into-service-browser'), { PORT: String(await freePort()), HOST: '127.0.0.1', PONTE_WORKER: 'off', LOG_LEVEL: 'warn', ...engine.env });
  await hub.start();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await hub?.kill();
  await engine?.dispose();
});
let operatorCode = '';

async function person(): Promise<Page> {
  const context = await browser.newContext({ baseURL: hub.url, locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

async function activate(page: Page, account: { agency?: string; username: string; code: string; password: string }) {
  await page.goto('/console/sign-in');
  await page.getByRole('link', { name: 'Set your password' }).click();
  if (account.agency) await page.getByLabel('Agency', { exact: true }).fill(account.agency);
  await page.getByLabel('Username', { exact: true }).fill(account.username);
  await page.getByLabel('One-time code', { exact: true }).fill(account.code);
  await page.getByLabel(/^New password/).fill(account.password);
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForURL(/ended=activated$/);
}

async function signIn(page: Page, account: { agency?: string; username: string; password: string; otp?: string }) {
  await page.goto('/console/sign-in');
  if (account.agency) await page.getByLabel('Agency', { exact: true }).fill(account.agency);
  await page.getByLabel('Username', { exact: true }).fill(account.username);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  if (account.otp) await page.getByLabel('Code from your authenticator app', { exact: true }).fill(account.otp);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in, is told to enrol a second factor, follows the link, enrols it; the recovery codes shown. */
async function enrol(page: Page, account: { agency?: string; username: string; password: string }): Promise<string[]> {
  await signIn(page, account);
  await page.getByRole('link', { name: 'Enrol a second factor' }).first().click();
  expect(await page.getByLabel('Username', { exact: true }).inputValue()).toBe(account.username);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Begin' }).click();
  expect(await page.locator('#second-factor-secret svg').count()).toBe(1);
  const secret = (await page.locator('#second-factor-secret dd code').textContent())!.trim();
  await screenshot(page, 'second-factor-enrol-en');
  await page.getByLabel('Code from your authenticator app', { exact: true }).fill(totpNow(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  return page.locator('#recovery-codes code').allTextContents();
}

const issuedCode = async (page: Page) => (await page.locator('#issued-code dd code').nth(1).textContent())!.trim();

describe('a network put into service through the console', () => {
  it('operator, agency, administrator with a second factor, caseworker, consent', async () => {
    const operator = await person();
    const operatorAccount = { username: 'hubops', password: 'correct horse battery staple' };
    await activate(operator, { ...operatorAccount, code: operatorCode });
    // Deployed, the hub operator too signs in with a second factor.
    const operatorRecovery = await enrol(operator, operatorAccount);
    await signIn(operator, { ...operatorAccount, otp: operatorRecovery[0]! });
    await operator.waitForURL(/\/console$/);
    await operator.getByRole('link', { name: 'Agencies' }).first().click();
    await operator.getByLabel('Short name (slug)', { exact: true }).fill('linha-fala');
    await operator.getByLabel('Name in English', { exact: true }).fill('Helpline (fictional)');
    await operator.getByLabel('Name in Portuguese', { exact: true }).fill('Linha (fictícia)');
    await operator.getByRole('button', { name: 'Add an agency' }).click();
    await operator.waitForURL(/done=saved$/);
    await operator.getByRole('link', { name: 'Add the agency’s administrator' }).click();
    await operator.getByLabel('Username', { exact: true }).fill('boss');
    await operator.getByLabel('Display name', { exact: true }).fill('Ana Administradora');
    await operator.getByRole('button', { name: 'Add the agency’s administrator' }).click();
    const adminCode = await issuedCode(operator);
    expect(adminCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    await screenshot(operator, 'operator-administrator-code-en');

    // The administrator activates, is told to enrol a second factor, enrols it, and signs in with a recovery code.
    const admin = await person();
    const adminAccount = { agency: 'linha-fala', username: 'boss', password: 'a passphrase of her own' };
    await activate(admin, { ...adminAccount, code: adminCode });
    const recovery = await enrol(admin, adminAccount);
    expect(recovery).toHaveLength(10);
    await signIn(admin, adminAccount);
    expect(await admin.locator('#f-otp-error').textContent()).toContain('Enter the code');
    await signIn(admin, { ...adminAccount, otp: recovery[0]! });
    await admin.waitForURL(/\/console$/);

    // The administrator adds a caseworker without a password: a one-time code, shown once.
    await admin.getByRole('link', { name: 'Users' }).first().click();
    await admin.getByLabel('Username', { exact: true }).fill('helena');
    await admin.getByLabel('Display name', { exact: true }).fill('Helena');
    await admin.getByRole('group', { name: 'Roles' }).getByLabel('Caseworker', { exact: true }).check();
    await admin.getByRole('group', { name: 'Roles' }).getByLabel('Intake focal point', { exact: true }).check();
    await admin.getByRole('button', { name: 'Add a user' }).click();
    const caseworkerCode = await issuedCode(admin);
    expect(await admin.locator('tbody').textContent()).toContain('waiting for activation');

    // The caseworker activates, signs in (no second factor for her role), registers a person and records a consent.
    const caseworker = await person();
    const caseworkerAccount = { agency: 'linha-fala', username: 'helena', password: 'river stones at dusk' };
    await activate(caseworker, { ...caseworkerAccount, code: caseworkerCode });
    await signIn(caseworker, caseworkerAccount);
    await caseworker.waitForURL(/\/console$/);
    await caseworker.getByRole('link', { name: 'My subjects' }).first().click();
    await caseworker.getByRole('link', { name: 'Register a person' }).click();
    await caseworker.getByLabel('Given name', { exact: true }).fill('Teste');
    await caseworker.getByLabel('Family name', { exact: true }).fill('Pessoa');
    await caseworker.getByLabel('Date of birth', { exact: true }).fill('1990-02-03');
    await caseworker.getByLabel('Sex', { exact: true }).selectOption('female');
    await caseworker.getByLabel(/^Languages spoken/).fill('pt');
    await caseworker.getByRole('button', { name: 'Register a person' }).click();
    await caseworker.waitForURL(/\/console\/subjects\/[0-9a-f-]{36}$/);
    await caseworker.getByRole('link', { name: 'Record consent' }).click();
    await caseworker.getByLabel('The person', { exact: true }).check();
    await caseworker.getByLabel('Protection assistance', { exact: true }).check();
    await caseworker.getByRole('group', { name: 'Categories of data' }).getByLabel('Identity', { exact: true }).check();
    await caseworker.getByLabel('Valid until', { exact: true }).fill('2027-12-31');
    await caseworker.getByRole('button', { name: 'Record consent' }).click();
    await caseworker.waitForURL(/\/console\/consents\/[0-9a-f-]{36}\/receipt$/);
    expect(await caseworker.locator('.qr svg').count()).toBe(1);
    await screenshot(caseworker, 'into-service-consent-receipt-en');
  }, 180_000);
});
