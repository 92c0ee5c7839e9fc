import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import type { TestHub } from '../support/hub';

/** A person using the console through plain requests: cookies kept, the page's CSRF token sent with each form. */
export interface ConsoleClient {
  get(path: string): Promise<{ status: number; html: string; location: string | null }>;
  post(path: string, form: Record<string, string | string[]>, options?: { csrf?: string | null }): Promise<{ status: number; html: string; location: string | null }>;
  /** A form with a file, as a browser sends it (multipart/form-data), with the page's CSRF token. */
  postMultipart(path: string, form: FormData): Promise<{ status: number; html: string; location: string | null }>;
  /** A plain GET answered as it came (for downloads). */
  fetch(path: string): Promise<Response>;
}

export const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];
export const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

export const formBody = (values: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  return params.toString();
};

export async function consoleClient(hub: TestHub, agency: string | undefined, username: string, lang: 'en' | 'pt' = 'en'): Promise<ConsoleClient> {
  const page = await hub.app.request('/console/sign-in', { headers: { cookie: `ponte_lang=${lang}` } });
  const pre = cookieOf(page, 'ponte_csrf')!;
  const res = await hub.app.request('/console/sign-in', {
    method: 'POST',
    headers: { cookie: `${pre}; ponte_lang=${lang}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody({ _csrf: csrfIn(await page.text())!, ...(agency ? { agency } : {}), username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(303);
  const cookie = `${cookieOf(res, 'ponte_session')!}; ponte_lang=${lang}`;
  const home = await hub.app.request('/console', { headers: { cookie } });
  const csrf = csrfIn(await home.text())!;
  const answer = async (r: Response) => ({ status: r.status, html: await r.text(), location: r.headers.get('location') });
  return {
    get: async (path) => answer(await hub.app.request(path, { headers: { cookie } })),
    post: async (path, form, options = {}) => {
      const token = options.csrf === undefined ? csrf : options.csrf;
      return answer(
        await hub.app.request(path, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: formBody({ ...(token === null ? {} : { _csrf: token }), ...form }),
        }),
      );
    },
    postMultipart: async (path, form) => {
      form.set('_csrf', csrf);
      return answer(await hub.app.request(path, { method: 'POST', headers: { cookie }, body: form }));
    },
    fetch: (path) => Promise.resolve(hub.app.request(path, { headers: { cookie } })),
  };
}

/** A guardian's written consent to protection assistance by `recipient`, for identity and location: what a child's referral is built on. */
export const guardianConsent = (recipient: string, guardian: string) => ({
  grantedBy: 'guardian',
  guardian: { name: guardian, relationship: 'mother' },
  childAssent: 'given',
  method: 'written',
  language: 'pt',
  interpreterUsed: false,
  purposes: ['protection_assistance'],
  recipients: [recipient],
  categories: ['identity', 'location'],
  legalBasis: 'consent',
  validUntil: '2027-12-31T00:00:00Z',
});
