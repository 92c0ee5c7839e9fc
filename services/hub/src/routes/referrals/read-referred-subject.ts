import { createRoute, z } from '@hono/zod-openapi';
import { Uuid } from '@ponte/contracts';
import { readReferredSubject } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, JsonObject } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'readReferredSubject',
  path: '/v1/referrals/{id}/subject',
  tags: ['Referrals'],
  summary: 'The referred subject, as the receiving agency may read it now',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(z.object({ referralId: Uuid, reference: z.string(), readAt: z.string(), data: JsonObject, access: z.object({ readable: z.array(z.string()), withheld: z.array(z.object({ category: z.string(), rule: z.string() })) }) }), 'The shared categories'),
    ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerReadReferredSubject(app: HubApp) {
  app.openapi(route, async (c) => c.json(await readReferredSubject({ ctx: c.get('ctx'), input: { referralId: c.req.valid('param').id } }), 200));
}
