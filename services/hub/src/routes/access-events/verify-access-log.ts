import { createRoute, z } from '@hono/zod-openapi';
import { verifyAccessLog } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, JsonObject } from '../shared';

const route = createRoute({
  method: 'post',
  path: '/v1/log/verify',
  tags: ['Access log'],
  summary: 'Recompute the log and check every signed head; with `witness`, check the log still extends a head you kept',
  security: bearer,
  request: { body: jsonBody(z.strictObject({ witness: z.string().min(10).max(10_000).optional() })), headers: IdempotencyKey },
  responses: { 200: json(JsonObject, 'The verification report'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerVerifyAccessLog(app: HubApp) {
  app.openapi(route, async (c) => c.json((await verifyAccessLog({ ctx: c.get('ctx'), input: c.req.valid('json') })) as never, 200));
}
