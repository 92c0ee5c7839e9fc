import { createRoute } from '@hono/zod-openapi';
import { downloadSubjectDocument } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { DOCUMENT_CONTENT, DOCUMENT_DOWNLOAD_HEADERS, DocumentParams, documentResponse } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'downloadSubjectDocument',
  path: '/v1/subjects/{id}/documents/{documentId}/content',
  tags: ['Data subjects'],
  summary: "Download a document of your agency's subject, as an attachment",
  description:
    "The document's content, streamed piece by piece, always as an attachment (`Content-Disposition: attachment`, never inline), with `X-Content-Type-Options: nosniff`, the type found at upload, its length, and its SHA-256 as `ETag` and `Repr-Digest`. Allowed exactly when you may read its category of the subject now (need-to-know or break-glass, and a consent or another legal basis covering it). Every download, allowed or refused, is written to the access log as a `download` of the `Document` with its category. 404 `not_found` when the subject or the document is not yours to know; 403 naming the rule (a consent withdrawn or expired, say) when you may know it but not read it.",
  security: bearer,
  request: { params: DocumentParams },
  responses: {
    200: { description: 'The content, as an attachment', headers: DOCUMENT_DOWNLOAD_HEADERS, content: DOCUMENT_CONTENT },
    ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerDownloadSubjectDocument(app: HubApp) {
  app.openapi(route, async (c) => {
    const { id, documentId } = c.req.valid('param');
    return documentResponse(await downloadSubjectDocument({ ctx: c.get('ctx'), input: { subjectId: id, documentId } })) as never;
  });
}
