import { createRoute, z } from '@hono/zod-openapi';
import { Agency, DirectoryQuery } from '@ponte/contracts';
import { findProviders } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'findProviders',
  path: '/v1/directory',
  tags: ['Agencies'],
  summary: 'Find the agencies that offer a service in a province, to route a referral',
  description:
    'The agencies that offer `service` in `province` (both optional filters), to choose where to send a referral. Any authenticated caller may read it: it holds no case data and writes nothing to the access log. A referral to an agency that does not offer the service is refused at `POST /v1/referrals` with 422 `check_failed`.',
  security: bearer,
  request: { query: DirectoryQuery },
  responses: {
    200: json(z.object({ items: z.array(Agency) }), 'Active agencies offering the service there'),
    ...problems('invalid_request', ...AUTH_PROBLEMS),
  },
});

export function registerFindProviders(app: HubApp) {
  app.openapi(route, async (c) => c.json({ items: await findProviders({ ctx: c.get('ctx'), input: c.req.valid('query') }) }, 200));
}
