import { createRoute } from '@hono/zod-openapi';
import { Transfer } from '@ponte/contracts';
import { getTransfer } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, ETAG_HEADER, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, TRANSFER_EXAMPLE, withEtag } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getTransfer',
  path: '/v1/transfers/{id}',
  tags: ['Transfers'],
  summary: 'One transfer of responsibility, to either agency',
  description:
    'A transfer your agency sent or received, as your side sees it: the sending agency its subject’s and consent’s ids, the receiving agency the id of its own record once it accepted. For the sending agency’s people who work on the subject, the receiving agency’s intake focal point and supervisors, and either side’s privacy officers; 404 `not_found` for anyone else. No personal data but the names of the categories transferred. Written to the access log. The answer’s `ETag` is its version.',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: { ...json(Transfer, 'The transfer', TRANSFER_EXAMPLE), headers: ETAG_HEADER },
    ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerGetTransfer(app: HubApp) {
  app.openapi(route, async (c) => c.json(withEtag(c, await getTransfer({ ctx: c.get('ctx'), input: c.req.valid('param') })), 200));
}
