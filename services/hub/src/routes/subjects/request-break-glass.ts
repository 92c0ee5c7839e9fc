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
  description:
    'Opens a subject of your agency to you outside need-to-know, in an emergency, with a justification of at least 20 characters: the grant lasts a set time (the deployment’s `PONTE_BREAK_GLASS_MINUTES`), is written to the access log as break-glass and flagged for a privacy officer’s review (`GET /v1/access-flags`). Only a user who works on cases may ask (403 `forbidden`; API clients never may); 404 for a subject not of your agency.',
  security: bearer,
  request: { params: IdParam, body: jsonBody(BreakGlassRequest), headers: IdempotencyKey },
  responses: { 201: json(BreakGlassGrant, 'The grant; every read under it is flagged'), ...problems(...WRITE_PROBLEMS) },
});

export function registerRequestBreakGlass(app: HubApp) {
  app.openapi(route, async (c) =>
    c.json(await requestBreakGlass({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id, justification: c.req.valid('json').justification } }), 201),
  );
}
