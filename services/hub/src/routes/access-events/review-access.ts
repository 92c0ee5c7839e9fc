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
  description:
    'Records a privacy officer’s review of an access event or a flag, with a note: `reviewed`, or `escalated` (also logged as a warning for the hub’s operators). Reviews are kept, never changed; the flag shows them. Only a privacy officer may call it (403 `forbidden`); an event they may not see is 404 `not_found`, and a `targetId` that is no id of its kind is 400 naming it. Written to the access log. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { body: jsonBody(ReviewAccess), headers: IdempotencyKey },
  responses: { 201: json(AccessReview, 'The review'), ...problems('invalid_request', 'malformed_body', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerReviewAccess(app: HubApp) {
  app.openapi(route, async (c) => c.json((await reviewAccess({ ctx: c.get('ctx'), input: c.req.valid('json') })) as never, 201));
}
