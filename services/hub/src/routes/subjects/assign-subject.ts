import { createRoute } from '@hono/zod-openapi';
import { AssignSubject, Subject } from '@ponte/contracts';
import { assignSubject } from '@ponte/core';
import { bearer, ETAG_HEADER, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, ifMatch, IfMatchRequiredAndIdempotencyKey, VERSIONED_CHANGE_PROBLEMS, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'assignSubject',
  path: '/v1/subjects/{id}/assignment',
  tags: ['Data subjects'],
  summary: 'Reassign a subject (supervisor); the history is kept',
  security: bearer,
  middleware: [ifMatch('required')],
  request: { params: IdParam, body: jsonBody(AssignSubject), headers: IfMatchRequiredAndIdempotencyKey },
  responses: { 200: { ...json(Subject, 'The subject as reassigned'), headers: ETAG_HEADER }, ...problems(...VERSIONED_CHANGE_PROBLEMS) },
});

export function registerAssignSubject(app: HubApp) {
  app.openapi(route, async (c) => {
    const subject = await assignSubject({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, assignment: c.req.valid('json'), expectedVersion: c.get('expectedVersion') } });
    return c.json(withEtag(c, subject), 200);
  });
}
