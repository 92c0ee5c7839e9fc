import { PonteProblemError, toProblem } from './problem';

/** A token you already have, or a function that gives the current one (called for every request). */
export interface TokenAuth {
  token: string | (() => string | Promise<string>);
}

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4), as an agency's API client signs in: the SDK asks
 * the token endpoint for an access token and keeps it until shortly before it expires.
 */
export interface ClientCredentialsAuth {
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for (default: all the client was given). */
  scope?: string;
  /**
   * The token endpoint. Default: the `token_endpoint` of the hub's RFC 8414 metadata
   * (`/.well-known/oauth-authorization-server`) when it is on the same origin as `baseUrl`,
   * else `${baseUrl}/oauth/token`. The secret is never sent to another origin unless named here.
   */
  tokenUrl?: string;
}

export type PonteAuth = TokenAuth | ClientCredentialsAuth;

/** Where the transport gets its bearer token, and a fresh one after a 401 `invalid_token`. */
export interface TokenSource {
  /** The token to send now. */
  current(): Promise<string>;
  /** A new token after `rejected` was refused as invalid; undefined when there is no other to try. */
  renew(rejected: string): Promise<string | undefined>;
}

export function tokenSource(auth: PonteAuth, baseUrl: string, fetcher: (request: Request) => Promise<Response>): TokenSource {
  if ('token' in auth) {
    const { token } = auth;
    if (typeof token === 'string') return { current: async () => token, renew: async () => undefined };
    return {
      current: async () => token(),
      // A function may know a newer token than the one refused (another process refreshed it).
      renew: async (rejected) => {
        const next = await token();
        return next === rejected ? undefined : next;
      },
    };
  }
  return new ClientCredentials(auth, baseUrl, fetcher);
}

/** How long before its expiry a cached token is renewed: a tenth of its life, at most a minute. */
const renewMarginMs = (lifetimeSeconds: number) => Math.min(60_000, lifetimeSeconds * 100);

class ClientCredentials implements TokenSource {
  #cached: { token: string; renewAt: number } | undefined;
  #pending: Promise<string> | undefined;
  #tokenUrl: Promise<string> | undefined;
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #scope: string | undefined;
  readonly #explicitUrl: string | undefined;

  constructor(
    auth: ClientCredentialsAuth,
    private readonly baseUrl: string,
    private readonly fetcher: (request: Request) => Promise<Response>,
  ) {
    // Kept in private fields: the secret is in no enumerable property, so logging the client or
    // its options does not print it.
    this.#clientId = auth.clientId;
    this.#clientSecret = auth.clientSecret;
    this.#scope = auth.scope;
    this.#explicitUrl = auth.tokenUrl;
  }

  async current(): Promise<string> {
    if (this.#cached && Date.now() < this.#cached.renewAt) return this.#cached.token;
    return this.#fetchOnce();
  }

  async renew(rejected: string): Promise<string | undefined> {
    if (this.#cached?.token === rejected) this.#cached = undefined;
    const next = await this.current();
    return next === rejected ? undefined : next;
  }

  /** One token request at a time: callers waiting meanwhile share its answer. */
  #fetchOnce(): Promise<string> {
    this.#pending ??= this.#requestToken().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #requestToken(): Promise<string> {
    const url = await this.#endpoint();
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (this.#scope) form.set('scope', this.#scope);
    // RFC 6749 §2.3.1: HTTP Basic, each part form-encoded first.
    const basic = Buffer.from(`${formEncode(this.#clientId)}:${formEncode(this.#clientSecret)}`).toString('base64');
    const started = Date.now();
    const response = await this.fetcher(
      new Request(url, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      }),
    );
    const body = (await response.json().catch(() => undefined)) as { access_token?: string; expires_in?: number } | undefined;
    if (!response.ok || typeof body?.access_token !== 'string') throw new PonteProblemError(toProblem(body, response.status), response);
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 300;
    this.#cached = { token: body.access_token, renewAt: started + lifetime * 1000 - renewMarginMs(lifetime) };
    return body.access_token;
  }

  #endpoint(): Promise<string> {
    if (this.#explicitUrl) return Promise.resolve(this.#explicitUrl);
    this.#tokenUrl ??= this.#discover();
    return this.#tokenUrl;
  }

  async #discover(): Promise<string> {
    const fallback = `${this.baseUrl}/oauth/token`;
    try {
      const response = await this.fetcher(new Request(`${this.baseUrl}/.well-known/oauth-authorization-server`, { headers: { accept: 'application/json' } }));
      if (!response.ok) return fallback;
      const metadata = (await response.json()) as { token_endpoint?: unknown };
      if (typeof metadata.token_endpoint !== 'string') return fallback;
      return new URL(metadata.token_endpoint).origin === new URL(this.baseUrl).origin ? metadata.token_endpoint : fallback;
    } catch {
      return fallback;
    }
  }

  toJSON() {
    return { clientId: this.#clientId, clientSecret: '[redacted]' };
  }
}

/** application/x-www-form-urlencoded, as RFC 6749 Appendix B asks for the parts of a Basic credential. */
const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
