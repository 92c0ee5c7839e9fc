import { createRoute } from '@hono/zod-openapi';
import { AccessEventProof } from '@ponte/contracts';
import { accessEventProof } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getAccessEventProof',
  path: '/v1/log/events/{id}/proof',
  tags: ['Access log'],
  summary: 'Inclusion proof (RFC 6962 audit path) of an access event against the latest head',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(AccessEventProof, 'The event, and its inclusion proof against the latest signed head'), ...problems('invalid_request', 'forbidden', 'not_found', 'conflict', ...AUTH_PROBLEMS) },
});

export function registerGetAccessEventProof(app: HubApp) {
  app.openapi(route, async (c) => c.json(await accessEventProof({ ctx: c.get('ctx'), input: { eventId: c.req.valid('param').id } }), 200));
}
