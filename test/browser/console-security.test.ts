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

  it('sets the session cookie HttpOnly and SameSite=Lax, Secure by the public address, whatever Host the request names', async () => {
    const hubAt = (publicUrl: string) => createApp({ db: hub.database.db, storageKind: hub.database.kind, ping: hub.database.ping, tokens: hub.tokens, logger: createLogger('silent'), bodyLimitBytes: 65_536, publicUrl });
    const sessionCookie = async (app: ReturnType<typeof createApp>, url: string) => {
      const page = await app.request(`${url}/console/sign-in`);
      const pre = cookieOf(page, 'ponte_csrf')!;
      const res = await app.request(`${url}/console/sign-in`, {
        method: 'POST',
        headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ _csrf: csrfIn(await page.text())!, agency: 'iom', username: 'caseworker', password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(303);
      return { csrf: page.headers.getSetCookie().join(), session: res.headers.getSetCookie().find((c) => c.startsWith('ponte_session='))! };
    };
    // Behind TLS the hub's cookies are Secure even when the request reaches it as plain http://localhost (a proxy's hop).
    const public_ = await sessionCookie(hubAt('https://ponte.example.org'), 'http://localhost');
    expect(public_.session).toMatch(/HttpOnly/);
    expect(public_.session).toMatch(/SameSite=Lax/);
    expect(public_.session).toMatch(/Secure/);
    expect(public_.csrf).toMatch(/Secure/);
    // A hub on the machine itself over plain HTTP: no Secure, even when a request names another host.
    const local = await sessionCookie(hubAt('http://127.0.0.1:8080'), 'http://console.example.org');
    expect(local.session).not.toMatch(/Secure/);
    expect(local.csrf).not.toMatch(/Secure/);
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

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const { session } = await signedIn('iom', 'focal-point');
    const startedAt = clock.getTime();
    // A page every 25 minutes keeps it from idling; it still ends once 12 hours have passed.
    while (clock.getTime() - startedAt < 12 * 60 * 60_000 - 25 * 60_000) {
      clock = new Date(clock.getTime() + 25 * 60_000);
      expect((await hub.app.request('/console', { headers: { cookie: session } })).status).toBe(200);
    }
    clock = new Date(startedAt + 12 * 60 * 60_000 + 60_000);
    const ended = await hub.app.request('/console', { headers: { cookie: session } });
    expect(ended.status).toBe(303);
    expect(ended.headers.get('location')).toBe('/console/sign-in?ended=lifetime');
    expect((await hub.app.request('/console', { headers: { cookie: session } })).status).toBe(303);
    const page = await hub.app.request('/console/sign-in?ended=lifetime', { headers: { cookie: 'ponte_lang=pt' } });
    expect(await page.text()).toContain('uma sessão dura no máximo 12 horas');
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

  /** A request as it arrives on a socket from `address` (what @hono/node-server hands the app). */
  const fromAddress = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 40_000, remoteFamily: address.includes(':') ? 'IPv6' : 'IPv4' } } });
  const signInAttempts = async (app: TestHub['app'], attempts: Array<{ username: string; address?: string; forwardedFor?: string }>) => {
    const page = await app.request('/console/sign-in');
    const pre = cookieOf(page, 'ponte_csrf')!;
    const csrf = csrfIn(await page.text())!;
    const statuses: number[] = [];
    for (const { username, address, forwardedFor } of attempts) {
      const init = {
        method: 'POST',
        headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
        body: form({ _csrf: csrf, agency: 'iom', username, password: 'a-wrong-guess-000' }),
      };
      const res = address ? await app.request('/console/sign-in', init, fromAddress(address)) : await app.request('/console/sign-in', init);
      statuses.push(res.status);
    }
    return statuses;
  };

  it('counts sign-in attempts by the socket address: a forged X-Forwarded-For does not start a fresh count', async () => {
    const attempts = [0, 1, 2, 3, 4].map((i) => ({ username: `spoof-${i}`, address: '203.0.113.7', forwardedFor: `198.51.100.${i}` }));
    expect(await signInAttempts(limited.app, attempts)).toEqual([400, 400, 400, 429, 429]);
    // Another address has its own count.
    expect(await signInAttempts(limited.app, [{ username: 'spoof-5', address: '203.0.113.8' }])).toEqual([400]);
  });

  it('limits the attempts at one account from many addresses', async () => {
    const attempts = [0, 1, 2, 3, 4].map((i) => ({ username: 'Supervisor', address: `192.0.2.${10 + i}` }));
    expect(await signInAttempts(limited.app, attempts)).toEqual([400, 400, 400, 429, 429]);
    // The token endpoint's password grant too, form or JSON, whatever the case of the name.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const init =
        i % 2 === 0
          ? { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ grant_type: 'password', agency: 'iom', username: 'focal-point', password: 'a-wrong-guess-000' }) }
          : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'password', agency: 'IOM', username: 'Focal-Point', password: 'a-wrong-guess-000' }) };
      statuses.push((await limited.app.request('/oauth/token', init, fromAddress(`192.0.2.${30 + i}`))).status);
    }
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
  });

  it('believes X-Forwarded-For only from a trusted proxy, and then its right-most hop the proxy did not write', async () => {
    const app = createApp({
      db: limited.database.db,
      storageKind: limited.database.kind,
      ping: limited.database.ping,
      tokens: limited.tokens,
      logger: createLogger('silent'),
      bodyLimitBytes: 65_536,
      publicUrl: ISSUER,
      tokenRateLimitPerMinute: 3,
      trustedProxies: ['10.0.0.2'],
    });
    // Through the proxy, two clients are two counts; what a client prepends to the header changes nothing.
    const client = [0, 1, 2, 3].map((i) => ({ username: `proxied-${i}`, address: '::ffff:10.0.0.2', forwardedFor: `172.16.0.${i}, 198.51.100.20` }));
    expect(await signInAttempts(app, client)).toEqual([400, 400, 400, 429]);
    expect(await signInAttempts(app, [{ username: 'proxied-9', address: '10.0.0.2', forwardedFor: '198.51.100.21' }])).toEqual([400]);
    // A peer that is not the proxy is counted by its own address, whatever it forwards.
    const direct = [0, 1, 2, 3].map((i) => ({ username: `direct-${i}`, address: '203.0.113.50', forwardedFor: `198.51.100.${100 + i}` }));
    expect(await signInAttempts(app, direct)).toEqual([400, 400, 400, 429]);
  });
});

describe('console sessions in the database', () => {
  it('keeps only a hash of the session id, and any hub process built on the database serves the session', async () => {
    const { session } = await signedIn('iom', 'supervisor');
    const id = session.split('=')[1]!;
    const { rows } = await sql<{ id_hash: string; claims: unknown }>`select id_hash, claims from console_sessions`.execute(hub.database.db);
    expect(rows.map((r) => r.id_hash)).toContain(createHash('sha256').update(id).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(id);

    const secondProcess = createApp({ db: hub.database.db, storageKind: hub.database.kind, ping: hub.database.ping, tokens: hub.tokens, logger: createLogger('silent'), bodyLimitBytes: 65_536, publicUrl: ISSUER });
    const page = await secondProcess.request('/console', { headers: { cookie: session } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Case supervisor');
  });
});
