import { createRoute } from '@hono/zod-openapi';
import { downloadReferralDocument } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { DOCUMENT_CONTENT, DOCUMENT_DOWNLOAD_HEADERS, DocumentParams, documentResponse } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'downloadReferralDocument',
  path: '/v1/referrals/{id}/documents/{documentId}/content',
  tags: ['Referrals'],
  summary: "Download a document of the referred subject, as the receiving agency, as an attachment",
  description:
    "For the receiving agency: the content of one of the referred subject's documents, only while its category may be read of the subject (see `GET /v1/referrals/{id}/documents`), streamed piece by piece as an attachment (`Content-Disposition: attachment`, never inline), with `X-Content-Type-Options: nosniff`, the type found at upload, its length, and its SHA-256 as `ETag` and `Repr-Digest`. A referral not accepted yet, or closed, answers 403 naming the rule (`referral.not_open`, or `referral.not_assigned` for whoever is not its assignee); a document of a category the referral does not share, 404 `not_found`; one it shares that you may not read now, 403 naming the rule (`referral.consent_inactive` once the consent is withdrawn, `referral.not_assigned`, ...). Every download, allowed or refused, is written to the access log as a `download` of the `ReferredDocument` with its category, which both agencies' privacy officers see.",
  security: bearer,
  request: { params: DocumentParams },
  responses: {
    200: { description: 'The content, as an attachment', headers: DOCUMENT_DOWNLOAD_HEADERS, content: DOCUMENT_CONTENT },
    ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerDownloadReferralDocument(app: HubApp) {
  app.openapi(route, async (c) => {
    const { id, documentId } = c.req.valid('param');
    return documentResponse(await downloadReferralDocument({ ctx: c.get('ctx'), input: { referralId: id, documentId } })) as never;
  });
}
