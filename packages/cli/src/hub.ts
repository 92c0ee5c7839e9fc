import { createPonteClient, PonteProblemError, toProblem, type PonteClient } from '@ponte/client';
import { CliError, EXIT, type Problem } from './exit';
import type { TokenCache } from './credentials';
import type { Io, Lang } from './io';

/**
 * The hub, through the typed SDK (`@ponte/client`): it signs in with the agency's API client
 * (OAuth 2.0 client credentials), sends an `Idempotency-Key` with every changing POST (the same on
 * each retry), retries what is safe to repeat after network errors, 429 and 503 (`Retry-After`),
 * and keeps the last `ETag` of each record for `If-Match`. This module adds what a command line
 * needs: the language of the hub's problems, and each failure turned into its exit code.
 */
export interface Credentials {
  hub: string;
  clientId: string;
  clientSecret: string;
}

export interface Hub {
  readonly url: string;
  /** The SDK's typed API (openapi-fetch): `api.GET('/v1/referrals', { params: { query } })`. */
  readonly api: PonteClient['api'];
  /** The data of a call; a refusal or a failure thrown as a {@link CliError} with its exit code. */
  call<T>(result: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<{ data: T; response: Response }>;
  /** Checks the credentials by getting a token (exit 3 when the hub refuses them). */
  signIn(): Promise<void>;
}

const USER_AGENT = 'ponte-cli/0.1.0';

export function connectHub(credentials: Credentials, io: Pick<Io, 'fetch'>, lang: Lang, cache?: TokenCache): Hub {
  // The hub answers its problems in the language asked for.
  const send = (request: Request) => {
    request.headers.set('accept-language', lang);
    return io.fetch(request);
  };
  // A person waits at the terminal: a hub asking for more than a few seconds is reported, not waited for.
  const retry = { attempts: 4, maxDelayMs: 5_000 };
  // Tokens come from the SDK's client credentials; one is kept between commands while it is valid.
  const signer = createPonteClient({ baseUrl: credentials.hub, auth: { clientId: credentials.clientId, clientSecret: credentials.clientSecret }, fetch: send, retry, userAgent: USER_AGENT });
  let current: string | undefined;
  const token = async () => {
    current ??= (await cache?.load()) ?? undefined;
    if (current) return current;
    current = await signer.accessToken();
    await cache?.save(current);
    return current;
  };
  const client = createPonteClient({
    baseUrl: credentials.hub,
    auth: { token },
    fetch: async (request) => {
      const sent = request.headers.get('authorization');
      const response = await send(request);
      // The token kept was refused (revoked, or the hub's keys changed): forget it, and the SDK asks once for a new one.
      if (response.status === 401 && current !== undefined && sent === `Bearer ${current}`) {
        current = undefined;
        await cache?.clear();
      }
      return response;
    },
    retry,
    userAgent: USER_AGENT,
  });

  /** What failed before the hub answered the call itself: the token endpoint, or the network. */
  const failure = (error: unknown): CliError => {
    if (error instanceof CliError) return error;
    if (error instanceof PonteProblemError) {
      const problem = error.problem as Problem;
      if (error.status >= 500 || error.status === 429) return new CliError(EXIT.unavailable, `the hub could not sign you in now (${error.status}); try again later`, problem);
      return new CliError(EXIT.auth, `the hub refused the client credentials of ${credentials.clientId} (${error.status} ${error.code}${error.problem.detail ? `: ${error.problem.detail}` : ''})`);
    }
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return new CliError(EXIT.unavailable, `the hub at ${client.baseUrl} could not be reached (${cause})`);
  };

  return {
    url: client.baseUrl,
    api: client.api,
    async call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>) {
      let result: { data?: T; error?: unknown; response: Response };
      try {
        result = await pending;
      } catch (error) {
        throw failure(error);
      }
      const { data, error, response } = result;
      if (response.ok && error === undefined) return { data: data as T, response };
      const problem = toProblem(error, response.status) as Problem;
      if (response.status === 401) throw new CliError(EXIT.auth, 'the hub refused the token of your API client: log in again', problem);
      if (response.status >= 500 || response.status === 429) throw new CliError(EXIT.unavailable, `the hub is unavailable (${response.status})`, problem);
      throw new CliError(EXIT.refused, problem.title ?? `the hub refused the request (${response.status})`, problem);
    },
    async signIn() {
      try {
        current = await signer.accessToken();
        await cache?.save(current);
      } catch (error) {
        throw failure(error);
      }
    },
  };
}
