import { createRoute } from '@hono/zod-openapi';
import { fieldError, PonteError, TokenError, TokenRequest, TokenResponse } from '@ponte/contracts';
import { issueToken } from '@ponte/core';
import type { Context } from 'hono';
import { json, RATE_LIMIT_HEADERS } from '../../openapi';
import { invalidRequest } from '../../problem';
import { anonymousContextFor } from '../../verb-context';
import type { HubApp, HubDeps, HubEnv } from '../../types';

const tokenError = (description: string, headers?: typeof RATE_LIMIT_HEADERS) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: TokenError } },
});

const route = createRoute({
  method: 'post',
  operationId: 'issueToken',
  path: '/oauth/token',
  tags: ['Authentication'],
  summary: 'Get an access token',
  description:
    'OAuth 2.0 token endpoint (RFC 6749; metadata at `/.well-known/oauth-authorization-server`, RFC 8414). API clients use `client_credentials` (credentials in HTTP Basic or the body). ' +
    "The `password` grant (with the agency's slug; hub operators omit it) is kept for the hub's own console and the demo only: RFC 9700 forbids it to third parties, and an integrating system uses client credentials. Form-encoded or JSON bodies are accepted.\n\n" +
    'Every refusal answers as RFC 6749 §5.2 says, `application/json` (never problem+json): `{"error", "error_description", "errors"?}` with `Cache-Control: no-store`. ' +
    '`error` is `invalid_request` (a missing or repeated parameter, an unreadable body), `invalid_client` (401 with a Basic challenge), `invalid_grant` (wrong, locked or disabled account, a missing or wrong second factor) or `unsupported_grant_type`; ' +
    'the hub uses no scopes (`scope` is accepted and ignored, so `invalid_scope` is never sent) and lets any client use `client_credentials` (so `unauthorized_client` is never sent). ' +
    '`error_description` is English, or Portuguese by `Accept-Language` (without accents, as §5.2 allows only ASCII there); `errors` names each failed parameter. ' +
    'Past the sign-in limit: 429 with `Retry-After`, `RateLimit` and `error: "invalid_request"`; the server\'s own failures: 503 `temporarily_unavailable` (with `Retry-After`) or 500 `server_error`.',
  request: {
    body: {
      required: true,
      content: {
        // An API client, its credentials in the body (or in HTTP Basic, then without them here).
        'application/x-www-form-urlencoded': { schema: TokenRequest, example: { grant_type: 'client_credentials', client_id: 'iom-case-system', client_secret: 'pcs_4f9b2c7e1a8d3f6b0e5c9a2d7f1b4e8c' } },
        'application/json': { schema: TokenRequest, example: { grant_type: 'client_credentials', client_id: 'iom-case-system', client_secret: 'pcs_4f9b2c7e1a8d3f6b0e5c9a2d7f1b4e8c' } },
      },
    },
  },
  responses: {
    200: json(TokenResponse, 'A short-lived access token', { access_token: 'eyJhbGciOiJFZERTQSIsImtpZCI6Imh1Yi0yMDI2LTExIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJpb20tY2FzZS1zeXN0ZW0ifQ.c2lnbmF0dXJl', token_type: 'Bearer', expires_in: 900 }),
    400: tokenError('`invalid_request`, `invalid_grant`, `unsupported_grant_type`'),
    401: tokenError('`invalid_client`, with `WWW-Authenticate: Basic`'),
    429: tokenError('`invalid_request`: past the sign-in limit of the address or the account; wait `Retry-After` seconds', RATE_LIMIT_HEADERS),
    503: tokenError('`temporarily_unavailable`; retry after `Retry-After` seconds'),
  },
});

export function registerIssueToken(app: HubApp, deps: HubDeps) {
  // Registered for the document; the body is read here, as RFC 6749 allows form or Basic credentials.
  app.openAPIRegistry.registerPath(route);
  app.post('/oauth/token', async (c) => {
    const fields = await readBody(c);
    const basic = basicCredentials(c.req.header('authorization'));
    // RFC 6749 §2.3: one way of authenticating the client a request.
    if (basic.client_id !== undefined && (fields.client_id !== undefined || fields.client_secret !== undefined))
      throw new PonteError('invalid_request', { en: 'Authenticate the client one way: HTTP Basic or the body, not both', pt: 'Autentique o cliente de uma só forma: HTTP Basic ou o corpo, não ambos' }, [
        fieldError('body', ['client_id'], 'one_client_authentication', { en: 'already given with HTTP Basic', pt: 'já indicado com HTTP Basic' }),
      ]);
    const body = { ...fields, ...basic };
    if (body.grant_type === undefined)
      throw new PonteError('invalid_request', { en: 'Name the grant: grant_type is required', pt: 'Indique a concessão: grant_type é obrigatório' }, [
        fieldError('body', ['grant_type'], 'required', { en: 'use client_credentials or password', pt: 'use client_credentials ou password' }),
      ]);
    if (body.grant_type !== 'client_credentials' && body.grant_type !== 'password')
      throw new PonteError('unsupported_grant_type', undefined, [
        fieldError('body', ['grant_type'], 'supported', { en: 'use client_credentials or password', pt: 'use client_credentials ou password' }),
      ]);
    const parsed = TokenRequest.safeParse(body);
    if (!parsed.success) throw invalidRequest(parsed.error, 'json');
    const token = await issueToken({
      ctx: { ...anonymousContextFor(deps, c.get('logger'), c.get('requestId')), tokens: deps.tokens },
      input: parsed.data,
    });
    c.header('pragma', 'no-cache');
    return c.json(token, 200);
  });
}

async function readBody(c: Context<HubEnv>): Promise<Record<string, unknown>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    // RFC 6749 §3.2: a parameter sent without a value is as if omitted; none may be sent twice.
    const fields: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(await c.req.text())) {
      if (value === '') continue;
      if (name in fields)
        throw new PonteError('invalid_request', { en: `The parameter ${name} is sent more than once`, pt: `O parâmetro ${name} foi enviado mais de uma vez` }, [
          fieldError('body', [name], 'once', { en: 'sent more than once', pt: 'enviado mais de uma vez' }),
        ]);
      fields[name] = value;
    }
    return fields;
  }
  if (type === 'application/json') {
    try {
      const value: unknown = await c.req.json();
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // answered below
    }
    throw new PonteError('malformed_body', { en: 'The body is not a JSON object', pt: 'O corpo não é um objeto JSON' });
  }
  const text = {
    en: 'Send the body as application/x-www-form-urlencoded or application/json',
    pt: 'Envie o corpo como application/x-www-form-urlencoded ou application/json',
  };
  throw new PonteError('unsupported_media_type', text, [fieldError('header', ['content-type'], 'media_type', text)]);
}

/** RFC 6749 §2.3.1: client credentials in HTTP Basic, each part form-urlencoded. */
function basicCredentials(header: string | undefined): Record<string, string> {
  const match = header ? /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim()) : null;
  if (!match) return {};
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  try {
    return {
      client_id: decodeURIComponent(decoded.slice(0, colon).replaceAll('+', ' ')),
      client_secret: decodeURIComponent(decoded.slice(colon + 1).replaceAll('+', ' ')),
    };
  } catch {
    return {};
  }
}
