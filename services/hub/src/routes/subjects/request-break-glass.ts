import { createRoute } from '@hono/zod-openapi';
import { BreakGlassGrant, BreakGlassRequest } from '@ponte/contracts';
import { requestBreakGlass } from '@ponte/core';
import { bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, WRITE_PROBLEMS } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'requestBreakGlass',
  path: '/v1/subjects/{id}/break-glass',
  tags: ['Data subjects'],
  summary: 'Emergency access to a subject of your agency outside need-to-know (time-limited, reviewed)',
  security: bearer,
  request: { params: IdParam, body: jsonBody(BreakGlassRequest), headers: IdempotencyKey },
  responses: { 201: json(BreakGlassGrant, 'The grant; every read under it is flagged'), ...problems(...WRITE_PROBLEMS) },
});

export function registerRequestBreakGlass(app: HubApp) {
  app.openapi(route, async (c) =>
    c.json(await requestBreakGlass({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id, justification: c.req.valid('json').justification } }), 201),
  );
}
