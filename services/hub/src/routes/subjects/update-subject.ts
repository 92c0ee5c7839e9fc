import { createRoute } from '@hono/zod-openapi';
import { Subject, UpdateSubject } from '@ponte/contracts';
import { updateSubject } from '@ponte/core';
import { bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatch, versionFromIfMatch, withEtag, WRITE_PROBLEMS } from '../shared';

const route = createRoute({
  method: 'patch',
  path: '/v1/subjects/{id}',
  tags: ['Data subjects'],
  summary: 'Replace categories of personal data (send `If-Match` with the ETag you read)',
  security: bearer,
  request: { params: IdParam, body: jsonBody(UpdateSubject), headers: IfMatch },
  responses: { 200: json(Subject, 'The subject as changed'), ...problems(...WRITE_PROBLEMS, 'conflict', 'precondition_failed') },
});

export function registerUpdateSubject(app: HubApp) {
  app.openapi(route, async (c) => {
    const expectedVersion = versionFromIfMatch(c.req.valid('header')['if-match']);
    const subject = await updateSubject({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, changes: c.req.valid('json'), expectedVersion } });
    return c.json(withEtag(c, subject), 200);
  });
}
