import { createRoute } from '@hono/zod-openapi';
import { DeclineTransfer, Transfer } from '@ponte/contracts';
import { declineTransfer } from '@ponte/core';
import { bearer, ETAG_HEADER, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchAndIdempotencyKey, TRANSFER_EXAMPLE, TRANSITION_PROBLEMS, ifMatch, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'declineTransfer',
  path: '/v1/transfers/{id}/decline',
  tags: ['Transfers'],
  summary: 'Decline to take a case over (intake focal point or supervisor of the receiving agency)',
  description:
    'Your agency does not take the case over; the sending agency keeps its record as it was and reads your `reason` (write no personal data in it). The intake focal point or a supervisor of the receiving agency may decline (404 for anyone who may not know of the transfer; 403 `forbidden`, rule `Transfer.decline`, otherwise). 409 `conflict` (rule `transfer.transition_not_allowed`) when it is no longer pending. Both agencies get a `subject.transfer_declined` event with ids only. Written to the access log. `If-Match` is optional: when sent, a stale tag is 412. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  middleware: [ifMatch('optional')],
  request: { params: IdParam, headers: IfMatchAndIdempotencyKey, body: jsonBody(DeclineTransfer, { reason: 'No place in the province’s child-care programme this month' }) },
  responses: {
    200: {
      ...json(Transfer, 'The transfer, declined', { ...TRANSFER_EXAMPLE, status: 'declined', subjectId: null, consentId: null, declineReason: 'No place in the province’s child-care programme this month', decidedAt: '2026-12-05T11:00:00.000Z', version: 2 }),
      headers: ETAG_HEADER,
    },
    ...problems(...TRANSITION_PROBLEMS),
  },
});

export function registerDeclineTransfer(app: HubApp) {
  app.openapi(route, async (c) => {
    const transfer = await declineTransfer({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, expectedVersion: c.get('expectedVersion'), ...c.req.valid('json') } });
    return c.json(withEtag(c, transfer), 200);
  });
}
