import type { Context } from 'hono';
import type { CookieOptions } from 'hono/utils/cookie';

export const SESSION_COOKIE = 'ponte_session';
export const CSRF_COOKIE = 'ponte_csrf';
export const LANGUAGE_COOKIE = 'ponte_lang';

/** `Secure` everywhere except on the machine itself, where the hub is reached over plain HTTP. */
const isLocal = (url: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

/** Console cookies: for the console's paths only, out of scripts' reach, not sent on cross-site posts. */
export const cookieOptions = (c: Context, extra: CookieOptions = {}): CookieOptions => ({
  path: '/console',
  httpOnly: true,
  sameSite: 'Lax',
  secure: !isLocal(c.req.url),
  ...extra,
});
