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
  security: bearer,
  request: { params: IdParam },
  responses: { 200: { ...json(Subject, 'The subject; `ETag` carries its version'), headers: ETAG_HEADER }, ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetSubject(app: HubApp) {
  app.openapi(route, async (c) => c.json(withEtag(c, await getSubject({ ctx: c.get('ctx'), input: c.req.valid('param') })), 200));
}
