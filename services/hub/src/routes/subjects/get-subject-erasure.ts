import { createRoute } from '@hono/zod-openapi';
import { SubjectTombstone } from '@ponte/contracts';
import { getSubjectErasure } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, ETAG_HEADER, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, withEtag } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getSubjectErasure',
  path: '/v1/subjects/{id}/erasure',
  tags: ['Data subjects'],
  summary: "An erased subject's tombstone: the erasure, and which agencies attested their purge and when",
  description:
    "What remains of an erased subject of your agency: no personal data; when, why (`request`, `retention`) and how (`erase`, `anonymise`) it was erased and by whom, and every purge request with its deadline and attestation (who purged, how, when, the statement and the receipt the hub signed). For whoever may know the subject (who works on it, the agency's privacy officer); 404 otherwise, and for a subject that was not erased. Written to the access log.",
  security: bearer,
  request: { params: IdParam },
  responses: { 200: { ...json(SubjectTombstone, 'The tombstone; `ETag` carries its version'), headers: ETAG_HEADER }, ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetSubjectErasure(app: HubApp) {
  app.openapi(route, async (c) => c.json(withEtag(c, await getSubjectErasure({ ctx: c.get('ctx'), input: c.req.valid('param') })), 200));
}
