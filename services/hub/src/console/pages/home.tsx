/** @jsxImportSource hono/jsx */
import { PonteError, TokenRequest } from '@ponte/contracts';
import { authenticate, issueToken } from '@ponte/core';
import { deleteCookie, setCookie } from 'hono/cookie';
import { cookieOptions, LANGUAGE_COOKIE, SESSION_COOKIE } from '../cookies';
import { navigationFor, rolesText } from '../layout';
import { principalOf, readForm, render, text, tooMany, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { Csrf, emptyForm, FormErrors, Notice, TextField, type FormState } from '../ui';

export function registerHomePages(router: ConsoleRouter, { hub, sessions, limits }: ConsoleDeps) {
  router.get('/sign-in', (c) => {
    if (c.get('session')) return c.redirect('/console', 303);
    const ended = c.req.query('ended');
    return signInPage(c, emptyForm(), ended === 'idle' ? 'sessionEnded' : ended === 'out' ? 'signedOut' : undefined);
  });

  // The same password check and account lookup as the token endpoint: the console signs in through it.
  router.post('/sign-in', async (c) => {
    const address = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'direct';
    const wait = limits.signIn.take(`console-sign-in:${address}`);
    if (wait > 0) return tooMany(c, wait);
    const values = await readForm(c);
    const form: FormState = { values: { agency: values.agency ?? '', username: values.username ?? '' }, errors: {} };
    const t = c.get('t');
    const input = TokenRequest.safeParse({ grant_type: 'password', agency: text(values, 'agency'), username: text(values, 'username') ?? '', password: typeof values.password === 'string' ? values.password : '' });
    if (!input.success) return signInPage(c, { ...form, errors: { username: t('wrongCredentials') } }, undefined, 400);
    let principal;
    try {
      const { access_token } = await issueToken({
        // The token is verified at once against the wall clock, so it is issued by the wall clock.
        ctx: { db: hub.db, tokens: hub.tokens, logger: c.get('logger'), requestId: c.get('requestId'), now: () => new Date() },
        input: input.data,
      });
      principal = await authenticate(hub, access_token);
    } catch (error) {
      if (error instanceof PonteError && (error.code === 'invalid_grant' || error.code === 'invalid_token'))
        return signInPage(c, { ...form, errors: { username: t('wrongCredentials') } }, undefined, 400);
      throw error;
    }
    // A new session id at every sign-in: an id planted before cannot be ridden after it.
    await sessions.end(c.get('sessionId'));
    const { id } = await sessions.create({ kind: principal.kind, sub: principal.id, agencyId: principal.agencyId, roles: [...principal.roles] });
    setCookie(c, SESSION_COOKIE, id, cookieOptions(c));
    c.get('logger').info({ event: 'console.signed_in', principalKind: principal.kind, principalId: principal.id }, 'console sign-in');
    return c.redirect('/console', 303);
  });

  router.post('/sign-out', async (c) => {
    await sessions.end(c.get('sessionId'));
    deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
    return c.redirect('/console/sign-in?ended=out', 303);
  });

  router.post('/language', async (c) => {
    const values = await readForm(c);
    const lang = values.lang === 'pt' ? 'pt' : 'en';
    setCookie(c, LANGUAGE_COOKIE, lang, cookieOptions(c, { httpOnly: true, maxAge: 365 * 86_400 }));
    const back = typeof values.back === 'string' && /^\/console(\/[A-Za-z0-9/_-]*)?$/.test(values.back) ? values.back : '/console';
    return c.redirect(back, 303);
  });

  router.get('/', (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const principal = principalOf(c);
    const links = navigationFor(principal).slice(1);
    return render(
      c,
      `${t('welcome')}, ${principal.displayName}`,
      <>
        <div class="card">
          <dl class="facts">
            <dt>{t('agency')}</dt>
            <dd>{principal.agencySlug ?? '—'}</dd>
            <dt>{t('yourRoles')}</dt>
            <dd>{rolesText(lang, principal.roles)}</dd>
          </dl>
        </div>
        <h2>{t('whatYouCanDo')}</h2>
        <ul>
          {links.map(([href, key]) => (
            <li>
              <a href={href}>{t(key)}</a>
            </li>
          ))}
        </ul>
      </>,
    );
  });

  function signInPage(c: ConsoleContext, form: FormState, notice?: 'sessionEnded' | 'signedOut', status: 200 | 400 = 200) {
    const t = c.get('t');
    return render(
      c,
      t('signIn'),
      <>
        {notice ? <Notice>{t(notice)}</Notice> : null}
        <FormErrors form={form} t={t} />
        <form method="post" action="/console/sign-in" class="stack card">
          <Csrf token={c.get('csrf')} />
          <TextField form={form} name="agency" label={t('agency')} hint={t('agencyHint')} autocomplete="organization" />
          <TextField form={form} name="username" label={t('username')} required autocomplete="username" />
          <TextField form={form} name="password" label={t('password')} type="password" required autocomplete="current-password" />
          <button type="submit">{t('signIn')}</button>
        </form>
      </>,
      status,
    );
  }
}
