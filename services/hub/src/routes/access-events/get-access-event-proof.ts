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
  description:
    'Proves that an access event is in the log: its RFC 6962 audit path against the latest signed head, so a privacy officer (or an auditor they hand it to) can recompute the root and check the head’s signature against `/.well-known/jwks.json`, trusting the hub for nothing. Only a privacy officer may call it, for an event of their agency or about its subjects; anyone else gets 404 `not_found` (an event is not told to exist). 409 `conflict` while the event is not sealed yet: try again in a few seconds. Written to the access log.',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(AccessEventProof, 'The event, and its inclusion proof against the latest signed head'), ...problems('invalid_request', 'forbidden', 'not_found', 'conflict', ...AUTH_PROBLEMS) },
});

export function registerGetAccessEventProof(app: HubApp) {
  app.openapi(route, async (c) => c.json(await accessEventProof({ ctx: c.get('ctx'), input: { eventId: c.req.valid('param').id } }), 200));
}
