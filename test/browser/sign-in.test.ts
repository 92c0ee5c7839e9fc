import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import { screenshot, signIn, startBrowserHub, type BrowserHub } from './browser';

let env: BrowserHub;
beforeAll(async () => {
  env = await startBrowserHub();
});
afterAll(async () => env?.close());

describe('console sign-in, sessions and the frame of every page', () => {
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

  it('refuses a form whose CSRF token was tampered with, and writes nothing', async () => {
    const { page, context } = await env.person('en');
    await signIn(page, 'iom', 'caseworker2');
    await page.goto('/console/subjects/new');
    await page.getByLabel('Given name', { exact: true }).fill('Forged');
    await page.getByLabel('Family name', { exact: true }).fill('Form');
    await page.getByLabel('Sex', { exact: true }).selectOption('male');
    await page.getByLabel(/^Estimated age/).fill('30');
    await page.getByLabel(/^Languages spoken/).fill('pt');
    // What a page from elsewhere could post: the form without this session's token.
    await page.evaluate(`document.querySelector('main form input[name=_csrf]').value = 'forged-token'`);
    expect(await page.locator('main form input[name=_csrf]').inputValue()).toBe('forged-token');
    const refused = page.waitForResponse((r) => r.url().endsWith('/console/subjects/new') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Register a person' }).click();
    expect((await refused).status()).toBe(403);
    expect(await page.locator('main').textContent()).toContain('The form could not be accepted');
    await screenshot(page, 'csrf-refused-en');
    await page.goto('/console/subjects');
    expect(await page.locator('main').textContent()).toContain('No subjects yet.');
    await screenshot(page, 'subjects-empty-en');
    await context.close();
  });

  it('is usable on a phone: no sideways scrolling, every field labelled, and the skip link first in the tab order', async () => {
    const context = await env.browser.newContext({ baseURL: env.url, viewport: { width: 375, height: 740 }, locale: 'pt-MZ', isMobile: true, hasTouch: true });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signIn(page, 'iom', 'caseworker');
    for (const path of ['/console', '/console/subjects/new', '/console/referrals/new?service=shelter&province=MZ-G']) {
      await page.goto(path);
      // Evaluated in the page (as text: this file is compiled without the DOM's types).
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, path).toBeLessThanOrEqual(0);
      const unlabelled = await page.evaluate<number>(
        `[...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((el) => !el.closest('label') && !(el.id && document.querySelector('label[for="' + el.id + '"]'))).length`,
      );
      expect(unlabelled, path).toBe(0);
    }
    await screenshot(page, 'referral-new-phone-pt');
    await page.goto('/console');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.className')).toBe('skip');
    await screenshot(page, 'home-caseworker-phone-pt');
    await context.close();
  });

  it('signs in with the keyboard alone', async () => {
    const { page, context } = await env.person('en');
    await page.goto('/console/sign-in');
    // Skip link, the console's name, the language switch, then the form's fields in reading order.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('f-agency');
    await page.keyboard.type('unicef');
    await page.keyboard.press('Tab');
    await page.keyboard.type('focal-point');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console$/);
    expect(await page.locator('h1').textContent()).toBe('Welcome, Intake focal point');
    await context.close();
  });

  it('shows a page that does not exist as such, in the chosen language', async () => {
    const { page, context } = await env.person('pt');
    await signIn(page, 'iom', 'focal-point');
    await screenshot(page, 'home-focal-point-pt');
    const response = await page.goto('/console/no-such-page');
    expect(response!.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Não encontrado');
    const missing = await page.goto('/console/referrals/00000000-0000-4000-8000-000000000000');
    expect(missing!.status()).toBe(404);
    await screenshot(page, 'not-found-pt');
    await context.close();
  });
});
