/** @jsxImportSource hono/jsx */
import { OWN_ACCOUNT_PATHS, registerOwnAccountPages } from './pages/own-account';
import { PROBLEMS, PonteError, type Language } from '@ponte/contracts';
import { authenticate } from '@ponte/core';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { LimitStore } from '../limit-stores';
import { languageOf } from '../problem';
import type { HubApp, HubDeps } from '../types';
import { CONSOLE_CSS, CONSOLE_JS } from './assets';
import { consoleCookies, CSRF_COOKIE, LANGUAGE_COOKIE, secureCookiesFor, SESSION_COOKIE } from './cookies';
import { verbContextFor } from '../verb-context';
import { translator } from './i18n';
import { render, tooMany, type ConsoleContext, type ConsoleDeps, type ConsoleEnv } from './kit';
import { registerAccessLogPages } from './pages/access-log';
import { registerAgencyAdminPages } from './pages/agency-admin';
import { registerConsentPages } from './pages/consents';
import { registerConsentReceiptPages } from './pages/consent-receipts';
import { registerHomePages } from './pages/home';
import { registerHubOperatorPages } from './pages/hub-operator';
import { registerReferralPages } from './pages/referrals';
import { registerSubjectPages } from './pages/subjects';
import { registerSubjectFilePage } from './pages/subject-file';
import { registerDocumentPages } from './pages/documents';
import { registerTransferPages } from './pages/transfers';
import { registerRetentionPages } from './pages/retention';
import { registerErasurePages } from './pages/erasure';
import { randomToken, SessionStore, tokensMatch, type ConsoleSession } from './session';
import { RuleWords } from './ui';

/** No script, style or frame from anywhere else; forms post only here; nobody may frame the console. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

const PUBLIC_PATHS = new Set(['/console/sign-in', '/console/language', '/console/assets/console.css', '/console/assets/console.js', ...OWN_ACCOUNT_PATHS]);

/**
 * The web console: server-rendered pages under `/console` for caseworkers, focal points, privacy
 * officers, admins and the hub operator. Every page calls the same domain verbs as the API, with a
 * context built from the same account check, so the policy and the access log see no difference.
 */
export function registerConsole(app: HubApp, deps: HubDeps & { limits: LimitStore }) {
  const sessions = new SessionStore(deps.db, (deps.consoleIdleMinutes ?? 30) * 60_000, deps.now ?? (() => new Date()));
  const tokens = new Map<string, { value: string; expiresAt: number }>();
  // The same rates as the API: sign-in attempts per address and per account like the token endpoint, pages per person like /v1.
  const signInRate = deps.tokenRateLimitPerMinute ?? 120;
  const limits = { signIn: deps.limits.limiter('console-sign-in-address', signInRate), signInAccount: deps.limits.limiter('console-sign-in-account', signInRate), pages: deps.limits.limiter('console-pages', deps.rateLimitPerMinute ?? 1200, { hot: true }) };
  const cookieOptions = consoleCookies(secureCookiesFor(deps.publicUrl));
  const consoleDeps: ConsoleDeps = { hub: deps, sessions, limits, cookieOptions };
  const router = new Hono<ConsoleEnv>();

  router.use(async (c, next) => {
    await next();
    c.res.headers.set('content-security-policy', CONSOLE_CSP);
    c.res.headers.set('referrer-policy', 'same-origin');
    c.res.headers.set('x-frame-options', 'DENY');
  });

  // `/console/` and `/console/subjects/` are the pages without the slash.
  router.use(async (c, next) => {
    if (c.req.method === 'GET' && c.req.path.length > 1 && c.req.path.endsWith('/')) return c.redirect(c.req.path.replace(/\/+$/, ''), 301);
    await next();
  });

  router.get('/assets/console.css', (c) => c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));
  router.get('/assets/console.js', (c) => c.body(CONSOLE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  // Language: the remembered choice, else the browser's.
  router.use(async (c, next) => {
    const remembered = getCookie(c, LANGUAGE_COOKIE);
    const lang: Language = remembered === 'pt' || remembered === 'en' ? remembered : languageOf(c.req.header('accept-language'));
    c.set('lang', lang);
    c.set('t', translator(lang));
    await next();
  });

  // Session: the principal as the account is now, with the same check the API applies to a token.
  router.use(async (c, next) => {
    const sessionId = getCookie(c, SESSION_COOKIE);
    const { session, expired } = await sessions.touch(sessionId);
    if (session && sessionId) {
      try {
        const principal = await authenticate(deps, await sessionToken(deps, tokens, session));
        const logger = c.get('logger').child({ agencyId: principal.agencyId ?? null, principalKind: principal.kind, principalId: principal.id, surface: 'console' });
        c.set('logger', logger);
        c.set('principal', principal);
        c.set('ctx', verbContextFor(deps, principal, logger, { id: c.get('requestId'), clientId: c.get('clientRequestId') }));
        c.set('session', session);
        c.set('sessionId', sessionId);
        c.set('csrf', session.csrfToken);
        const wait = await limits.pages.take(`${principal.kind}:${principal.id}`);
        if (wait > 0) return tooMany(c, wait);
      } catch (error) {
        if (!(error instanceof PonteError && error.code === 'invalid_token')) throw error;
        await sessions.end(sessionId);
        tokens.delete(session.idHash);
      }
    }
    if (!c.get('session')) {
      // A signed-out visitor's forms (sign-in, language) carry a token matching a cookie of theirs.
      let token = getCookie(c, CSRF_COOKIE);
      if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
        token = randomToken();
        setCookie(c, CSRF_COOKIE, token, cookieOptions());
      }
      c.set('csrf', token);
      if (sessionId) deleteCookie(c, SESSION_COOKIE, cookieOptions());
      if (!PUBLIC_PATHS.has(c.req.path)) {
        // Signing out of a session that already ended has nothing left to do.
        if (c.req.path === '/console/sign-out' && c.req.method === 'POST') return c.redirect('/console/sign-in?ended=out', 303);
        if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return refuseForm(c);
        return c.redirect(expired ? `/console/sign-in?ended=${expired}` : '/console/sign-in', 303);
      }
    }
    await next();
  });

  // Every form carries the CSRF token; a missing or forged one is refused before anything is read.
  router.use(async (c, next) => {
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
      const given = typeof body._csrf === 'string' ? body._csrf : undefined;
      const origin = c.req.header('origin');
      const sameOrigin = origin === undefined || origin === new URL(c.req.url).origin || origin === new URL(deps.publicUrl).origin;
      if (!tokensMatch(c.get('csrf'), given) || !sameOrigin) return refuseForm(c);
    } else if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      return refuseForm(c);
    }
    await next();
  });

  registerHomePages(router, consoleDeps);
  registerOwnAccountPages(router, consoleDeps);
  registerSubjectPages(router, consoleDeps);
  registerSubjectFilePage(router);
  registerDocumentPages(router, consoleDeps);
  registerConsentPages(router, consoleDeps);
  registerConsentReceiptPages(router);
  registerReferralPages(router, consoleDeps);
  registerTransferPages(router, consoleDeps);
  registerRetentionPages(router, consoleDeps);
  registerErasurePages(router, consoleDeps);
  registerAccessLogPages(router, consoleDeps);
  registerAgencyAdminPages(router, consoleDeps);
  registerHubOperatorPages(router, consoleDeps);

  router.notFound((c) => {
    const t = c.get('t');
    return render(c, t('notFoundTitle'), <p>{t('notFoundText')}</p>, 404);
  });

  router.onError((error, c) => {
    const lang = c.get('lang') ?? 'en';
    const t = c.get('t') ?? translator(lang);
    if (error instanceof PonteError && error.status < 500) {
      const status = ([400, 403, 404, 409, 422].includes(error.status) ? error.status : 400) as 400;
      const rule = typeof error.extensions?.rule === 'string' ? error.extensions.rule : undefined;
      return render(
        c,
        PROBLEMS[error.code][lang],
        <>
          <p>{error.detail?.[lang] ?? PROBLEMS[error.code][lang]}</p>
          {error.errors?.length ? (
            <ul>
              {error.errors.map((e) => (
                <li>{e.message[lang]}</li>
              ))}
            </ul>
          ) : null}
          {rule ? (
            <p class="muted">
              {t('ruleDenied')}: <RuleWords rule={rule} lang={lang} />
            </p>
          ) : null}
          <p>
            <a href="/console">{t('home')}</a>
          </p>
        </>,
        status,
      );
    }
    c.get('logger')?.error({ err: error }, 'console error');
    return render(
      c,
      t('errorTitle'),
      <p>
        {t('errorText')} <code>{c.get('requestId')}</code>
      </p>,
      500,
    );
  });

  app.route('/console', router as never);
}

function refuseForm(c: ConsoleContext) {
  const t = c.get('t');
  return render(c, t('forbiddenTitle'), <p>{t('csrfRefused')}</p>, 403);
}

/**
 * The session's access token: the console checks it on every page exactly as the API checks a
 * bearer token (signature, then the account as it is now), and issues a fresh one before it expires.
 * Kept in this process only; another process issues its own.
 */
async function sessionToken(deps: HubDeps, tokens: Map<string, { value: string; expiresAt: number }>, session: ConsoleSession): Promise<string> {
  const now = Date.now();
  const held = tokens.get(session.idHash);
  if (held && held.expiresAt - now > 60_000) return held.value;
  if (tokens.size > 10_000) tokens.clear();
  const token = { value: await deps.tokens.issue(session.claims), expiresAt: now + deps.tokens.ttlSeconds * 1000 };
  tokens.set(session.idHash, token);
  return token.value;
}
