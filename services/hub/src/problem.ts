import { fieldError, PROBLEMS, PonteError, type FieldError, type Language, type Problem } from '@ponte/contracts';
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { z } from 'zod';

/** English unless the caller prefers Portuguese (RFC 9110 Accept-Language with q-values). */
export function languageOf(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((l) => l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'pt' || tag.startsWith('pt-')) return 'pt';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

export function problemDocument(error: PonteError, requestId: string, instance: string, language: Language): Problem & Record<string, unknown> {
  const definition = PROBLEMS[error.code];
  return {
    ...(error.extensions ?? {}),
    type: `/problems/${error.code}`,
    title: definition[language],
    status: definition.status,
    ...(error.detail ? { detail: error.detail[language] } : {}),
    instance,
    code: error.code,
    requestId,
    ...(error.errors?.length ? { errors: error.errors.map((e) => ({ ...e, message: e.message[language] })) } : {}),
  };
}

/** Renders a domain error as RFC 9457 problem+json in the caller's language. */
export function problemResponse(c: Context, error: PonteError): Response {
  const language = languageOf(c.req.header('accept-language'));
  const requestId = c.get('requestId') ?? '';
  const body = problemDocument(error, requestId, c.req.path, language);
  const headers: Record<string, string> = {
    'x-request-id': requestId,
    'content-type': 'application/problem+json; charset=utf-8',
    'content-language': language,
    vary: 'Accept-Language',
  };
  if (typeof error.extensions?.retryAfter === 'number') headers['retry-after'] = String(error.extensions.retryAfter);
  // The body was refused unread: the connection is not reused, and the client is told so.
  if (error.status === 413) headers.connection = 'close';
  if (error.status === 401) {
    headers['www-authenticate'] =
      error.code === 'invalid_client'
        ? 'Basic realm="ponte"'
        : `Bearer realm="ponte"${error.code === 'invalid_token' ? ', error="invalid_token"' : ''}`;
  }
  return new Response(JSON.stringify(body), { status: error.status, headers });
}

const LOCATIONS = { json: 'body', form: 'body', query: 'query', param: 'path', header: 'header', cookie: 'header' } as const;
const pt = z.locales.pt().localeError;

/** Turns zod issues into field errors: one per failed check, naming the field and the check, in both languages. */
export function fieldErrorsOf(error: ZodError, target: keyof typeof LOCATIONS): FieldError[] {
  const location = LOCATIONS[target];
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) =>
        fieldError(location, [...issue.path, key], 'unrecognized_keys', { en: 'unknown field', pt: 'campo desconhecido' }),
      );
    }
    const check = (issue.code === 'custom' && typeof issue.params?.check === 'string' ? issue.params.check : undefined) ?? issue.code;
    const message =
      issue.code === 'custom'
        ? { en: issue.message, pt: typeof issue.params?.pt === 'string' ? issue.params.pt : issue.message }
        : {
            // The English message was made with the input at hand; the Portuguese one is made again
            // without it, so it must not claim what was received.
            en: issue.message,
            pt: issue.code === 'invalid_type' ? `Entrada inválida: esperava ${issue.expected}` : (messageOf(pt, issue) ?? issue.message),
          };
    return [fieldError(location, issue.path, check, message)];
  });
}

function messageOf(localeError: (issue: never) => unknown, issue: object): string | undefined {
  const result = (localeError as (i: object) => unknown)({ ...issue, input: undefined });
  if (typeof result === 'string') return result;
  if (result && typeof result === 'object' && 'message' in result) return String((result as { message: unknown }).message);
  return undefined;
}

export function invalidRequest(error: ZodError, target: keyof typeof LOCATIONS): PonteError {
  return new PonteError(
    'invalid_request',
    { en: 'Some fields of the request failed validation', pt: 'Alguns campos do pedido não passaram a validação' },
    fieldErrorsOf(error, target),
  );
}
