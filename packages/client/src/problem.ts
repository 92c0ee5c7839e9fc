/**
 * The hub's errors: RFC 9457 problem+json with Ponte's `code`, the `rule` that denied, and
 * `errors[]` naming each field and the check it failed. The token endpoint answers as RFC 6749
 * §5.2 says (`error`, `error_description`); both are read here.
 */

/** One failed check: where (`body`, `query`, `header`, `path`), which field, which check. */
export interface ProblemFieldError {
  in?: string;
  field: string;
  check: string;
  message?: string;
  [key: string]: unknown;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Ponte's closed set of error codes (`invalid_request`, `precondition_failed`, ...). */
  code: string;
  /** The policy rule that denied, when one did (`referral.not_open`). */
  rule?: string;
  requestId?: string;
  errors?: ProblemFieldError[];
  [key: string]: unknown;
}

/** A refusal from the hub, thrown by {@link unwrap}: the HTTP status, the problem and the response's headers. */
export class PonteProblemError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly code: string;
  readonly rule: string | undefined;
  readonly errors: ProblemFieldError[];
  readonly headers: Headers;

  constructor(problem: Problem, response: Response) {
    super(`${response.status} ${problem.code}: ${problem.detail ?? problem.title}`);
    this.name = 'PonteProblemError';
    this.status = response.status;
    this.problem = problem;
    this.code = problem.code;
    this.rule = problem.rule;
    this.errors = problem.errors ?? [];
    this.headers = response.headers;
  }

  /** The first failed check on `field`, if any. */
  errorFor(field: string): ProblemFieldError | undefined {
    return this.errors.find((e) => e.field === field);
  }
}

/**
 * The problem in an error body, typed: a problem+json body as it is; an RFC 6749 token error as a
 * problem whose `code` is its `error`; anything else (a proxy's HTML page) as `http_<status>`.
 */
export function toProblem(body: unknown, status: number): Problem {
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    if (typeof o.code === 'string' && typeof o.title === 'string') return { ...(o as Problem), status: typeof o.status === 'number' ? o.status : status };
    if (typeof o.error === 'string')
      return {
        type: 'about:blank',
        title: typeof o.error_description === 'string' ? o.error_description : o.error,
        status,
        code: o.error,
        ...(typeof o.error_description === 'string' ? { detail: o.error_description } : {}),
        ...(Array.isArray(o.errors) ? { errors: o.errors as ProblemFieldError[] } : {}),
      };
  }
  return { type: 'about:blank', title: `HTTP ${status}`, status, code: `http_${status}`, ...(typeof body === 'string' && body ? { detail: body.slice(0, 200) } : {}) };
}

/** What every openapi-fetch call answers. */
export interface CallResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call; a refusal thrown as {@link PonteProblemError}. */
export function unwrap<T>(result: CallResult<T>): T {
  if (result.response.ok && result.error === undefined) return result.data as T;
  throw new PonteProblemError(toProblem(result.error, result.response.status), result.response);
}

/** The problem of a failed call, or undefined when it succeeded. */
export function problemOf(result: CallResult<unknown>): Problem | undefined {
  if (result.response.ok && result.error === undefined) return undefined;
  return toProblem(result.error, result.response.status);
}

/** Whether the hub answered from its idempotency store (`Idempotent-Replayed: true`): the change was made by an earlier try. */
export function wasReplayed(result: { response: Response } | Response): boolean {
  const response = result instanceof Response ? result : result.response;
  return response.headers.get('idempotent-replayed') === 'true';
}
