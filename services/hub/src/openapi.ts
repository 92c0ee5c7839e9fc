import { z } from '@hono/zod-openapi';
import { EVENT_TYPES, OVERDUE_KINDS, PING_EVENT_TYPE, TRANSFER_STATUSES, Problem, PROBLEM_CODES, PROBLEMS, REFERRAL_STATUSES, RULE_CODES, DataCategory, ServiceCode, Slug, Timestamp, URGENCIES, Uuid, type ProblemCode } from '@ponte/contracts';

/**
 * The problem document as the hub sends it (services/hub/src/problem.ts): RFC 9457's members, the
 * hub's own (`code`, `requestId`, `errors`) and the extension members a refusal may carry. The
 * contracts' `Problem` is the type the hub builds; this is what the API description says of it.
 */
export const ProblemDocument = Problem.extend({
  type: z.string().meta({ description: 'A URI reference naming the problem type: `/problems/<code>`, which answers with the code’s meaning in both languages', example: '/problems/precondition_failed' }),
  title: z.string().meta({ description: 'A short summary of the problem type, the same for every occurrence of `code`; English or Portuguese by `Accept-Language`', example: 'The resource changed since you read it' }),
  status: z.number().int().meta({ description: 'The HTTP status code of this answer', example: 412 }),
  detail: z.string().optional().meta({ description: 'What went wrong in this occurrence, for a person; never personal data', example: 'The referral changed since you read it' }),
  instance: z.string().optional().meta({ description: 'The request’s path', example: '/v1/referrals/0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90/accept' }),
  code: z.enum(PROBLEM_CODES).meta({ description: 'The problem’s stable code, one of a closed set: branch on this, not on `title` or `detail`' }),
  requestId: z.string().meta({ description: 'The request’s id, as in the `X-Request-Id` header and the hub’s logs: quote it when asking the hub’s operators' }),
  rule: z.enum(RULE_CODES).optional().meta({
    description: 'When a rule of the hub decided the refusal: its name, the same the access log records for it (`need_to_know`, `referral.accept_not_allowed`, `referral.transition_not_allowed`, ...)',
    example: 'referral.transition_not_allowed',
  }),
  errors: z
    .array(
      z.object({
        in: z.enum(['body', 'query', 'path', 'header']).meta({ description: 'Where the field is' }),
        field: z.string().meta({ description: 'The field’s dotted path in that place (`services.0.province`); empty for the whole body', example: 'categories.0' }),
        pointer: z.string().meta({ description: 'A JSON Pointer (RFC 6901) to the field, its place first', example: '/body/categories/0' }),
        check: z.string().meta({ description: 'The check that failed, a stable name: a zod issue code (`too_small`, `invalid_type`, `unrecognized_keys`), or one of the hub’s (`required`, `unique`, `etag`, `consent_names_recipient`, ...)', example: 'invalid_value' }),
        message: z.string().meta({ description: 'The failure, for a person, in the answer’s language' }),
      }),
    )
    .optional()
    .meta({ description: 'One entry per failed check of the request, when the refusal is about fields of it (400, 412, 422, 428)' }),
  retryAfter: z.number().int().optional().meta({ description: 'Seconds to wait before trying again, as in `Retry-After` (429, 503)', example: 2 }),
  currentVersion: z.number().int().optional().meta({ description: 'A 409 or 412 on a versioned record: its version now (its ETag is this number, quoted)', example: 4 }),
  currentStatus: z.enum(REFERRAL_STATUSES).optional().meta({ description: 'A referral’s transition refused (409): the status the referral is in now' }),
}).meta({ id: 'Problem', description: 'RFC 9457 problem details, as `application/problem+json`, in English or Portuguese by `Accept-Language`' });

/** The problem+json responses a route declares, by the codes it can return. */
export function problems(...codes: ProblemCode[]) {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) byStatus.set(PROBLEMS[code].status, [...(byStatus.get(PROBLEMS[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      { description: list.map((c) => `\`${c}\``).join(', '), content: { 'application/problem+json': { schema: ProblemDocument } } },
    ]),
  );
}

/** Every authenticated route can answer these. */
export const AUTH_PROBLEMS: ProblemCode[] = ['unauthenticated', 'invalid_token'];

/** A JSON answer; with an example (checked against the schema by the type and by the API description's lint). */
export const json = <T extends z.ZodType>(schema: T, description: string, example?: z.output<T>) => ({
  description,
  content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } },
});

/** A JSON request body; with an example, as {@link json}. */
export const jsonBody = <T extends z.ZodType>(schema: T, example?: z.input<T>) => ({
  required: true,
  content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } },
});

/**
 * How an API operation is authorized: an access token from `POST /oauth/token`, which the
 * description offers two ways (either suffices): the bare `bearer` scheme, and the `oauth2` scheme
 * that names the token URL and the client-credentials flow, for generators and API consoles.
 */
export const bearer: Array<Record<string, string[]>> = [{ bearer: [] }, { oauth2: [] }];

const header = (description: string, example: string) => ({ description, schema: { type: 'string' as const, example } });

/** The header fields of an answer counted against a rate limit (draft-ietf-httpapi-ratelimit-headers). */
export const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': header('The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>`', '"principal";q=1200;w=60'),
  RateLimit: header('What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>`', '"principal";r=1187;t=42'),
};

/** The header fields of a 429 answer: the wait, and the limits. */
export const TOO_MANY_HEADERS = { 'Retry-After': header('Seconds to wait before trying again', '17'), ...RATE_LIMIT_HEADERS };

/** The `ETag` of a versioned record (subject, referral, webhook endpoint): a strong validator, its version, for `If-Match`. */
export const ETAG_HEADER = { ETag: header('The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record', '"3"') };

/** Where a 201 answer's new record is read. */
export const LOCATION_HEADER = { Location: header('The path of the record just made, to read it', '/v1/referrals/0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90') };

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

/** The header field of a 401: the challenge (RFC 9110 §11.6.1), `Bearer` with `error="invalid_token"` when a token was sent and refused. */
export const CHALLENGE_HEADER = { 'WWW-Authenticate': header('The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused', 'Bearer realm="ponte", error="invalid_token"') };

/** The header field of a 503 the hub itself gives (the database briefly away, the request past its time). */
export const RETRY_AFTER_HEADER = { 'Retry-After': header('Seconds to wait before trying again', '2') };

/** What any operation that reaches the database may answer when it cannot: a 503 with `Retry-After`. */
const UNAVAILABLE: ProblemCode[] = ['unavailable', 'timeout', 'outcome_unknown'];

/**
 * What every operation of a kind answers, said in one place rather than in each route:
 * - an operation under `/v1` takes an access token, so it may answer 401 (with its challenge);
 * - one that takes `If-Match` may answer 412 (a stale or weak tag), and 428 when it requires it;
 * - one under `/v1` or `/account` may answer 503 with `Retry-After` (the database away, the request
 *   past its time, or a commit whose outcome is unknown: retry with the same `Idempotency-Key`);
 * - one outside `/v1` that names no security scheme is public, and says so (`security: []`).
 */
export function withContractDocs<T extends { paths?: object | undefined }>(document: T): T {
  for (const [path, operations] of Object.entries((document.paths ?? {}) as OpenApiPaths)) {
    for (const operation of Object.values(operations ?? {}) as Array<OpenApiOperation & { security?: unknown[] }>) {
      const responses = (operation.responses ??= {});
      if (path.startsWith('/v1/')) {
        addProblem(responses, 'unauthenticated');
        addProblem(responses, 'invalid_token');
      } else operation.security ??= [];
      const ifMatch = operation.parameters?.find((p) => p.in === 'header' && p.name === 'if-match') as { required?: boolean } | undefined;
      if (ifMatch) addProblem(responses, 'precondition_failed');
      if (ifMatch?.required) addProblem(responses, 'precondition_required');
      if (path.startsWith('/v1/') || path.startsWith('/account/')) for (const code of UNAVAILABLE) addProblem(responses, code);
      if (responses['401']?.content?.['application/problem+json']) responses['401'] = { ...responses['401'], headers: { ...responses['401'].headers, ...CHALLENGE_HEADER } };
      if (responses['503'] && (path.startsWith('/v1/') || path.startsWith('/account/'))) responses['503'] = { ...responses['503'], headers: { ...responses['503'].headers, ...RETRY_AFTER_HEADER } };
    }
  }
  return document;
}

/**
 * A nullable reference as the generator writes it, `allOf: [{$ref}, {type: [..., 'null']}]`, admits
 * no null at all (null fails the reference), so the document would refuse the null the hub takes
 * (`PATCH /v1/subjects/{id}` with `contact: null`) and sends (a referral's triage province), and a
 * client typed from it could not say it. Each is rewritten, everywhere in the document, as
 * `anyOf: [{$ref}, {type: 'null'}]`, keeping its other keywords (description, default).
 */
export function withNullableReferences<T extends object>(document: T): T {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const { allOf, ...rest } = node as { allOf?: Array<{ $ref?: string; type?: string | string[] }> } & Record<string, unknown>;
    const ref = allOf?.length === 2 ? allOf.find((s) => s.$ref) : undefined;
    const nullable = allOf?.find((s) => s !== ref && [s.type].flat().includes('null') && Object.keys(s).length === 1);
    if (ref && nullable) return { ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, visit(v)])), anyOf: [ref, { type: 'null' }] };
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'example' || k === 'examples' ? v : visit(v)]));
  };
  return visit(document) as T;
}

/** What a referral event's `data` holds: the referral's ids and state after the step, never personal data. */
const ReferralEventData = z
  .object({
    referralId: Uuid,
    status: z.enum(REFERRAL_STATUSES).meta({ description: 'The referral’s status after the step' }),
    version: z.number().int().meta({ description: 'The referral’s version after the step (its ETag, quoted)' }),
    service: ServiceCode,
    urgency: z.enum(URGENCIES),
  })
  .meta({ id: 'ReferralEventData' });

/** What a `referral.purge_requested` event's `data` holds. */
const PurgeRequestedData = z
  .object({
    referralId: Uuid,
    reason: z.enum(['consent_withdrawn', 'subject_erased']).meta({ description: 'Why: the consent the referral rested on was withdrawn (`consent_withdrawn`), or the subject\'s owner erased the subject (`subject_erased`: attest the purge with `POST /v1/referrals/{id}/purge-attestation` by `dueAt`)' }),
    categories: z.array(DataCategory).meta({ description: 'The categories the referral shared: erase what you copied of them' }),
    status: z.enum(REFERRAL_STATUSES),
    purgeRequestId: Uuid.optional().meta({ description: 'On an erasure: the purge request to attest' }),
    dueAt: Timestamp.optional().meta({ description: 'On an erasure: by when to attest the purge' }),
  })
  .meta({ id: 'PurgeRequestedData' });

/** What a `referral.purge_attested` or `referral.purge_overdue` event's `data` holds: ids and times only. */
const PurgeAttestationData = z
  .object({
    referralId: Uuid,
    purgeRequestId: Uuid,
    attestedAt: Timestamp.optional().meta({ description: 'When the recipient attested (on `referral.purge_attested`)' }),
    dueAt: Timestamp.optional().meta({ description: 'The deadline passed (on `referral.purge_overdue`)' }),
  })
  .meta({ id: 'PurgeAttestationData' });

/** What a `referral.message` event's `data` holds: ids and the author's agency, never the text. */
const ReferralMessageData = z
  .object({
    referralId: Uuid,
    messageId: Uuid.meta({ description: 'Read it on `GET /v1/referrals/{id}/messages`, under the conversation’s rules (which records your read receipt)' }),
    authorAgency: Slug,
  })
  .meta({ id: 'ReferralMessageData' });

/** What a `referral.overdue` event's `data` holds: ids, state and the deadline passed, never personal data. */
const ReferralOverdueData = z
  .object({
    referralId: Uuid,
    status: z.enum(REFERRAL_STATUSES).meta({ description: 'The referral’s status when it was found overdue' }),
    version: z.number().int(),
    service: ServiceCode,
    urgency: z.enum(URGENCIES),
    kind: z.enum(OVERDUE_KINDS).meta({ description: '`response`: not accepted or declined by `respondBy`; `completion`: accepted, not completed by `dueDate`' }),
    deadline: z.string().meta({ description: 'The deadline passed: `respondBy` (a timestamp) or `dueDate` (a date)' }),
  })
  .meta({ id: 'ReferralOverdueData' });
/** What a `subject.transfer_*` event's `data` holds: the transfer's ids and state, never personal data. */
const TransferEventData = z
  .object({
    transferId: Uuid.meta({ description: 'Read it on `GET /v1/transfers/{id}`' }),
    status: z.enum(TRANSFER_STATUSES).meta({ description: 'The transfer’s status after the step' }),
    version: z.number().int().meta({ description: 'The transfer’s version after the step (its ETag, quoted)' }),
    fromAgency: Slug,
    toAgency: Slug,
  })
  .meta({ id: 'TransferEventData' });

const PingData = z.object({ endpointId: Uuid.meta({ description: 'The endpoint the test was asked for' }) }).meta({ id: 'PingData' });

/** What each event type tells, and its `data`. */
const WEBHOOK_EVENTS: Record<(typeof EVENT_TYPES)[number] | typeof PING_EVENT_TYPE, { summary: string; data: z.ZodType }> = {
  'referral.sent': { summary: 'A referral was sent: to the sending and the receiving agency', data: ReferralEventData },
  'referral.accepted': { summary: 'The receiving agency accepted a referral', data: ReferralEventData },
  'referral.declined': { summary: 'The receiving agency declined a referral (its reason is read on the referral)', data: ReferralEventData },
  'referral.assigned': { summary: 'A received referral was assigned to a caseworker (the status stays as it was)', data: ReferralEventData },
  'referral.started': { summary: 'The receiving agency started delivering the service', data: ReferralEventData },
  'referral.completed': { summary: 'The receiving agency completed a referral (its outcome is read on the referral)', data: ReferralEventData },
  'referral.withdrawn': { summary: 'The sender withdrew a referral', data: ReferralEventData },
  'referral.purge_requested': { summary: 'The consent a referral rested on was withdrawn, or the subject was erased: its data is no longer to be kept (on an erasure, attest the purge)', data: PurgeRequestedData },
  'referral.purge_attested': { summary: 'The receiving agency attested that it purged an erased subject\'s data: to the owner, the referral\'s sender and the recipient, ids only (read the attestation on the subject\'s tombstone)', data: PurgeAttestationData },
  'referral.purge_overdue': { summary: 'A purge asked on an erasure was not attested by its deadline: to the owner and the recipient, once, ids only', data: PurgeAttestationData },
  'referral.message': { summary: 'A message was written on a referral’s conversation: to both agencies, with ids only (the text is read on the conversation)', data: ReferralMessageData },
  'referral.overdue': {
    summary: 'A referral passed a deadline: still not accepted or declined by its response deadline, or not completed by its due date. To both agencies, once per referral and deadline, ids only',
    data: ReferralOverdueData,
  },
  'subject.transfer_requested': { summary: 'An agency asked another to take a case over for good (a transfer of responsibility): to both agencies', data: TransferEventData },
  'subject.transfer_accepted': { summary: 'The receiving agency took the case over and has its own record of it; the sender’s record becomes read-only after the grace period: to both agencies', data: TransferEventData },
  'subject.transfer_declined': { summary: 'The receiving agency declined to take the case over (its reason is read on the transfer): to both agencies', data: TransferEventData },
  'subject.transfer_cancelled': { summary: 'The sending agency cancelled a transfer before a decision: to both agencies', data: TransferEventData },
  [PING_EVENT_TYPE]: { summary: 'A test delivery an administrator asked for (`POST /v1/webhook-endpoints/{id}/ping`), to that endpoint alone', data: PingData },
};

const webhookHeaders = z.object({
  'webhook-id': Uuid.meta({ description: 'The event’s id, the same in every retry: deduplicate on it (delivery is at least once)' }),
  'webhook-timestamp': z.string().regex(/^\d+$/).meta({ description: 'When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes)', example: '1764930000' }),
  'webhook-signature': z.string().meta({
    description: 'Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==',
  }),
  'ponte-key-id': z.string().meta({ description: 'The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json`' }),
});

/**
 * The webhooks, one per event type: what the hub POSTs to an agency's endpoint, signed as Standard
 * Webhooks says (packages/core/src/events/deliver-webhooks.ts), and what it does with the answer.
 */
export function registerWebhookDocs(registry: { registerWebhook(webhook: never): void }) {
  for (const [type, { summary, data }] of Object.entries(WEBHOOK_EVENTS)) {
    const body = z
      .object({
        id: Uuid.meta({ description: 'The event’s id, also in `webhook-id`' }),
        type: z.literal(type),
        createdAt: Timestamp,
        data,
      })
      .meta({ id: `${type.replace(/(^|[._])([a-z])/g, (_, __: string, letter: string) => letter.toUpperCase())}Event` });
    registry.registerWebhook({
      method: 'post',
      path: type,
      operationId: `receive${type.replace(/(^|[._])([a-z])/g, (_, __: string, letter: string) => letter.toUpperCase())}`,
      tags: ['Events and webhooks'],
      summary,
      // The receiver authenticates the hub by the signature, not by a scheme of this API.
      security: [],
      description:
        (type === PING_EVENT_TYPE
          ? 'POSTed to the one endpoint the ping was asked for, whatever its `eventTypes`. '
          : `POSTed to every endpoint that subscribes to \`${type}\` (an empty \`eventTypes\`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. `) +
        'Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. ' +
        'Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). ' +
        'A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.',
      request: { headers: webhookHeaders, body: { required: true, content: { 'application/json': { schema: body } } } },
      responses: {
        200: { description: 'Received (any 2xx): the delivery is done' },
        default: { description: 'Any other answer, or none in time: the delivery is retried later' },
      },
    } as never);
  }
}
