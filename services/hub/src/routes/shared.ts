import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_TITLE_HEADER, DocumentTitle, fieldError, PonteError, Slug, Uuid, type Referral } from '@ponte/contracts';
import type { DocumentDownload } from '@ponte/core';
import type { Context, MiddlewareHandler } from 'hono';
import { AUTH_PROBLEMS, problems } from '../openapi';
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

const IF_MATCH = z.string().max(40);
const IF_MATCH_TEXT =
  'The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1).';

/** `If-Match`, required: every change of a versioned record that its status does not guard (428 without it). */
export const IfMatch = z.object({ 'if-match': IF_MATCH.meta({ description: `Required (428 without it). ${IF_MATCH_TEXT}` }) });

/**
 * The headers of a referral's transition. `If-Match` is optional there: a transition is itself
 * checked against the status the caller saw (a second `accept` is a 409, never a lost update);
 * when sent, it is compared as on any other change.
 */
export const IfMatchAndIdempotencyKey = z.object({ 'if-match': IF_MATCH.optional().meta({ description: `Optional. ${IF_MATCH_TEXT}` }) }).extend(IdempotencyKey.shape);

/** `If-Match` required, with `Idempotency-Key`: a POST that changes a versioned record besides its status. */
export const IfMatchRequiredAndIdempotencyKey = IfMatch.extend(IdempotencyKey.shape);

/** An HL7 FHIR R5 resource: its type in `resourceType`, its shape in the FHIR specification. */
export const FhirResource = z.object({ resourceType: z.string() }).catchall(z.unknown()).meta({ id: 'FhirResource' });

/** What a read of one FHIR resource answers: the resource, or a problem. */
export const fhirRead = (resourceType: string) => ({
  200: { description: `FHIR R5 ${resourceType}`, content: { 'application/fhir+json': { schema: FhirResource } } },
  ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS),
});

/** A FHIR resource as the answer, in FHIR's own media type. */
export const fhirJson = (resource: { resourceType: string }) =>
  new Response(JSON.stringify(resource), { status: 200, headers: { 'content-type': 'application/fhir+json; charset=utf-8' } }) as never;

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

/** What a change of a versioned record can be refused with, beyond {@link WRITE_PROBLEMS}. */
export const VERSIONED_CHANGE_PROBLEMS = [...WRITE_PROBLEMS, 'conflict', 'precondition_failed', 'precondition_required'] as const;

const notAnEtag = () =>
  new PonteError('invalid_request', { en: 'If-Match must be an ETag this API returned, or *', pt: 'If-Match tem de ser um ETag devolvido por esta API, ou *' }, [
    fieldError('header', ['if-match'], 'etag', { en: 'not an ETag of this API', pt: 'não é um ETag desta API' }),
  ]);

/**
 * The one guard of every change to a versioned record (route middleware, before validation), by
 * RFC 9110 §13.1.1 and RFC 6585 §3:
 * - no `If-Match` where it is required: 428 `precondition_required`, naming the header;
 * - `*`: true whenever the record exists, so the change goes ahead on the current version (the
 *   verb answers 404 when there is none);
 * - a weak tag (`W/"3"`): 412, not 400. The header is well formed, but If-Match compares strongly
 *   and a weak tag never matches one, so the precondition is false, which §13.1.1 answers with 412;
 * - a strong tag: its version is handed to the verb (`expectedVersion`), which answers 412 when the
 *   record has moved on since; one that is no tag of this API is a 400 naming the header.
 */
export function ifMatch(requirement: 'required' | 'optional'): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const header = c.req.header('if-match')?.trim();
    if (header === undefined || header === '') {
      if (requirement === 'optional') return next();
      throw new PonteError('precondition_required', undefined, [
        fieldError('header', ['if-match'], 'required', { en: 'send the ETag of your last read, or *', pt: 'envie o ETag da sua última leitura, ou *' }),
      ]);
    }
    if (header === '*') return next();
    if (/^W\/"/.test(header))
      throw new PonteError(
        'precondition_failed',
        { en: 'A weak ETag (W/...) never matches in If-Match: send the strong ETag a read returned', pt: 'Um ETag fraco (W/...) nunca corresponde em If-Match: envie o ETag forte que uma leitura devolveu' },
        [fieldError('header', ['if-match'], 'strong_etag', { en: 'a weak ETag never matches', pt: 'um ETag fraco nunca corresponde' })],
      );
    const match = /^"(\d{1,9})"$/.exec(header);
    if (!match) throw notAnEtag();
    c.set('expectedVersion', Number(match[1]));
    await next();
  };
}

/** Sets the answer's `ETag` to the record's version, a strong validator, for a later `If-Match`; returns the record. */
export function withEtag<T extends { version: number }>(c: Context<HubEnv>, record: T): T {
  c.header('etag', `"${record.version}"`);
  return record;
}

/** What a person's own account operations are refused with. */
export const OWN_ACCOUNT_PROBLEMS = ['invalid_request', 'malformed_body', 'unsupported_media_type', 'invalid_grant', 'rate_limited'] as const;

/** How a webhook delivery is signed, for the operations that make or show an endpoint. */
export const WEBHOOK_SIGNING = [
  'Deliveries follow [Standard Webhooks](https://www.standardwebhooks.com/): headers `webhook-id` (the event id, stable across retries), `webhook-timestamp` (Unix seconds) and',
  '`webhook-signature`, a space-separated list: `v1,<base64 HMAC-SHA256 under the endpoint’s secret>` (two during a rotation’s overlap) and `v1a,<base64 Ed25519 signature under the hub’s key>`,',
  'both over `<webhook-id>.<webhook-timestamp>.<body>`; `ponte-key-id` names the hub key (its `kid` in `/.well-known/jwks.json`). The `standardwebhooks` libraries verify `v1` as they are:',
  '`new Webhook(secret).verify(body, headers)`.',
].join(' ');

/** The operations on one of an agency's webhook endpoints, after `POST /v1/webhook-endpoints`: their tag and problems. */
export const WEBHOOK_TAGS = ['Events and webhooks'];
/** The retention schedule, its forecast and its runs. */
export const RETENTION_TAGS = ['Retention'];
export const WEBHOOK_ENDPOINT_PROBLEMS = ['forbidden', 'not_found', ...AUTH_PROBLEMS] as const;
export const WEBHOOK_CHANGE_PROBLEMS = [...WRITE_PROBLEMS, 'conflict'] as const;

/** A referral as its sender sees it, sent and not yet accepted: the example of the referral operations' answers. */
export const REFERRAL_EXAMPLE: Referral = {
  id: '5d7c1f0e-8a3b-4c2d-9e6f-1a2b3c4d5e6f',
  from: 'iom',
  to: 'casa-esperanca',
  status: 'sent',
  version: 1,
  service: 'shelter',
  purpose: 'protection_assistance',
  urgency: 'priority',
  dueDate: '2026-12-12',
  triage: { ageBand: '25-59', sex: 'female', province: 'MZ-N', languages: ['pt', 'vmw'] },
  sharedCategories: ['identity', 'contact', 'protection'],
  legalBasis: 'consent',
  subjectId: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90',
  consentId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  note: 'Needs a safe place within three days; prefers contact through her caseworker.',
  assigneeId: null,
  outcomeCode: null,
  outcome: null,
  reasonCode: null,
  reason: null,
  sentAt: '2026-12-05T09:30:00Z',
  acceptedAt: null,
  completedAt: null,
  closedAt: null,
  respondBy: '2026-12-08T09:30:00Z',
  overdue: false,
  overdueKind: null,
  transitions: [{ step: 'send', from: null, to: 'sent', actorAgency: 'iom', at: '2026-12-05T09:30:00Z', reason: null }],
  view: 'sender',
  parentReferralId: null,
};

/** A message on a referral's conversation, as the examples show it. */
export const REFERRAL_MESSAGE_EXAMPLE = {
  id: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  referralId: '7a1c2e3f-4b5d-4c6e-8f70-9a1b2c3d4e5f',
  authorAgency: 'mgcas',
  authorId: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098',
  body: 'Can the family be contacted before the home visit on Tuesday?',
  createdAt: '2026-12-05T10:15:00.000Z',
  readByOtherSideAt: null,
};

/** The one path documents are uploaded to: its body is streamed by the route, under the documents' own size limit. */
const DOCUMENT_UPLOAD_PATH = /^\/v1\/subjects\/[^/]+\/documents\/?$/;
export const isDocumentUpload = (method: string, path: string) => method === 'POST' && DOCUMENT_UPLOAD_PATH.test(path);
/** The console's upload form (multipart, read whole by the form's CSRF check): held to the documents' limit, not the body limit. */
const CONSOLE_DOCUMENT_UPLOAD_PATH = /^\/console\/subjects\/[^/]+\/documents\/?$/;
export const isConsoleDocumentUpload = (method: string, path: string) => method === 'POST' && CONSOLE_DOCUMENT_UPLOAD_PATH.test(path);

/**
 * A document's bytes, read from the request as they arrive, with their SHA-256 computed on the
 * way, and never more than `maxBytes` of them: a `Content-Length` past it is refused before a byte
 * is read, and a body that grows past it is abandoned there (413 `payload_too_large`, check
 * `max_size`), so memory holds at most the limit.
 */
export async function readDocumentBody(c: Context<HubEnv>, maxBytes: number): Promise<{ content: Uint8Array; sha256: string }> {
  const tooLarge = () => {
    const text = { en: `A document may be at most ${maxBytes} bytes`, pt: `Um documento pode ter no máximo ${maxBytes} bytes` };
    return new PonteError('payload_too_large', text, [fieldError('body', [], 'max_size', text)]);
  };
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const hash = createHash('sha256');
  const parts: Uint8Array[] = [];
  let size = 0;
  const body = c.req.raw.body;
  if (body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      hash.update(value);
      parts.push(value);
    }
  }
  const content = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    content.set(part, at);
    at += part.length;
  }
  return { content, sha256: hash.digest('hex') };
}

/** A document's title from its header: percent-encoded UTF-8 decoded, then checked as the contract says. */
export function documentTitle(raw: string): string {
  let decoded: string;
  try {
    // A header carries ASCII: raw UTF-8 bytes arrive as Latin-1 text and would be stored garbled.
    if (/[^\x20-\x7e]/.test(raw)) throw new URIError('not ASCII');
    decoded = decodeURIComponent(raw);
  } catch {
    throw new PonteError('invalid_request', { en: 'The document title is not valid percent-encoded UTF-8', pt: 'O título do documento não é UTF-8 válido com codificação percentual' }, [
      fieldError('header', [DOCUMENT_TITLE_HEADER], 'percent_encoding', { en: 'percent-encoded UTF-8', pt: 'UTF-8 com codificação percentual' }),
    ]);
  }
  const parsed = DocumentTitle.safeParse(decoded);
  if (!parsed.success || /[\u0000-\u001f\u007f]/.test(decoded))
    throw new PonteError('invalid_request', { en: 'The document title must be 1 to 200 characters, without control characters', pt: 'O título do documento tem de ter 1 a 200 caracteres, sem caracteres de controlo' }, [
      fieldError('header', [DOCUMENT_TITLE_HEADER], 'title', { en: '1 to 200 characters, no control characters', pt: '1 a 200 caracteres, sem caracteres de controlo' }),
    ]);
  return parsed.data;
}

/** The parameters of one document of a subject or a referral. */
export const DocumentParams = z.object({ id: Uuid, documentId: Uuid });

/** The answer's header fields of a download, documented once. */
export const DOCUMENT_DOWNLOAD_HEADERS = {
  'Content-Disposition': { description: 'Always `attachment`, with an ASCII file name made of the category and the document id (never its title)', schema: { type: 'string' as const, example: 'attachment; filename="health-3f2a1b0c.pdf"' } },
  'X-Content-Type-Options': { description: 'Always `nosniff`: the content is the type the hub found by its first bytes, and nothing else', schema: { type: 'string' as const, example: 'nosniff' } },
  ETag: { description: 'The content’s SHA-256 in hex, quoted: the same as `sha256` in the document’s metadata', schema: { type: 'string' as const, example: '"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"' } },
  'Repr-Digest': { description: 'The content’s SHA-256 (RFC 9530)', schema: { type: 'string' as const, example: 'sha-256=:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=:' } },
};

/** The binary answer of a download, in each kind a document may be. */
export const DOCUMENT_CONTENT = Object.fromEntries(DOCUMENT_CONTENT_TYPES.map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }]));

/**
 * A download the verb allowed, streamed piece by piece as the verb reads them: always an
 * attachment, never shown inline, of the type found at upload (`nosniff`), with its length and
 * its SHA-256 (`ETag`, `Repr-Digest`).
 */
export function documentResponse(download: DocumentDownload): Response {
  const { document, filename } = download;
  const pieces = download.content();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await pieces.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': document.contentType,
      'content-length': String(document.size),
      'content-disposition': `attachment; filename="${filename}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      etag: `"${document.sha256}"`,
      'repr-digest': `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`,
      'cache-control': 'no-store',
    },
  });
}

/** A transfer of responsibility as the sending agency sees it, for the examples of its operations. */
export const TRANSFER_EXAMPLE = {
  id: '6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b',
  fromAgency: 'iom',
  toAgency: 'mgcas',
  status: 'pending' as const,
  subjectId: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90',
  receivedSubjectId: null,
  consentId: '1c8f3d5e-4d2a-4f64-8e6f-3a2b7c8d9e01',
  legalBasis: 'vital_interests' as const,
  purpose: 'best_interests_procedure' as const,
  categories: ['identity', 'family', 'protection'] as Array<'identity' | 'family' | 'protection'>,
  reason: 'Unaccompanied child: case management belongs with social welfare',
  declineReason: null,
  requestedAt: '2026-12-05T09:30:00.000Z',
  decidedAt: null,
  readOnlyFrom: null,
  version: 1,
};
