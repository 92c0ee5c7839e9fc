import { randomUUID } from 'node:crypto';
import { CliError, EXIT, type Problem } from './exit';
import type { Io, Lang } from './io';

/**
 * The one module that talks HTTP to the hub, in the shape of an openapi-fetch client
 * (`api.GET(path, { params, body })` → `{ data, error, response }`), so the commands read as they
 * would on the typed SDK. It signs in with the agency's API client (OAuth 2.0 client credentials),
 * sends an `Idempotency-Key` with every changing POST (the same key on each retry), retries what
 * the hub says may be retried (network failures, 502/503/504, 429 and 409 `idempotency_in_flight`,
 * after `Retry-After`), and turns what is left into the command's exit code.
 */
export interface Credentials {
  hub: string;
  clientId: string;
  clientSecret: string;
}

export interface RequestInit {
  params?: { path?: Record<string, string>; query?: Record<string, string | number | boolean | undefined>; header?: Record<string, string | undefined> };
  body?: unknown;
  /** How to read a successful body: JSON (the default), text, or bytes. */
  parseAs?: 'json' | 'text' | 'arrayBuffer';
}

export interface Answer<T = any> {
  data: T;
  response: Response;
}

export interface Hub {
  readonly url: string;
  GET<T = any>(path: string, init?: RequestInit): Promise<Answer<T>>;
  POST<T = any>(path: string, init?: RequestInit): Promise<Answer<T>>;
  DELETE<T = any>(path: string, init?: RequestInit): Promise<Answer<T>>;
  /** Checks the credentials by getting a token; exit 3 when the hub refuses them. */
  signIn(): Promise<void>;
}

const ATTEMPTS = 4;
const MAX_WAIT_MS = 5_000;
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long to wait before attempt `attempt + 1`: the hub's `Retry-After` when it gives one, else a short backoff. */
function waitMs(attempt: number, response?: Response): number {
  const retryAfter = Number(response?.headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(retryAfter * 1000, MAX_WAIT_MS);
  return Math.min(250 * 2 ** attempt, MAX_WAIT_MS);
}

const unreachable = (url: string, cause: unknown) =>
  new CliError(EXIT.unavailable, `the hub at ${url} could not be reached after ${ATTEMPTS} attempts (${(cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).message})`);

export function connectHub(credentials: Credentials, io: Pick<Io, 'fetch'>, lang: Lang): Hub {
  const base = credentials.hub.replace(/\/+$/, '');
  let token: Promise<string> | undefined;

  /** One request, retried while the hub says it may be; answers the last response. */
  async function send(url: string, init: globalThis.RequestInit): Promise<Response> {
    let last: unknown;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) await sleep(waitMs(attempt - 1, last instanceof Response ? last : undefined));
      try {
        const response = await io.fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
        const inFlight = response.status === 409 && (response.headers.get('content-type') ?? '').includes('problem') && ((await response.clone().json().catch(() => ({}))) as Problem).code === 'idempotency_in_flight';
        if (attempt < ATTEMPTS - 1 && (RETRIED_STATUSES.has(response.status) || inFlight)) {
          last = response;
          await response.body?.cancel();
          continue;
        }
        return response;
      } catch (error) {
        last = error;
      }
    }
    throw unreachable(base, last);
  }

  async function getToken(): Promise<string> {
    const response = await send(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'accept-language': lang,
      },
      body: 'grant_type=client_credentials',
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
    if (response.ok && body.access_token) return body.access_token;
    if (response.status >= 500 || response.status === 429) throw new CliError(EXIT.unavailable, `the hub could not sign you in now (${response.status}${body.error ? ` ${body.error}` : ''}); try again later`);
    throw new CliError(EXIT.auth, `the hub refused the client credentials of ${credentials.clientId} (${response.status} ${body.error ?? ''}${body.error_description ? `: ${body.error_description}` : ''})`);
  }

  async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, init: RequestInit = {}): Promise<Answer<T>> {
    const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(init.params?.path?.[name] ?? ''));
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(init.params?.query ?? {})) if (value !== undefined) query.set(key, String(value));
    const url = `${base}${filled}${query.size > 0 ? `?${query}` : ''}`;
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json, text/plain', 'accept-language': lang };
    for (const [key, value] of Object.entries(init.params?.header ?? {})) if (value !== undefined) headers[key.toLowerCase()] = value;
    // One key per command, the same on every retry: a retried change is made once.
    if (method === 'POST' && !headers['idempotency-key']) headers['idempotency-key'] = randomUUID();
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    for (let renewed = false; ; renewed = true) {
      token ??= getToken();
      const response = await send(url, { method, headers: { ...headers, authorization: `Bearer ${await token}` }, body });
      // A token that expired between two requests of a long command: one new token, once.
      if (response.status === 401 && !renewed) {
        token = undefined;
        await response.body?.cancel();
        continue;
      }
      if (response.ok) {
        const data = init.parseAs === 'text' ? await response.text() : init.parseAs === 'arrayBuffer' ? await response.arrayBuffer() : response.status === 204 ? undefined : await response.json();
        return { data: data as T, response };
      }
      const problem = (await response.json().catch(() => ({ status: response.status }))) as Problem;
      problem.status ??= response.status;
      if (response.status === 401) throw new CliError(EXIT.auth, 'the hub refused the token of your API client: log in again', problem);
      if (response.status >= 500 || response.status === 429) throw new CliError(EXIT.unavailable, `the hub is unavailable (${response.status}) after ${ATTEMPTS} attempts`, problem);
      throw new CliError(EXIT.refused, problem.title ?? `the hub refused the request (${response.status})`, problem);
    }
  }

  return {
    url: base,
    GET: (path, init) => request('GET', path, init),
    POST: (path, init) => request('POST', path, init),
    DELETE: (path, init) => request('DELETE', path, init),
    signIn: async () => {
      token = getToken();
      await token;
    },
  };
}
