import { createRoute, z } from '@hono/zod-openapi';
import { WitnessKey } from '@ponte/contracts';
import { listWitnessKeys } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'listWitnessKeys',
  path: '/v1/log/witness-keys',
  tags: ['Access log'],
  summary: 'Every agency’s witness keys in use, to check the cosignatures the checkpoint carries',
  description: 'With `revoked=include`, the revoked keys too (with `revokedAt`): the cosignatures they made before stay, and checking an older checkpoint needs them.',
  security: bearer,
  request: { query: z.strictObject({ revoked: z.enum(['include']).optional().meta({ description: '`include`: revoked keys too' }) }) },
  responses: { 200: json(z.object({ items: z.array(WitnessKey) }), 'The keys'), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

export function registerListWitnessKeys(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listWitnessKeys({ ctx: c.get('ctx'), input: { includeRevoked: c.req.valid('query').revoked === 'include' } }), 200));
}
