import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/constants';
import { createTestHub, type TestHub, type TestHubOptions } from '../support/hub';

/** Debian's Chromium; `.ci/run` installs it when it is missing. */
export const CHROMIUM = process.env.PONTE_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');

export interface BrowserHub {
  hub: TestHub;
  /** The hub's address, e.g. http://127.0.0.1:41234 */
  url: string;
  browser: Browser;
  /** What the pages reported as errors (a blocked script or style would show here, as a CSP violation). */
  pageErrors: string[];
  /** A new browser context (its own cookies) with one page, for one person. */
  person(lang?: 'en' | 'pt'): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * The hub on a free port of the loopback interface, over this file's own database, and one
 * headless Chromium for the whole file (two cores: one browser per file, reused).
 */
export async function startBrowserHub(options: TestHubOptions = {}): Promise<BrowserHub> {
  const hub = await createTestHub(options);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: hub.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const pageErrors: string[] = [];
  return {
    hub,
    url,
    browser,
    pageErrors,
    async person(lang = 'en') {
      const context = await browser.newContext({ baseURL: url, locale: lang === 'pt' ? 'pt-MZ' : 'en-GB', viewport: { width: 1280, height: 800 } });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      page.on('console', (message) => {
        // A refused form answers 403, which the browser reports as a failed resource load.
        if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) pageErrors.push(message.text());
      });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return { context, page };
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await hub.close();
    },
  };
}

/** Signs a demo person in through the sign-in page (hub operators leave the agency empty). */
export async function signIn(page: Page, agency: string | undefined, username: string) {
  await page.goto('/console/sign-in');
  if (agency) await page.getByLabel(/^(Agency|Agência)$/).fill(agency);
  await page.getByLabel(/^(Username|Nome de utilizador)$/).fill(username);
  await page.getByLabel(/^(Password|Palavra-passe)$/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^(Sign in|Entrar)$/ }).click();
  await page.waitForURL(/\/console$/);
}

/** A full-page screenshot, written as a test artifact. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
