import { createRoute } from '@hono/zod-openapi';
import { Transfer } from '@ponte/contracts';
import { cancelTransfer } from '@ponte/core';
import { bearer, ETAG_HEADER, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchAndIdempotencyKey, TRANSFER_EXAMPLE, TRANSITION_PROBLEMS, ifMatch, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'cancelTransfer',
  path: '/v1/transfers/{id}/cancel',
  tags: ['Transfers'],
  summary: 'Cancel a transfer before the receiving agency decides (the sending agency)',
  description:
    'Your agency keeps the case: the transfer is cancelled while still pending. Whoever works on the subject may cancel (404 for anyone who may not know of the transfer; 403 `forbidden`, rule `Transfer.cancel`, for who may see it but not cancel, such as the privacy officer). 409 `conflict` (rule `transfer.transition_not_allowed`, with `currentStatus`) once accepted, declined or cancelled. Both agencies get a `subject.transfer_cancelled` event with ids only. Written to the access log. No body. `If-Match` is optional: when sent, a stale tag is 412. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  middleware: [ifMatch('optional')],
  request: { params: IdParam, headers: IfMatchAndIdempotencyKey },
  responses: {
    200: { ...json(Transfer, 'The transfer, cancelled', { ...TRANSFER_EXAMPLE, status: 'cancelled', decidedAt: '2026-12-05T10:00:00.000Z', version: 2 }), headers: ETAG_HEADER },
    ...problems(...TRANSITION_PROBLEMS),
  },
});

export function registerCancelTransfer(app: HubApp) {
  app.openapi(route, async (c) => {
    const transfer = await cancelTransfer({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, expectedVersion: c.get('expectedVersion') } });
    return c.json(withEtag(c, transfer), 200);
  });
}
