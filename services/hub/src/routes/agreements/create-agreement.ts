import { createRoute } from '@hono/zod-openapi';
import { Agreement, CreateAgreement } from '@ponte/contracts';
import { createAgreement } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'createAgreement',
  path: '/v1/agreements',
  tags: ['Agreements'],
  summary: 'Record a data-sharing agreement from one agency to another (hub operator)',
  description:
    'Records that one agency may share data with another: for which purposes, which data categories, and between which dates. Only a hub operator may call it (403 `forbidden`). A referral is sent only while an agreement in force covers its purpose (422 `check_failed` naming `agreement_in_force` otherwise). Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { body: jsonBody(CreateAgreement), headers: IdempotencyKey },
  responses: {
    201: { ...json(Agreement, 'The agreement was recorded'), headers: LOCATION_HEADER },
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', ...AUTH_PROBLEMS),
  },
});

export function registerCreateAgreement(app: HubApp) {
  app.openapi(route, async (c) => {
    const agreement = await createAgreement({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/agreements/${agreement.id}`);
    return c.json(agreement, 201);
  });
}
