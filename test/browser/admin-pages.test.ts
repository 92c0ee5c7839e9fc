import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn, startBrowserHub, type BrowserHub } from './browser';

/** The agency administrator's and the hub operator's pages. */
let env: BrowserHub;
beforeAll(async () => {
  env = await startBrowserHub();
});
afterAll(async () => env?.close());

describe('administration pages', () => {
  it('an agency admin adds a user (a refused form says why in Portuguese and writes nothing), issues an API client whose secret is shown once, and sees webhooks', async () => {
    const { page, context } = await env.person('pt');
    // The browser asks for Portuguese, and the console answers in it before anyone chooses.
    await signIn(page, 'iom', 'admin');
    await page.waitForSelector('html[lang=pt]');
    await page.getByRole('link', { name: 'Utilizadores' }).first().click();
    const before = await page.locator('tbody tr').count();
    await page.getByLabel('Nome de utilizador', { exact: true }).fill('ana.machava');
    await page.getByLabel('Nome a mostrar', { exact: true }).fill('Ana Machava');
    await page.getByLabel(/^Palavra-passe inicial/).fill('short');
    await page.getByRole('button', { name: 'Adicionar utilizador' }).click();
    await page.waitForSelector('#form-errors');
    expect(await page.locator('#f-password-error').textContent()).toMatch(/12/);
    expect(await page.locator('#f-roles-error').count()).toBe(1);
    expect(await page.getByLabel('Nome de utilizador', { exact: true }).inputValue()).toBe('ana.machava');
    expect(await page.getByLabel(/^Palavra-passe inicial/).inputValue()).toBe('');
    expect(await page.locator('tbody tr').count()).toBe(before);
    await screenshot(page, 'admin-users-refused-pt');

    await page.getByLabel(/^Palavra-passe inicial/).fill('a-long-enough-password');
    await page.getByRole('group', { name: 'Funções' }).getByLabel('Técnico/a de casos', { exact: true }).check();
    await page.getByRole('button', { name: 'Adicionar utilizador' }).click();
    await page.waitForURL(/done=saved$/);
    expect(await page.locator('tbody tr').count()).toBe(before + 1);
    expect(await page.locator('tbody').textContent()).toContain('ana.machava');
    await screenshot(page, 'admin-users-pt');

    await page.getByRole('link', { name: 'Clientes da API' }).first().click();
    await page.getByLabel('Nome do sistema', { exact: true }).fill('Case management system');
    await page.getByRole('group', { name: 'Funções' }).getByLabel('Técnico/a de casos', { exact: true }).check();
    await page.getByRole('button', { name: 'Adicionar cliente da API' }).click();
    const secret = (await page.locator('#issued-secret dd code').nth(1).textContent())!;
    expect(secret.length).toBeGreaterThan(20);
    await screenshot(page, 'admin-api-client-secret-pt');
    await page.goto('/console/admin/api-clients');
    expect(await page.locator('#issued-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('link', { name: 'Webhooks' }).first().click();
    await screenshot(page, 'admin-webhooks-pt');
    await context.close();
  });

  it('the hub operator sees agencies, services and agreements, and never case pages', async () => {
    const { page, context } = await env.person('en');
    await signIn(page, undefined, 'operator');
    expect(await page.locator('.figures').textContent()).toMatch(/8\s*agencies in the network/);
    await screenshot(page, 'home-operator-en');
    expect(await page.getByRole('navigation').textContent()).not.toContain('My subjects');
    await page.getByRole('link', { name: 'Agencies' }).first().click();
    expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'operator-agencies-en');
    await page.getByRole('link', { name: 'Services offered' }).first().click();
    await screenshot(page, 'operator-services-en');
    await page.getByRole('link', { name: 'Agreements' }).first().click();
    await screenshot(page, 'operator-agreements-en');
    // Case data is the policy's to refuse, whatever the address typed.
    const response = await page.goto('/console/subjects');
    expect(response!.status()).toBe(403);
    await context.close();
  });
});
