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
  description:
    'Moves a subject to another caseworker or team, with a reason; the history of assignments is kept. A supervisor may reassign the subjects of their team, or those assigned to them (403 `forbidden` otherwise). Once the subject’s case was transferred to another agency and the grace period is over, 409 `conflict` (rule `subject.transferred`, with `readOnlyFrom`): the record is read-only. `If-Match` with the ETag of your last read is required (428 without it, 412 when stale). Written to the access log; the answer carries the new `ETag`.',
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
