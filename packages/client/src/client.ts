import { randomUUID } from 'node:crypto';
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { tokenSource, type PonteAuth } from './auth';
import { operationTraits, type paths } from './generated/openapi';
import { unwrap } from './problem';
import { transport, type Fetch, type RetryOptions } from './transport';

export const SDK_USER_AGENT = 'ponte-client/0.1.0';

export interface PonteClientOptions {
  /** The hub's address, e.g. `https://ponte.example.org` (no trailing slash needed). */
  baseUrl: string;
  /** Client credentials (an agency's API client), or a token you already have. None: public calls only. */
  auth?: PonteAuth;
  /** The fetch to send requests with (default: the global fetch). */
  fetch?: Fetch;
  /** Retries of what is safe to repeat (see {@link RetryOptions}). */
  retry?: RetryOptions;
  /** Your product, put before the SDK's own in `User-Agent`. */
  userAgent?: string;
}

export interface PonteClient {
  /** The typed API: `api.GET('/v1/referrals/{id}', { params: { path: { id } } })`, and so on for every operation. */
  api: Client<paths>;
  baseUrl: string;
  /** The bearer token the client sends now (fetched with the client credentials if need be). */
  accessToken(): Promise<string>;
  /** The `ETag` last read (or answered by a change) of a versioned record, by its path (`/v1/referrals/<id>`). */
  etagOf(path: string): string | undefined;
  /** Forgets the `ETag` of a record, so the next change sends none unless you give one. */
  forgetEtag(path: string): void;
  /** The data of a call, or its refusal thrown as `PonteProblemError`. */
  unwrap: typeof unwrap;
}

/**
 * A client of the Ponte API, typed from its OpenAPI document. Besides openapi-fetch's typed calls:
 *
 * - **Tokens**: with client credentials it gets an access token from the token endpoint, keeps it
 *   until shortly before `expires_in`, and gets a new one once when a call is refused 401
 *   `invalid_token`.
 * - **Idempotency**: every operation the document declares `Idempotency-Key` for gets one (a
 *   random UUID) unless you set it; every retry of that call sends the same key.
 * - **Retries**: a read, or a change with an `Idempotency-Key`, is sent again after a network
 *   error, a 429 or a 503 (`Retry-After` honoured), a bounded number of times.
 * - **If-Match**: the `ETag` of the last read or change of a versioned record (a subject, a
 *   referral, a webhook endpoint) is sent as `If-Match` with the next change of it that takes one
 *   (`PATCH /v1/subjects/{id}`, `POST /v1/subjects/{id}/assignment`, every referral transition,
 *   `PATCH /v1/webhook-endpoints/{id}`), unless you set it. A 412 is answered to you as it is:
 *   someone changed the record since you read it; read it again and decide (the SDK never
 *   re-reads and retries for you, which would undo the guard).
 */
export function createPonteClient(options: PonteClientOptions): PonteClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const base: Fetch = options.fetch ?? ((request) => globalThis.fetch(request));
  const userAgent = options.userAgent ? `${options.userAgent} ${SDK_USER_AGENT}` : SDK_USER_AGENT;
  const withAgent: Fetch = (request) => {
    request.headers.set('user-agent', userAgent);
    return base(request);
  };
  // The token endpoint is called through the same retries, but never with a bearer token.
  const tokens = options.auth ? tokenSource(options.auth, baseUrl, transport(withAgent, undefined, options.retry)) : undefined;
  const api = createClient<paths>({ baseUrl, fetch: transport(withAgent, tokens, options.retry) });
  const etags = new Map<string, string>();
  api.use(versionedRecords(etags));

  return {
    api,
    baseUrl,
    accessToken: () => (tokens ? tokens.current() : Promise.reject(new Error('this client has no auth'))),
    etagOf: (path) => etags.get(path),
    forgetEtag: (path) => void etags.delete(path),
    unwrap,
  };
}

/**
 * The record an operation acts on: its path up to the last path parameter
 * (`/v1/referrals/{id}/accept` acts on `/v1/referrals/{id}`); none when it has no parameter.
 */
function recordPath(schemaPath: string, url: URL, baseUrl: string): string | undefined {
  const template = schemaPath.split('/');
  const last = template.findLastIndex((segment) => segment.startsWith('{'));
  if (last === -1) return undefined;
  const prefix = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const segments = url.pathname.slice(prefix.length).split('/');
  return segments.slice(0, last + 1).join('/');
}

function versionedRecords(etags: Map<string, string>): Middleware {
  return {
    onRequest({ request, schemaPath, options }) {
      const traits = operationTraits[`${request.method} ${schemaPath}`];
      if (!traits) return;
      if (traits.idempotencyKey && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', randomUUID());
      if (traits.ifMatch && !request.headers.has('if-match')) {
        const record = recordPath(schemaPath, new URL(request.url), options.baseUrl);
        const etag = record ? etags.get(record) : undefined;
        if (etag) request.headers.set('if-match', etag);
      }
    },
    async onResponse({ request, response, schemaPath, options }) {
      const traits = operationTraits[`${request.method} ${schemaPath}`];
      const url = new URL(request.url);
      if (request.method === 'DELETE' && response.ok) {
        const record = recordPath(schemaPath, url, options.baseUrl);
        if (record) etags.delete(record);
        return;
      }
      const etag = response.headers.get('etag');
      if (!traits?.etag || !response.ok || !etag) return;
      let record = recordPath(schemaPath, url, options.baseUrl);
      // A record just made (201) is remembered under its collection and its new id.
      if (!record && response.status === 201) {
        const made = (await response.clone().json().catch(() => undefined)) as { id?: unknown } | undefined;
        if (typeof made?.id === 'string') record = `${schemaPath}/${made.id}`;
      }
      if (record) etags.set(record, etag);
    },
  };
}
