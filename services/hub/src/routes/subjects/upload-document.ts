import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { DEFAULT_DOCUMENT_MAX_BYTES, Document, DOCUMENT_CONTENT_TYPES, UploadDocumentHeaders, UploadDocumentQuery } from '@ponte/contracts';
import { uploadDocument } from '@ponte/core';
import { bearer, json, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';
import { documentTitle, IdempotencyKey, IdParam, readDocumentBody, WRITE_PROBLEMS } from '../shared';

const DOCUMENT_EXAMPLE = {
  id: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
  subjectId: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90',
  category: 'health' as const,
  contentType: 'application/pdf' as const,
  size: 48213,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  title: 'Medical report, Maputo Central Hospital',
  createdBy: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098',
  createdAt: '2026-12-05T10:15:00.000Z',
};

const route = createRoute({
  method: 'post',
  operationId: 'uploadDocument',
  path: '/v1/subjects/{id}/documents',
  tags: ['Data subjects'],
  summary: 'Add a document (PDF, JPEG or PNG) to a subject, under one data category',
  description:
    "Adds a file to one of your agency's subjects under one data category (`?category=health` for a medical report, `identity` for a travel document): it is then read, and shared on a referral, exactly as that category of the subject is. Send the file's bytes as the body (not multipart), its type in `Content-Type` and its title in the `Ponte-Document-Title` header (percent-encoded UTF-8), so nothing personal is ever in the URL; the title need not name the person. Whoever may record the subject's data (need-to-know) may add one. The file's kind is decided by its first bytes, never by its name: PDF (`%PDF-`), JPEG (`FF D8 FF`) or PNG only, and `Content-Type` must agree (415 `unsupported_media_type`, check `magic_bytes` or `declared_type_matches`); a file that is also a ZIP archive (a polyglot) is refused (415, check `single_format`), an empty one (400, check `not_empty`), one past the size limit (`PONTE_DOCUMENT_MAX_BYTES`, 10 MiB by default) with 413 `payload_too_large` (check `max_size`), the body abandoned there. A subject you may not know of answers 404; one you may know but not add documents to, 403 (rule `Document.create`). Nothing is stored when any check fails. The answer carries the SHA-256 the hub computed as it read the file. Written to the access log. Send `Idempotency-Key` to make retries safe (the same key with the same file and title answers the first upload).",
  security: bearer,
  request: {
    params: IdParam,
    query: UploadDocumentQuery,
    headers: UploadDocumentHeaders.extend(IdempotencyKey.shape),
    body: { required: true, description: 'The file’s bytes', content: Object.fromEntries(DOCUMENT_CONTENT_TYPES.map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }])) },
  },
  responses: {
    201: { ...json(Document, 'The document as stored (its metadata)', DOCUMENT_EXAMPLE), headers: LOCATION_HEADER },
    ...problems(...WRITE_PROBLEMS, 'payload_too_large'),
  },
});

export function registerUploadDocument(app: HubApp, deps: Pick<HubDeps, 'documentMaxBytes'>) {
  const maxBytes = deps.documentMaxBytes ?? DEFAULT_DOCUMENT_MAX_BYTES;
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { category } = c.req.valid('query');
    const title = documentTitle(c.req.valid('header')['ponte-document-title']);
    const { content, sha256 } = await readDocumentBody(c, maxBytes);
    const ctx = c.get('ctx');
    // The key names this upload: the subject, the category, the title, the declared type and the content's digest.
    if (ctx.idempotency) ctx.idempotency.requestHash = createHash('sha256').update([c.req.path, category, title, c.req.header('content-type') ?? '', sha256].join('\n')).digest('hex');
    const document = await uploadDocument({ ctx, input: { subjectId: id, category, title, declaredType: c.req.header('content-type'), content, sha256 } });
    c.header('location', `/v1/subjects/${id}/documents/${document.id}/content`);
    return c.json(document, 201);
  });
}
