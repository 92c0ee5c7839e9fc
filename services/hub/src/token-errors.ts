import { PROBLEMS, type PonteError, type ProblemCode } from '@ponte/contracts';
import type { Context } from 'hono';
import { languageOf } from './problem';

/** The `error` codes of RFC 6749 §5.2 (and two of §4.1.2.1, for the server's own failures). */
export type TokenErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'server_error'
  | 'temporarily_unavailable';

/** The problems the token endpoint raises under their own OAuth names; any other 4xx is `invalid_request`. */
const SAME_NAME: Partial<Record<ProblemCode, TokenErrorCode>> = {
  invalid_client: 'invalid_client',
  invalid_grant: 'invalid_grant',
  unsupported_grant_type: 'unsupported_grant_type',
};

/**
 * `error_description` may hold only printable ASCII without `"` and `\` (RFC 6749 §5.2): the
 * Portuguese text loses its accents there (`não` → `nao`); the field errors beside it keep them.
 */
export const asciiDescription = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replaceAll('"', "'")
    .replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, ' ');

/**
 * How the token endpoint answers a failure: RFC 6749 §5.2, never problem+json, so an OAuth
 * client library reads every refusal. Status 400, except:
 * - `invalid_client` is 401 with a Basic challenge, whether the client sent its credentials with
 *   HTTP Basic (where §5.2 requires it) or in the body (where §5.2 allows it), so a client learns
 *   the scheme either way;
 * - a rate-limited request keeps 429 and `Retry-After` (and the `RateLimit` fields): the body says
 *   `invalid_request` with the wait in `error_description`. Not `slow_down`: that code belongs to
 *   the device flow (RFC 8628 §3.5), where it tells a polling device to add 5 s to its interval,
 *   which is not what this limit means; and not problem+json: a client of this endpoint parses
 *   RFC 6749 bodies only. `invalid_request` is the generic code every OAuth library surfaces;
 *   the status and `Retry-After` are what a client acts on;
 * - the server's own failures keep their 5xx status (and `Retry-After`), as `server_error` or
 *   `temporarily_unavailable` (the codes RFC 6749 §4.1.2.1 gives them where no status can be sent).
 * The description is in English, or Portuguese by `Accept-Language`, as every other answer; field
 * errors (`errors`, as in the hub's problem documents) say which parameter failed which check.
 */
export function tokenErrorResponse(c: Context, error: PonteError): Response {
  const language = languageOf(c.req.header('accept-language'));
  const status = error.status === 401 || error.status === 429 || error.status >= 500 ? error.status : 400;
  const code: TokenErrorCode =
    error.status >= 500 ? (error.status === 503 ? 'temporarily_unavailable' : 'server_error') : (SAME_NAME[error.code] ?? 'invalid_request');
  const body = {
    error: code,
    error_description: asciiDescription(error.detail?.[language] ?? PROBLEMS[error.code][language]),
    ...(error.errors?.length ? { errors: error.errors.map((e) => ({ ...e, message: e.message[language] })) } : {}),
  };
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    pragma: 'no-cache',
    'content-language': language,
    vary: 'Accept-Language',
  };
  if (typeof error.extensions?.retryAfter === 'number') headers['retry-after'] = String(error.extensions.retryAfter);
  if (status === 401) headers['www-authenticate'] = 'Basic realm="ponte", charset="UTF-8"';
  // The body was refused unread: the connection is not reused.
  if (error.status === 413) headers.connection = 'close';
  return new Response(JSON.stringify(body), { status, headers });
}

/** A request to the token endpoint: its failures answer in RFC 6749's form. */
export const isTokenRequest = (c: Context) => c.req.method === 'POST' && c.req.path === '/oauth/token';
