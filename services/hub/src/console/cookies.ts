import type { CookieOptions } from 'hono/utils/cookie';

export const SESSION_COOKIE = 'ponte_session';
export const CSRF_COOKIE = 'ponte_csrf';
export const LANGUAGE_COOKIE = 'ponte_lang';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether the console's cookies carry `Secure`, decided once from the hub's public address (never
 * from a request's `Host`, which the client writes): always, except for a hub whose public
 * address is plain HTTP on the machine itself.
 */
export const secureCookiesFor = (publicUrl: string): boolean => {
  const url = new URL(publicUrl);
  return !(url.protocol === 'http:' && LOOPBACK.has(url.hostname));
};

/** Console cookies: for the console's paths only, out of scripts' reach, not sent on cross-site posts. */
export const consoleCookies =
  (secure: boolean) =>
  (extra: CookieOptions = {}): CookieOptions => ({
    path: '/console',
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    ...extra,
  });
export type CookieOptionsOf = ReturnType<typeof consoleCookies>;
