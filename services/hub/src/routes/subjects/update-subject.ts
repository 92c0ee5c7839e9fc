import { createRoute } from '@hono/zod-openapi';
import { Subject, UpdateSubject } from '@ponte/contracts';
import { updateSubject } from '@ponte/core';
import { bearer, ETAG_HEADER, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatch, ifMatch, VERSIONED_CHANGE_PROBLEMS, withEtag } from '../shared';

const route = createRoute({
  method: 'patch',
  operationId: 'updateSubject',
  path: '/v1/subjects/{id}',
  tags: ['Data subjects'],
  summary: 'Replace categories of personal data (`If-Match` with the ETag you read is required)',
  description:
    'Replaces whole categories of a subject’s data (send `null` to clear a category but identity); the others stay as they are. `If-Match` with the ETag of your last read is required: 428 `precondition_required` without it, 412 `precondition_failed` when the subject changed since (read it again and redo the change). Only who may work on the subject may call it (404 or 403 otherwise). Once the subject’s case was transferred to another agency and the grace period is over, 409 `conflict` (rule `subject.transferred`, with `readOnlyFrom`): the record is read-only. Written to the access log with the categories changed; the answer carries the new `ETag`.',
  security: bearer,
  middleware: [ifMatch('required')],
  request: { params: IdParam, body: jsonBody(UpdateSubject), headers: IfMatch },
  responses: { 200: { ...json(Subject, 'The subject as changed'), headers: ETAG_HEADER }, ...problems(...VERSIONED_CHANGE_PROBLEMS) },
});

export function registerUpdateSubject(app: HubApp) {
  app.openapi(route, async (c) => {
    const expectedVersion = c.get('expectedVersion');
    const subject = await updateSubject({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, changes: c.req.valid('json'), expectedVersion } });
    return c.json(withEtag(c, subject), 200);
  });
}
