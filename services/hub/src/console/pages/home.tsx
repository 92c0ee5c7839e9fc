/** @jsxImportSource hono/jsx */
import { PonteError, TokenRequest } from '@ponte/contracts';
import {
  authenticate,
  countActiveUsers,
  countAgencies,
  countAgreementsInForce,
  countReceivedReferrals,
  countSentReferrals,
  countSubjects,
  countUnreviewedFlags,
  issueToken,
  type AuthenticatedPrincipal,
  type Context,
} from '@ponte/core';
import { capabilitiesFor, OPEN_REFERRAL_STATUSES } from '@ponte/policy';
import { deleteCookie, setCookie } from 'hono/cookie';
import { accountKey, clientAddress } from '../../middleware/rate-limit';
import { anonymousContextFor } from '../../verb-context';
import { LANGUAGE_COOKIE, SESSION_COOKIE } from '../cookies';
import { signInFormShown, signInFormToInput } from '../forms/sign-in-form';
import { navigationFor, rolesText } from '../layout';
import { counted, type CountedKey } from '../i18n';
import { principalOf, readForm, render, tooMany, verbContext, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { emptyForm, FormErrors, Notice, PostForm, TextField, type FormState } from '../ui';

type SignInNotice = 'sessionEnded' | 'sessionLifetimeEnded' | 'signedOut' | 'activated' | 'passwordChanged' | 'secondFactorDue';

export function registerHomePages(router: ConsoleRouter, { hub, sessions, limits, cookieOptions }: ConsoleDeps) {
  router.get('/sign-in', (c) => {
    if (c.get('session')) return c.redirect('/console', 303);
    const ended = c.req.query('ended');
    const notices = { idle: 'sessionEnded', lifetime: 'sessionLifetimeEnded', out: 'signedOut', activated: 'activated', passwordChanged: 'passwordChanged' } as const;
    return signInPage(c, emptyForm(), notices[ended as keyof typeof notices]);
  });

  // The same password check and account lookup as the token endpoint: the console signs in through it.
  router.post('/sign-in', async (c) => {
    const byAddress = await limits.signIn.take(`console-sign-in:${clientAddress(c, hub)}`);
    if (byAddress > 0) return tooMany(c, byAddress);
    const values = await readForm(c);
    // Guesses at one account from many addresses meet one limit too.
    const byAccount = await limits.signInAccount.take(`console-sign-in-account:${accountKey(values.agency ?? '', values.username ?? '')}`);
    if (byAccount > 0) return tooMany(c, byAccount);
    const form = emptyForm(signInFormShown(values));
    const t = c.get('t');
    const input = TokenRequest.safeParse(signInFormToInput(values));
    if (!input.success) return signInPage(c, { ...form, errors: { username: t('wrongCredentials') } }, undefined, 400);
    let principal;
    try {
      const { access_token } = await issueToken({
        // The token is verified at once against the wall clock, so it is issued by the wall clock.
        ctx: { ...anonymousContextFor(hub, c.get('logger'), c.get('requestId'), () => new Date()), tokens: hub.tokens },
        input: input.data,
      });
      principal = await authenticate(hub, access_token);
    } catch (error) {
      if (error instanceof PonteError && (error.code === 'invalid_grant' || error.code === 'invalid_token')) {
        // Once the password is right: a code to give, or a second factor to enrol first.
        const otp = error.errors?.find((e) => e.field === 'otp');
        if (otp?.check === 'enrolment_required') return signInPage(c, form, 'secondFactorDue', 400);
        if (otp) return signInPage(c, { ...form, errors: { otp: t('otpNeeded') } }, undefined, 400);
        return signInPage(c, { ...form, errors: { username: t('wrongCredentials') } }, undefined, 400);
      }
      throw error;
    }
    // A new session id at every sign-in: an id planted before cannot be ridden after it.
    await sessions.end(c.get('sessionId'));
    const { id } = await sessions.create({ kind: principal.kind, sub: principal.id, agencyId: principal.agencyId, roles: [...principal.roles] });
    setCookie(c, SESSION_COOKIE, id, cookieOptions());
    c.get('logger').info({ event: 'console.signed_in', principalKind: principal.kind, principalId: principal.id }, 'console sign-in');
    return c.redirect('/console', 303);
  });

  router.post('/sign-out', async (c) => {
    await sessions.end(c.get('sessionId'));
    deleteCookie(c, SESSION_COOKIE, cookieOptions());
    return c.redirect('/console/sign-in?ended=out', 303);
  });

  router.post('/language', async (c) => {
    const values = await readForm(c);
    const lang = values.lang === 'pt' ? 'pt' : 'en';
    setCookie(c, LANGUAGE_COOKIE, lang, cookieOptions({ httpOnly: true, maxAge: 365 * 86_400 }));
    const back = typeof values.back === 'string' && /^\/console(\/[A-Za-z0-9/_-]*)?$/.test(values.back) ? values.back : '/console';
    return c.redirect(back, 303);
  });

  router.get('/', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const principal = principalOf(c);
    const links = navigationFor(principal).slice(1);
    const figures = await figuresFor(principal, verbContext(c));
    return render(
      c,
      `${t('welcome')}, ${principal.displayName}`,
      <>
        <div class="card">
          <dl class="facts">
            <dt>{t('agency')}</dt>
            <dd>{principal.agencyName?.[lang] ?? '—'}</dd>
            <dt>{t('yourRoles')}</dt>
            <dd>{rolesText(lang, principal.roles)}</dd>
          </dl>
        </div>
        {figures.length > 0 ? (
          <section aria-labelledby="glance">
            <h2 id="glance">{t('atAGlance')}</h2>
            <ul class="figures">
              {figures.map(([count, key, href]) => (
                <li>
                  <a href={href}>
                    <strong>{count}</strong>
                  </a>
                  {counted(lang, key, count)}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
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

  function signInPage(c: ConsoleContext, form: FormState, notice?: SignInNotice, status: 200 | 400 = 200) {
    const t = c.get('t');
    const enrol = `/console/second-factor?${new URLSearchParams({ agency: String(form.values.agency ?? ''), username: String(form.values.username ?? '') })}`;
    return render(
      c,
      t('signIn'),
      <>
        {notice === 'secondFactorDue' ? (
          <Notice kind="bad">
            {t(notice)} <a href={enrol}>{t('secondFactorTitle')}</a>
          </Notice>
        ) : notice ? (
          <Notice kind={notice === 'activated' || notice === 'passwordChanged' ? 'good' : undefined}>{t(notice)}</Notice>
        ) : null}
        <FormErrors form={form} t={t} />
        <PostForm action="/console/sign-in" csrf={c.get('csrf')} class="stack card">
          <TextField form={form} name="agency" label={t('agency')} hint={t('agencyHint')} autocomplete="organization" />
          <TextField form={form} name="username" label={t('username')} required autocomplete="username" />
          <TextField form={form} name="password" label={t('password')} type="password" required autocomplete="current-password" />
          <TextField form={form} name="otp" label={t('otp')} hint={t('otpHint')} autocomplete="one-time-code" />
          <button type="submit">{t('signIn')}</button>
        </PostForm>
        <nav aria-label={t('accountLinks')}>
          <ul class="inline-list">
            <li>
              <a href="/console/activate">{t('activateTitle')}</a>
            </li>
            <li>
              <a href="/console/password">{t('changePasswordTitle')}</a>
            </li>
            <li>
              <a href="/console/second-factor">{t('secondFactorTitle')}</a>
            </li>
          </ul>
        </nav>
      </>,
      status,
    );
  }
}

/**
 * The figures a person's home page starts with, each counted by a verb beside the one behind its
 * page (so by the same rules); a figure the policy does not give this person is left out.
 */
async function figuresFor(principal: AuthenticatedPrincipal, ctx: Context): Promise<Array<[number, CountedKey, string]>> {
  const can = capabilitiesFor(principal, { team: principal.team });
  const figures: Array<[number, CountedKey, string]> = [];
  const add = async (when: boolean, key: CountedKey, href: string, count: () => Promise<number>) => {
    if (!when) return;
    try {
      figures.push([await count(), key, href]);
    } catch (error) {
      if (!(error instanceof PonteError && (error.code === 'forbidden' || error.code === 'not_found'))) throw error;
    }
  };
  await add(can.triageReceived, 'figureAwaitingTriage', '/console/referrals/incoming', () => countReceivedReferrals({ ctx, input: { statuses: ['sent'] } }));
  await add(can.workOnCases, 'figureSubjects', '/console/subjects', () => countSubjects({ ctx }));
  await add(can.workReceived, 'figureAssignedOpen', '/console/referrals/assigned', () => countReceivedReferrals({ ctx, input: { statuses: OPEN_REFERRAL_STATUSES, assignee: 'me' } }));
  await add(can.sendReferrals, 'figureOutgoingOpen', '/console/referrals/outgoing', () => countSentReferrals({ ctx, input: { statuses: OPEN_REFERRAL_STATUSES } }));
  // Past a deadline, on both sides: the focal points (who triage) and the people who send or work the referrals.
  await add(can.triageReceived || can.workReceived, 'figureOverdueReceived', '/console/referrals/incoming?overdue=true', () => countReceivedReferrals({ ctx, input: { statuses: OPEN_REFERRAL_STATUSES, overdue: true } }));
  await add(can.sendReferrals || can.triageReceived, 'figureOverdueSent', '/console/referrals/outgoing?overdue=true', () => countSentReferrals({ ctx, input: { statuses: OPEN_REFERRAL_STATUSES, overdue: true } }));
  await add(can.reviewAccessLog, 'figureFlags', '/console/access-log/flags', () => countUnreviewedFlags({ ctx }));
  await add(can.administerAgency, 'figureUsers', '/console/admin/users', () => countActiveUsers({ ctx }));
  await add(can.operateHub, 'figureAgencies', '/console/operator/agencies', () => countAgencies({ ctx }));
  await add(can.operateHub, 'figureAgreements', '/console/operator/agreements', () => countAgreementsInForce({ ctx }));
  return figures;
}
