/** @jsxImportSource hono/jsx */
import { rateLimited } from '@ponte/metrics';
import { PonteError, Uuid, type Agency, type FieldError, type Language } from '@ponte/contracts';
import { listAgencies, type AuthenticatedPrincipal, type Context as VerbContext } from '@ponte/core';
import type { Context, Hono } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { z, ZodError } from 'zod';
import type { RateLimiter } from '../limit-stores';
import { fieldErrorsOf } from '../problem';
import type { HubDeps, HubEnv } from '../types';
import type { CookieOptionsOf } from './cookies';
import type { FormValues } from './forms/form-values';
import { LOCALES, type T } from './i18n';
import { Layout, type PageFrame } from './layout';
import type { ConsoleSession, SessionStore } from './session';
import { emptyForm, Notice, type FormState } from './ui';

export { checked, formField, list, text, timestamp, type FormValues } from './forms/form-values';

export interface ConsoleEnv {
  Variables: HubEnv['Variables'] & {
    lang: Language;
    t: T;
    /** The token the forms of this page carry: the session's, or the signed-out visitor's. */
    csrf: string;
    session?: ConsoleSession;
    sessionId?: string;
  };
}

export type ConsoleContext = Context<ConsoleEnv>;
export type ConsoleRouter = Hono<ConsoleEnv>;

export interface ConsoleDeps {
  hub: HubDeps;
  sessions: SessionStore;
  limits: { signIn: RateLimiter; signInAccount: RateLimiter; pages: RateLimiter };
  /** The console's cookie attributes (`Secure` decided once from the public address). */
  cookieOptions: CookieOptionsOf;
}

export const frameOf = (c: ConsoleContext): PageFrame => ({
  lang: c.get('lang'),
  t: c.get('t'),
  csrf: c.get('csrf'),
  path: new URL(c.req.url).pathname,
  principal: c.get('session') ? c.get('principal') : undefined,
});

export const render = (c: ConsoleContext, title: string, body: Child, status: 200 | 400 | 403 | 404 | 409 | 422 | 429 | 500 | 503 = 200) =>
  c.html(
    <>
      {raw('<!doctype html>')}
      <Layout frame={frameOf(c)} title={title}>
        {body}
      </Layout>
    </>,
    status,
  );

/** The verb context of the signed-in person (set by the console's session middleware). */
export const verbContext = (c: ConsoleContext): VerbContext => c.get('ctx');
export const principalOf = (c: ConsoleContext): AuthenticatedPrincipal => c.get('principal');

/** A submitted form: one string per field, or every value of a field sent more than once. */
export async function readForm(c: ConsoleContext): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === '_csrf') continue;
    const strings = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (strings.some((s) => s.includes('\u0000')))
      throw new PonteError('invalid_request', { en: 'The form contains a NUL character', pt: 'O formulário contém um carácter NUL' });
    values[name] = Array.isArray(value) ? strings : (strings[0] ?? '');
  }
  return values;
}

/** Field errors (from zod or from a verb) as one message per form field, in the page's language. */
export function messagesOf(errors: FieldError[], lang: Language, fieldName: (field: string) => string = (f) => f): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const error of errors) {
    const name = fieldName(error.field);
    messages[name] ??= error.message[lang];
  }
  return messages;
}

/** Zod's checks as field messages; an empty required field says so plainly rather than "too small: >= 1". */
export function zodMessages(error: ZodError, lang: Language, fieldName?: (field: string) => string): Record<string, string> {
  const errors = fieldErrorsOf(error, 'form');
  error.issues.forEach((issue, index) => {
    if (issue.code === 'too_small' && Number(issue.minimum) === 1 && errors[index]) errors[index] = { ...errors[index], message: REQUIRED };
  });
  return messagesOf(errors, lang, fieldName);
}
const REQUIRED = { en: 'required: fill this in', pt: 'obrigatório: preencha este campo' };

/**
 * The field messages of a refusal a form can show (bad input, a failed check); any other error
 * (not found, forbidden, a conflict) is not the form's to show and goes on to the error page.
 */
export function formRefusal(error: unknown, lang: Language, fieldName?: (field: string) => string): Record<string, string> {
  // A person's own account forms refuse credentials, a code or a ticket with `invalid_grant`.
  if (error instanceof PonteError && (error.code === 'invalid_request' || error.code === 'check_failed' || error.code === 'invalid_grant') && error.errors?.length)
    return messagesOf(error.errors, lang, fieldName);
  if (error instanceof PonteError && (error.code === 'invalid_request' || error.code === 'check_failed' || error.code === 'conflict' || error.code === 'invalid_grant'))
    return { _form: error.detail?.[lang] ?? error.message };
  throw error;
}

export const refused = (form: FormState, errors: Record<string, string>): FormState => ({ values: form.values, errors });

/** The form field a contract path names: `categories.2` is the field `categories`. */
export const listFieldName = (field: string) => field.replace(/\.\d+$/, '');

const catalogues = new WeakMap<ConsoleContext, Promise<Agency[]>>();

/** The network's agencies (the hub's catalogue), read once per request however many parts of the page need them. */
export function agenciesOf(c: ConsoleContext): Promise<Agency[]> {
  let agencies = catalogues.get(c);
  if (!agencies) {
    agencies = listAgencies({ ctx: verbContext(c), input: { limit: 200 } }).then((page) => page.items);
    catalogues.set(c, agencies);
  }
  return agencies;
}

/**
 * The name of an agency, by slug or id, in the page's language: what people read where the API
 * says `iom`. An agency the catalogue does not hold shows as given.
 */
export async function agencyNamer(c: ConsoleContext): Promise<(slugOrId: string | null | undefined) => string> {
  const lang = c.get('lang');
  const names = new Map<string, string>();
  for (const a of await agenciesOf(c)) names.set(a.slug, a.name[lang]).set(a.id, a.name[lang]);
  return (key) => (key ? (names.get(key) ?? key) : '—');
}

/** Agencies as `[slug, name]` options, in the page's language. */
export const agencyOptions = (agencies: ReadonlyArray<{ slug: string; name: Record<Language, string> }>, lang: Language): Array<[string, string]> =>
  agencies.map((a) => [a.slug, a.name[lang]]);

/**
 * A form's submission: its values checked by the contract's schema, the verb run on the result
 * (`run` answers the success), and a refusal a form can show (bad input, a failed check) drawn
 * on the form's page again with each message by its field; anything else goes to the error page.
 */
export async function submitForm<S extends z.ZodType>(
  c: ConsoleContext,
  form: {
    schema: S;
    input: (values: FormValues) => unknown;
    run: (data: z.output<S>) => Promise<Response>;
    page: (form: FormState, status: 422) => Response | Promise<Response>;
    fieldName?: (field: string) => string;
    /** The values drawn again on a refused form (never a password). */
    shown?: (values: FormValues) => FormValues;
  },
): Promise<Response> {
  const values = await readForm(c);
  const lang = c.get('lang');
  const state = emptyForm(form.shown ? form.shown(values) : values);
  const parsed = form.schema.safeParse(form.input(values));
  if (!parsed.success) return form.page(refused(state, zodMessages(parsed.error, lang, form.fieldName)), 422);
  try {
    return await form.run(parsed.data);
  } catch (error) {
    return form.page(refused(state, formRefusal(error, lang, form.fieldName)), 422);
  }
}

/** The notice of a page a form sent back to (`?done=saved`). */
export const Saved = ({ c, t }: { c: ConsoleContext; t: T }) => (c.req.query('done') === 'saved' ? <Notice kind="good">{t('saved')}</Notice> : null);

/** 429 with `Retry-After`, as a page. */
export function tooMany(c: ConsoleContext, wait: number) {
  rateLimited.inc({ limit: 'console' });
  const t = c.get('t');
  c.header('retry-after', String(wait));
  return render(c, t('tooManyTitle'), <p>{t('tooManyText').replace('{s}', new Intl.NumberFormat(LOCALES[c.get('lang')], { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(wait))}</p>, 429);
}

/** A record id from the path; anything else is a page that does not exist. */
export const recordId = (c: ConsoleContext, name = 'id'): string => {
  const id = c.req.param(name);
  if (!id || !Uuid.safeParse(id).success) throw new PonteError('not_found');
  return id;
};
