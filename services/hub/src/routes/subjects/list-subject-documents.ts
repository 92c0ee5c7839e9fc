import { createRoute } from '@hono/zod-openapi';
import { DocumentList } from '@ponte/contracts';
import { listSubjectDocuments } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'listSubjectDocuments',
  path: '/v1/subjects/{id}/documents',
  tags: ['Data subjects'],
  summary: "A subject's documents (metadata): only of the categories you may read now",
  description:
    "The documents of one of your agency's subjects, newest first (at most 200), and only those of the categories you may read of the subject now: need-to-know (or break-glass) and a consent or another legal basis covering the category, as for the subject's data. Their content is downloaded at `/v1/subjects/{id}/documents/{documentId}/content`. 404 `not_found` when the subject is not yours to know; 403 when you may know it but read none of its categories. Written to the access log, with the categories you could read.",
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(DocumentList, 'The documents you may read, newest first'),
    ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerListSubjectDocuments(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listSubjectDocuments({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id } }), 200));
}
