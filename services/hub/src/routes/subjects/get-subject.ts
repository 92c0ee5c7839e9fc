import { createRoute } from '@hono/zod-openapi';
import { Subject } from '@ponte/contracts';
import { getSubject } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, ETAG_HEADER, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, withEtag } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getSubject',
  path: '/v1/subjects/{id}',
  tags: ['Data subjects'],
  summary: 'Read a subject: only the categories you may read now',
  description:
    'One subject with only the categories you may read now (a consent or another legal basis must cover each), and in `access` which are withheld and by which rule. The answer’s `ETag` is the subject’s version: send it in `If-Match` to change it. Written to the access log, withheld categories as denials; once the subject’s case was transferred to another agency and the grace period is over, reads are logged with the purpose `historical`. 404 `not_found` when the subject is not yours to know (another agency’s, or outside need-to-know); 403 when you may know it but read none of it; 410 `gone` (rule `subject.erased`) once it was erased: its tombstone is at `GET /v1/subjects/{id}/erasure`.',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: { ...json(Subject, 'The subject; `ETag` carries its version'), headers: ETAG_HEADER }, ...problems('invalid_request', 'forbidden', 'not_found', 'gone', ...AUTH_PROBLEMS) },
});

export function registerGetSubject(app: HubApp) {
  app.openapi(route, async (c) => c.json(withEtag(c, await getSubject({ ctx: c.get('ctx'), input: c.req.valid('param') })), 200));
}
