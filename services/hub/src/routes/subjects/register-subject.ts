import { createRoute } from '@hono/zod-openapi';
import { RegisterSubject, Subject } from '@ponte/contracts';
import { registerSubject } from '@ponte/core';
import { bearer, ETAG_HEADER, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, withEtag, WRITE_PROBLEMS } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'registerSubject',
  path: '/v1/subjects',
  tags: ['Data subjects'],
  summary: 'Register a data subject in your agency',
  description: 'The personal data is readable back only once a consent (or another legal basis) covers its categories.',
  security: bearer,
  request: { body: jsonBody(RegisterSubject), headers: IdempotencyKey },
  responses: { 201: { ...json(Subject, 'The subject, with the categories you may read'), headers: { ...ETAG_HEADER, ...LOCATION_HEADER } }, ...problems(...WRITE_PROBLEMS) },
});

export function registerRegisterSubject(app: HubApp) {
  app.openapi(route, async (c) => {
    const subject = await registerSubject({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/subjects/${subject.id}`);
    return c.json(withEtag(c, subject), 201);
  });
}
