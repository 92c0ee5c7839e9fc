import { createRoute } from '@hono/zod-openapi';
import { AssignSubject, Subject } from '@ponte/contracts';
import { assignSubject } from '@ponte/core';
import { bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, WRITE_PROBLEMS } from '../shared';

const route = createRoute({
  method: 'post',
  path: '/v1/subjects/{id}/assignment',
  tags: ['Data subjects'],
  summary: 'Reassign a subject (supervisor); the history is kept',
  security: bearer,
  request: { params: IdParam, body: jsonBody(AssignSubject), headers: IdempotencyKey },
  responses: { 200: json(Subject, 'The subject as reassigned'), ...problems(...WRITE_PROBLEMS) },
});

export function registerAssignSubject(app: HubApp) {
  app.openapi(route, async (c) =>
    c.json(await assignSubject({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, assignment: c.req.valid('json') } }), 200),
  );
}
