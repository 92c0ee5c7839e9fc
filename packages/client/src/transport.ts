import type { TokenSource } from './auth';

/** How calls are retried. */
export interface RetryOptions {
  /** Tries in all, the first included (default 4; 1 turns retries off). */
  attempts?: number;
  /** First backoff (default 250 ms), doubled each try, with full jitter. */
  baseDelayMs?: number;
  /**
   * The longest wait before a retry (default 30 s): backoff is capped there, and a `Retry-After`
   * asking for longer is not waited for: that answer (429 or 503) is returned to the caller.
   */
  maxDelayMs?: number;
}

export type Fetch = (request: Request) => Promise<Response>;

/**
 * Whether a request may be sent again without doing its work twice: reads (GET, HEAD), and any
 * change that carries an `Idempotency-Key` (the hub answers a repeat from its store).
 */
export function safeToRepeat(request: Request): boolean {
  return request.method === 'GET' || request.method === 'HEAD' || request.headers.has('idempotency-key');
}

/**
 * The seconds or date of a `Retry-After` (RFC 9110 §10.2.3) as milliseconds from now; undefined
 * when absent or unreadable.
 */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A fetch that signs requests with the bearer token and retries what is safe to repeat: on a
 * network error, a 429 or a 503 (and a 409 `idempotency_in_flight`: the first try is still
 * running), waiting as `Retry-After` says, else exponential backoff with jitter. The request is
 * sent again as it is, so a change keeps its one `Idempotency-Key` on every try. A 401
 * `invalid_token` gets one new token and one more try, whatever the method (the hub did nothing).
 */
export function transport(base: Fetch, tokens: TokenSource | undefined, options: RetryOptions = {}): Fetch {
  const attempts = Math.max(1, options.attempts ?? 4);
  const baseDelay = options.baseDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 30_000;

  return async (request) => {
    const repeatable = safeToRepeat(request);
    let token = tokens ? await tokens.current() : undefined;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const sent = request.clone();
      if (token) sent.headers.set('authorization', `Bearer ${token}`);
      let response: Response;
      try {
        response = await base(sent);
      } catch (error) {
        if (request.signal?.aborted || !repeatable || attempt >= attempts) throw error;
        await sleep(backoff(attempt, baseDelay, maxDelay), request.signal);
        continue;
      }
      if (response.status === 401 && tokens && token && !renewed && (await invalidToken(response))) {
        renewed = true;
        const next = await tokens.renew(token);
        if (next) {
          token = next;
          attempt--;
          continue;
        }
      }
      if (!repeatable || attempt >= attempts || !(await worthRetrying(response))) return response;
      const asked = retryAfterMs(response.headers.get('retry-after'));
      if (asked !== undefined && asked > maxDelay) return response;
      await response.body?.cancel();
      await sleep(asked ?? backoff(attempt, baseDelay, maxDelay), request.signal);
    }
  };
}

async function worthRetrying(response: Response): Promise<boolean> {
  if (response.status === 429 || response.status === 503) return true;
  if (response.status !== 409) return false;
  const body = (await response.clone().json().catch(() => undefined)) as { code?: string } | undefined;
  return body?.code === 'idempotency_in_flight';
}

/** A 401 that says the token itself was refused (`WWW-Authenticate: Bearer error="invalid_token"`, or the problem's code). */
async function invalidToken(response: Response): Promise<boolean> {
  if (/error="invalid_token"/.test(response.headers.get('www-authenticate') ?? '')) return true;
  const body = (await response.clone().json().catch(() => undefined)) as { code?: string } | undefined;
  return body?.code === 'invalid_token';
}

const backoff = (attempt: number, base: number, max: number) => Math.random() * Math.min(max, base * 2 ** (attempt - 1));

function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
