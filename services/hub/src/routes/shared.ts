import { z } from '@hono/zod-openapi';
import { fieldError, PonteError, Slug, Uuid } from '@ponte/contracts';
import type { Context } from 'hono';
import { AUTH_PROBLEMS } from '../openapi';
import type { HubEnv } from '../types';

/*
 * What the route files share: path parameters, headers, problem lists and response schemas used
 * by more than one operation. Route files import from here, never from each other.
 */

export const IdParam = z.object({ id: Uuid });
export const SlugParam = z.object({ slug: Slug });

/**
 * `Idempotency-Key`, declared by every operation the idempotency middleware acts on (every POST
 * under `/v1`); the middleware checks it before the route's own validation runs.
 */
export const IdempotencyKey = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({
      description:
        'Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters.',
    }),
});

/** `If-Match` with the ETag a read returned: the change is refused if the record moved on since. */
export const IfMatch = z.object({ 'if-match': z.string().max(40).optional() });

/** The headers of a referral's transition: a POST that changes a versioned record. */
export const IfMatchAndIdempotencyKey = IfMatch.extend(IdempotencyKey.shape);

/** Any JSON object: reports, proofs and resources whose shape is documented elsewhere. */
export const JsonObject = z.record(z.string(), z.unknown());

export const WebhookEndpoint = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    status: z.enum(['active', 'paused', 'disabled']).meta({ description: '`paused`: deliveries wait, and go out when it resumes' }),
    version: z.number().int().meta({ description: 'Counts changes; the ETag' }),
    createdAt: z.string(),
    updatedAt: z.string().nullable(),
    secretCreatedAt: z.string().nullable().meta({ description: 'When its signing secret was made; null: none yet (an endpoint made before endpoints had secrets gets `v1a` only until its secret is rotated)' }),
    previousSecretExpiresAt: z.string().nullable().meta({ description: 'Until then, the secret a rotation replaced still signs beside the new one' }),
  })
  .meta({ id: 'WebhookEndpoint' });

/** An endpoint with its signing secret: answered once, when it is made or its secret rotated, and never again. */
export const WebhookEndpointWithSecret = WebhookEndpoint.extend({
  secret: z.string().meta({ description: 'The Standard Webhooks secret (`whsec_` and base64), for `v1` signatures: shown this once, never stored readable', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
}).meta({ id: 'WebhookEndpointWithSecret' });

/** What a request that writes to a record can be refused with. */
export const WRITE_PROBLEMS = ['invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', ...AUTH_PROBLEMS] as const;

/** What a referral's transition can be refused with. */
export const TRANSITION_PROBLEMS = [...WRITE_PROBLEMS, 'conflict', 'precondition_failed'] as const;

/** `W/"7"` or `"7"` → 7; anything else names the header as the offending field. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match)
    throw new PonteError('invalid_request', { en: 'If-Match must be an ETag this API returned', pt: 'If-Match tem de ser um ETag devolvido por esta API' }, [
      fieldError('header', ['if-match'], 'etag', { en: 'not an ETag of this API', pt: 'não é um ETag desta API' }),
    ]);
  return Number(match[1]);
}

/** Sets the answer's `ETag` to the record's version, for a later `If-Match`; returns the record. */
export function withEtag<T extends { version: number }>(c: Context<HubEnv>, record: T): T {
  c.header('etag', `W/"${record.version}"`);
  return record;
}


/** What a person's own account operations are refused with. */
export const OWN_ACCOUNT_PROBLEMS = ['invalid_request', 'malformed_body', 'unsupported_media_type', 'invalid_grant', 'rate_limited'] as const;
