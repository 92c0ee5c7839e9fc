/** @jsxImportSource hono/jsx */
import type { Language } from '@ponte/contracts';
import type { AuthenticatedPrincipal } from '@ponte/core';
import { capabilitiesFor } from '@ponte/policy';
import type { Child } from 'hono/jsx';
import { label, type T, type TextKey } from './i18n';
import { PostForm } from './ui';

export interface PageFrame {
  lang: Language;
  t: T;
  csrf: string;
  /** The path of this page, for the language switch to come back to. */
  path: string;
  principal?: AuthenticatedPrincipal | undefined;
}

/** The links what the policy lets a person do leads to; the policy still decides every page behind them. */
export function navigationFor(principal: AuthenticatedPrincipal): Array<[string, TextKey]> {
  const can = capabilitiesFor(principal, { team: principal.team });
  const links: Array<[string, TextKey]> = [['/console', 'home']];
  if (can.workOnCases) links.push(['/console/subjects', 'mySubjects']);
  if (can.sendReferrals) links.push(['/console/referrals/outgoing', 'outgoing']);
  if (can.workReceived) links.push(['/console/referrals/assigned', 'assignedToMe']);
  if (can.breakGlass) links.push(['/console/break-glass', 'breakGlass']);
  if (can.triageReceived) links.push(['/console/referrals/incoming', 'incoming']);
  if (can.sendReferrals || can.triageReceived) links.push(['/console/transfers', 'transfers']);
  if (can.workReceived || can.triageReceived) links.push(['/console/consent-receipts/withdrawal', 'withdrawFromReceipt']);
  if (can.triageReceived || can.reviewAccessLog) links.push(['/console/purge-requests', 'purgeRequests']);
  if (can.reviewAccessLog) links.push(['/console/access-log', 'accessLog'], ['/console/access-log/flags', 'flags'], ['/console/access-log/chart', 'chart'], ['/console/access-log/report', 'bySubject']);
  if (can.seeRetention) links.push(['/console/retention', 'retention']);
  if (can.administerAgency) links.push(['/console/admin/users', 'users'], ['/console/admin/api-clients', 'apiClients'], ['/console/admin/webhooks', 'webhooks']);
  if (can.operateHub) links.push(['/console/operator/agencies', 'agencies'], ['/console/operator/agreements', 'agreements']);
  return links;
}

export function Layout({ frame, title, children }: { frame: PageFrame; title: string; children: Child }) {
  const { lang, t, principal } = frame;
  const other: Language = lang === 'en' ? 'pt' : 'en';
  const nav = principal ? navigationFor(principal) : [];
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${title} · ${t('appName')}`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#content">
          {t('skipToContent')}
        </a>
        <header class="top">
          <a class="brand" href="/console">
            {t('appName')}
          </a>
          <div class="actions">
            <PostForm action="/console/language" csrf={frame.csrf}>
              <input type="hidden" name="lang" value={other} />
              <input type="hidden" name="back" value={frame.path} />
              <button type="submit" lang={other}>
                {t('switchLanguage')}
              </button>
            </PostForm>
            {principal ? (
              <>
                <span>
                  {t('signedInAs')} {principal.displayName}
                  {principal.agencyName ? ` (${principal.agencyName[lang]})` : ''}
                </span>
                <a href={`/console/password${principal.agencySlug ? `?agency=${encodeURIComponent(principal.agencySlug)}` : ''}`}>{t('changePassword')}</a>
                <PostForm action="/console/sign-out" csrf={frame.csrf}>
                  <button type="submit">{t('signOut')}</button>
                </PostForm>
              </>
            ) : null}
          </div>
        </header>
        {nav.length > 0 ? (
          <nav class="main" aria-label={t('mainMenu')}>
            <ul>
              {nav.map(([href, key]) => (
                <li>
                  <a href={href} aria-current={href === frame.path ? 'page' : undefined}>
                    {t(key)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <main id="content" tabindex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

export const rolesText = (lang: Language, roles: readonly string[]) => roles.map((r) => label(lang, 'role', r)).join(', ');
