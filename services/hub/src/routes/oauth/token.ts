import { createRoute } from '@hono/zod-openapi';
import { fieldError, PonteError, TokenRequest, TokenResponse } from '@ponte/contracts';
import { issueToken } from '@ponte/core';
import type { Context } from 'hono';
import { json, problems } from '../../openapi';
import { invalidRequest } from '../../problem';
import { anonymousContextFor } from '../../verb-context';
import type { HubApp, HubDeps, HubEnv } from '../../types';

const route = createRoute({
  method: 'post',
  path: '/oauth/token',
  tags: ['Authentication'],
  summary: 'Get an access token',
  description:
    'OAuth 2.0 token endpoint (RFC 6749). API clients use `client_credentials` (credentials in the body or HTTP Basic); ' +
    "people use `password` with their agency's slug (hub operators omit it). Form-encoded or JSON bodies are accepted.",
  request: {
    body: {
      required: true,
      content: {
        'application/x-www-form-urlencoded': { schema: TokenRequest },
        'application/json': { schema: TokenRequest },
      },
    },
  },
  responses: {
    200: json(TokenResponse, 'A short-lived access token'),
    ...problems('invalid_request', 'invalid_grant', 'unsupported_grant_type', 'invalid_client', 'unsupported_media_type', 'malformed_body'),
  },
});

export function registerToken(app: HubApp, deps: HubDeps) {
  // Registered for the document; the body is read here, as RFC 6749 allows form or Basic credentials.
  app.openAPIRegistry.registerPath(route);
  app.post('/oauth/token', async (c) => {
    const body = { ...(await readBody(c)), ...basicCredentials(c.req.header('authorization')) };
    if (body.grant_type !== undefined && body.grant_type !== 'client_credentials' && body.grant_type !== 'password')
      throw new PonteError('unsupported_grant_type', undefined, [
        { in: 'body', field: 'grant_type', pointer: '/body/grant_type', check: 'supported', message: { en: 'use client_credentials or password', pt: 'use client_credentials ou password' } },
      ], { error: 'unsupported_grant_type' });
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
    return Object.fromEntries(new URLSearchParams(await c.req.text()));
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
