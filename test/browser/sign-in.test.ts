import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn, startBrowserHub, type BrowserHub } from './browser';

let env: BrowserHub;
beforeAll(async () => {
  env = await startBrowserHub();
});
afterAll(async () => env?.close());

describe('console sign-in', () => {
  it('signs a caseworker in, shows the home page of the role, switches language and remembers it, and signs out', async () => {
    const { page, context } = await env.person('en');
    await page.goto('/console');
    expect(page.url()).toMatch(/\/console\/sign-in$/);
    await screenshot(page, 'sign-in-en');
    await signIn(page, 'iom', 'caseworker');
    expect(await page.getByRole('navigation').textContent()).toContain('My subjects');
    await screenshot(page, 'home-caseworker-en');

    await page.getByRole('button', { name: 'Português' }).click();
    await page.waitForSelector('html[lang=pt]');
    await page.goto('/console');
    expect(await page.getByRole('navigation').textContent()).toContain('Os meus titulares');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'ponte_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');

    await page.getByRole('button', { name: 'Sair' }).click();
    await page.waitForURL(/\/console\/sign-in\?ended=out$/);
    await page.goto('/console');
    expect(page.url()).toMatch(/\/console\/sign-in$/);
    await context.close();
  });
});
