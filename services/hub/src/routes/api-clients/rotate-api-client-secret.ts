import { createRoute } from '@hono/zod-openapi';
import { IssuedApiClient, RotateApiClientSecret } from '@ponte/contracts';
import { rotateApiClientSecret } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'rotateApiClientSecret',
  path: '/v1/api-clients/{id}/secret',
  tags: ['API clients'],
  summary: "Rotate an API client's secret (agency administrator)",
  description:
    'A new secret, shown once; the old one keeps working for `overlapHours` (default 24, at most 168; 0 stops it at once), so the agency’s systems change over without an outage.',
  security: bearer,
  request: { params: IdParam, body: jsonBody(RotateApiClientSecret), headers: IdempotencyKey },
  responses: {
    200: json(IssuedApiClient, 'The client, with its new secret'),
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', 'conflict', ...AUTH_PROBLEMS),
  },
});

export function registerRotateApiClientSecret(app: HubApp) {
  app.openapi(route, async (c) => c.json(await rotateApiClientSecret({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, rotation: c.req.valid('json') } }), 200));
}
