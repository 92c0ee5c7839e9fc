import { createHash } from 'node:crypto';
import { createApp } from '@ponte/hub/app';
import { createLogger } from '@ponte/hub/logger';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import { createTestHub, ISSUER, type TestHub } from '../support/hub';

/** The console's protections through plain requests: what a browser would send, and what a forger would. */
let hub: TestHub;
let clock = new Date();
beforeAll(async () => {
  hub = await createTestHub({ now: () => clock });
});
afterAll(async () => hub?.close());

const form = (values: Record<string, string>) => new URLSearchParams(values).toString();
const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];
const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

async function signedIn(agency = 'iom', username = 'caseworker') {
  const page = await hub.app.request('/console/sign-in');
  const pre = cookieOf(page, 'ponte_csrf')!;
  const res = await hub.app.request('/console/sign-in', {
    method: 'POST',
    headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ _csrf: csrfIn(await page.text())!, agency, username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(303);
  const session = cookieOf(res, 'ponte_session')!;
  const home = await hub.app.request('/console', { headers: { cookie: session } });
  return { session, csrf: csrfIn(await home.text())!, home };
}

describe('console security', () => {
  it('serves pages with a strict Content-Security-Policy and no inline script', async () => {
    const res = await hub.app.request('/console/sign-in');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, Secure outside localhost', async () => {
    const page = await hub.app.request('http://console.example.org/console/sign-in');
    const pre = cookieOf(page, 'ponte_csrf')!;
    const res = await hub.app.request('http://console.example.org/console/sign-in', {
      method: 'POST',
      headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ _csrf: csrfIn(await page.text())!, agency: 'iom', username: 'caseworker', password: DEMO_PASSWORD }),
    });
    const remote = res.headers.getSetCookie().find((c) => c.startsWith('ponte_session='))!;
    expect(remote).toMatch(/HttpOnly/);
    expect(remote).toMatch(/SameSite=Lax/);
    expect(remote).toMatch(/Secure/);
    const local = await hub.app.request('/console/sign-in');
    expect(local.headers.getSetCookie().join()).not.toMatch(/Secure/);
  });

  it('refuses a form with a missing or forged CSRF token, and writes nothing', async () => {
    const { session, csrf } = await signedIn();
    const before = await hub.database.db.selectFrom('subjects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const body = { 'identity.givenName': 'Forged', 'identity.familyName': 'Request', 'identity.sex': 'female', 'identity.estimatedAge': '30', 'identity.languages': 'pt' };
    const missing = await hub.app.request('/console/subjects/new', { method: 'POST', headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' }, body: form(body) });
    expect(missing.status).toBe(403);
    const forged = await hub.app.request('/console/subjects/new', {
      method: 'POST',
      headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ ...body, _csrf: `${csrf.slice(0, -2)}xx` }),
    });
    expect(forged.status).toBe(403);
    const otherSite = await hub.app.request('/console/subjects/new', {
      method: 'POST',
      headers: { cookie: session, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ ...body, _csrf: csrf }),
    });
    expect(otherSite.status).toBe(403);
    const after = await hub.database.db.selectFrom('subjects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // Sign-in is a form too: a token from someone else's cookie does not sign anyone in.
    const signIn = await hub.app.request('/console/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ _csrf: csrf, agency: 'iom', username: 'caseworker', password: DEMO_PASSWORD }),
    });
    expect(signIn.status).toBe(403);
    expect(signIn.headers.getSetCookie().join()).not.toContain('ponte_session=');
  });

  it('refuses a wrong password with the same message as an unknown account, in the chosen language', async () => {
    const page = await hub.app.request('/console/sign-in', { headers: { cookie: 'ponte_lang=pt' } });
    const pre = cookieOf(page, 'ponte_csrf')!;
    const csrf = csrfIn(await page.text())!;
    const attempt = (username: string) =>
      hub.app.request('/console/sign-in', {
        method: 'POST',
        headers: { cookie: `${pre}; ponte_lang=pt`, 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ _csrf: csrf, agency: 'iom', username, password: 'not-the-password' }),
      });
    const wrong = await attempt('caseworker');
    const unknown = await attempt('nobody-here');
    expect(wrong.status).toBe(400);
    const text = await wrong.text();
    expect(text).toContain('palavra-passe errados');
    expect(text).toContain('value="caseworker"');
    expect(text).not.toContain('not-the-password');
    const withoutTokens = (html: string) => html.replace(/value="[A-Za-z0-9_-]{43}"/g, '');
    expect(withoutTokens((await unknown.text()).replace('nobody-here', 'caseworker'))).toBe(withoutTokens(text));
  });

  it('answers an address with a trailing slash by the page without it', async () => {
    const res = await hub.app.request('/console/subjects/');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/console/subjects');
    expect((await hub.app.request('/console/')).headers.get('location')).toBe('/console');
  });

  it('ends a session after the idle timeout, and at sign-out', async () => {
    const { session } = await signedIn();
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect((await hub.app.request('/console', { headers: { cookie: session } })).status).toBe(200);
    clock = new Date(clock.getTime() + 31 * 60_000);
    const idle = await hub.app.request('/console', { headers: { cookie: session } });
    expect(idle.status).toBe(303);
    expect(idle.headers.get('location')).toBe('/console/sign-in?ended=idle');
    expect((await hub.app.request('/console', { headers: { cookie: session } })).status).toBe(303);

    const second = await signedIn();
    const out = await hub.app.request('/console/sign-out', {
      method: 'POST',
      headers: { cookie: second.session, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ _csrf: second.csrf }),
    });
    expect(out.status).toBe(303);
    expect((await hub.app.request('/console', { headers: { cookie: second.session } })).status).toBe(303);
    // Signing out again (another tab, a session already gone) just lands on the sign-in page.
    const again = await hub.app.request('/console/sign-out', {
      method: 'POST',
      headers: { cookie: second.session, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ _csrf: second.csrf }),
    });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/console/sign-in?ended=out');
  });

  it('stops a session at once when the account is disabled', async () => {
    const { session } = await signedIn('iom', 'caseworker2');
    await hub.database.db.updateTable('users').set({ status: 'disabled' }).where('username', '=', 'caseworker2').execute();
    const res = await hub.app.request('/console', { headers: { cookie: session } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/console\/sign-in/);
  });
});

describe('console rate limits', () => {
  let limited: TestHub;
  beforeAll(async () => {
    limited = await createTestHub({ tokenRateLimitPerMinute: 3 });
  });
  afterAll(async () => limited?.close());

  it('slows password guessing on the sign-in page as the token endpoint does: 429 with Retry-After', async () => {
    const page = await limited.app.request('/console/sign-in');
    const pre = cookieOf(page, 'ponte_csrf')!;
    const csrf = csrfIn(await page.text())!;
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await limited.app.request('/console/sign-in', {
        method: 'POST',
        headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ _csrf: csrf, agency: 'iom', username: 'caseworker', password: `guess-number-${i}` }),
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('console sessions in the database', () => {
  it('keeps only a hash of the session id, and any hub process built on the database serves the session', async () => {
    const { session } = await signedIn('iom', 'supervisor');
    const id = session.split('=')[1]!;
    const { rows } = await sql<{ id_hash: string; claims: unknown }>`select id_hash, claims from console_sessions`.execute(hub.database.db);
    expect(rows.map((r) => r.id_hash)).toContain(createHash('sha256').update(id).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(id);

    const secondProcess = createApp({ db: hub.database.db, storageKind: hub.database.kind, tokens: hub.tokens, logger: createLogger('silent'), bodyLimitBytes: 65_536, publicUrl: ISSUER });
    const page = await secondProcess.request('/console', { headers: { cookie: session } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Case supervisor');
  });
});
