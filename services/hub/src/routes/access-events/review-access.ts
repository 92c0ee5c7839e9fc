import { createRoute } from '@hono/zod-openapi';
import { AccessReview, ReviewAccess } from '@ponte/contracts';
import { reviewAccess } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'reviewAccess',
  path: '/v1/access-reviews',
  tags: ['Access log'],
  summary: 'Mark an event or a flag reviewed, with a note, or escalate it (privacy officer)',
  security: bearer,
  request: { body: jsonBody(ReviewAccess), headers: IdempotencyKey },
  responses: { 201: json(AccessReview, 'The review'), ...problems('invalid_request', 'malformed_body', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerReviewAccess(app: HubApp) {
  app.openapi(route, async (c) => c.json((await reviewAccess({ ctx: c.get('ctx'), input: c.req.valid('json') })) as never, 201));
}
