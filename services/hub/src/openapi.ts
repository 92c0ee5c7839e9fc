import { Problem, PROBLEMS, type ProblemCode } from '@ponte/contracts';
import type { z } from 'zod';

/** The problem+json responses a route declares, by the codes it can return. */
export function problems(...codes: ProblemCode[]) {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) byStatus.set(PROBLEMS[code].status, [...(byStatus.get(PROBLEMS[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      { description: list.map((c) => `\`${c}\``).join(', '), content: { 'application/problem+json': { schema: Problem } } },
    ]),
  );
}

/** Every authenticated route can answer these. */
export const AUTH_PROBLEMS: ProblemCode[] = ['unauthenticated', 'invalid_token'];

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const bearer = [{ bearer: [] }];

const header = (description: string, example: string) => ({ description, schema: { type: 'string' as const, example } });

/** The header fields of an answer counted against a rate limit (draft-ietf-httpapi-ratelimit-headers). */
export const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': header('The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>`', '"principal";q=1200;w=60'),
  RateLimit: header('What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>`', '"principal";r=1187;t=42'),
};

/** The header fields of a 429 answer: the wait, and the limits. */
export const TOO_MANY_HEADERS = { 'Retry-After': header('Seconds to wait before trying again', '17'), ...RATE_LIMIT_HEADERS };

/** The `ETag` of a versioned record (subject, referral): a strong validator, its version, for `If-Match`. */
export const ETAG_HEADER = { ETag: header('The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record', '"3"') };

/** The paths whose requests are counted against a rate limit: the API, the token endpoint, a person's own account. */
export const isRateLimitedPath = (path: string) => path.startsWith('/v1/') || path === '/oauth/token' || path.startsWith('/account/');

type OpenApiResponse = { description: string; headers?: Record<string, unknown>; content?: Record<string, unknown> };
type OpenApiOperation = { parameters?: Array<{ in?: string; name?: string }>; responses?: Record<string, OpenApiResponse> };
type OpenApiPaths = Record<string, Record<string, OpenApiOperation> | undefined>;

/**
 * Every operation a limit counts says so in the document, in one place rather than in each route:
 * its success answers carry `RateLimit-Policy` and `RateLimit`, and it may answer 429 (a problem,
 * or at the token endpoint an RFC 6749 error) with `Retry-After` as well.
 */
export function withRateLimitHeaders<T extends { paths?: object | undefined }>(document: T): T {
  for (const [path, operations] of Object.entries((document.paths ?? {}) as OpenApiPaths)) {
    if (!isRateLimitedPath(path) || !operations) continue;
    for (const operation of Object.values(operations)) {
      const responses = (operation.responses ??= {});
      for (const [status, response] of Object.entries(responses))
        if (status.startsWith('2')) response.headers = { ...response.headers, ...RATE_LIMIT_HEADERS };
      const tooMany = (responses['429'] ??= { description: '`rate_limited`', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
      tooMany.headers = { ...tooMany.headers, ...TOO_MANY_HEADERS };
    }
  }
  return document;
}

/** The header field of an answer replayed from its `Idempotency-Key` (as Stripe's API says it). */
export const IDEMPOTENT_REPLAYED_HEADER = {
  'Idempotent-Replayed': header('`true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer', 'true'),
};

/** The statuses stored under a key and replayed: successes, and refusals but for 401, 403 and 429. */
const isReplayable = (status: string) => status.startsWith('2') || (status.startsWith('4') && !['401', '403', '429'].includes(status));

/** Adds a problem code to an operation's answers under its status, beside the codes already there. */
function addProblem(responses: Record<string, OpenApiResponse>, code: ProblemCode): void {
  const status = String(PROBLEMS[code].status);
  const existing = responses[status];
  if (!existing) responses[status] = { description: `\`${code}\``, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  else if (!existing.description.includes(`\`${code}\``)) responses[status] = { ...existing, description: `${existing.description}, \`${code}\`` };
}

/**
 * Every operation that takes `Idempotency-Key` says what the key does, in one place rather than in
 * each route: the answers it stores and replays carry `Idempotent-Replayed`, the key sent with
 * another request is 422 `idempotency_key_reused`, and a retry while the first is in flight is 409
 * `idempotency_in_flight`.
 */
export function withIdempotencyDocs<T extends { paths?: object | undefined }>(document: T): T {
  for (const operations of Object.values((document.paths ?? {}) as OpenApiPaths)) {
    for (const operation of Object.values(operations ?? {})) {
      if (!operation.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key')) continue;
      const responses = (operation.responses ??= {});
      addProblem(responses, 'idempotency_key_reused');
      addProblem(responses, 'idempotency_in_flight');
      // New answer objects: the generator may share one between operations that take no key.
      for (const [status, response] of Object.entries(responses)) if (isReplayable(status)) responses[status] = { ...response, headers: { ...response.headers, ...IDEMPOTENT_REPLAYED_HEADER } };
    }
  }
  return document;
}
