import { createRoute } from '@hono/zod-openapi';
import { TransferListQuery, TransferPage } from '@ponte/contracts';
import { listTransfers } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { TRANSFER_EXAMPLE } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'listTransfers',
  path: '/v1/transfers',
  tags: ['Transfers'],
  summary: 'Transfers of responsibility to your agency (inbox) or from it (outbox), newest first',
  description:
    'The transfers you may see, newest first: `box=inbox` (the default) those to your agency, for its intake focal point, supervisors and privacy officers; `box=outbox` those from it, for its people who work on each subject and its privacy officers; `status` keeps one status. Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page); a page may hold fewer than `limit` when some transfers on it are not yours to see. Written to the access log.',
  security: bearer,
  request: { query: TransferListQuery },
  responses: {
    200: json(TransferPage, 'A page of transfers', { items: [TRANSFER_EXAMPLE], nextCursor: null }),
    ...problems('invalid_request', ...AUTH_PROBLEMS),
  },
});

export function registerListTransfers(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listTransfers({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
