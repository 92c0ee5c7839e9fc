import { createRoute } from '@hono/zod-openapi';
import { AcceptTransfer, Transfer } from '@ponte/contracts';
import { acceptTransfer } from '@ponte/core';
import { bearer, ETAG_HEADER, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchAndIdempotencyKey, TRANSFER_EXAMPLE, TRANSITION_PROBLEMS, ifMatch, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'acceptTransfer',
  path: '/v1/transfers/{id}/accept',
  tags: ['Transfers'],
  summary: 'Take a case over (intake focal point or supervisor of the receiving agency)',
  description:
    'Your agency takes the case over: it gets its own subject record (`receivedSubjectId`), assigned to `assigneeId` (a caseworker of yours; you, when you work on cases yourself, and then it may be left out: 400 otherwise), holding the transferred categories copied from the sending agency’s record and no other, with the transfer’s basis (the consent or best-interests determination, cut to those categories) recorded as your own. The sending agency’s record becomes read-only for its people from `readOnlyFrom`. The intake focal point or a supervisor of the receiving agency may accept (404 for anyone who may not know of the transfer; 403 `forbidden`, rule `Transfer.accept`, for who may see it but not accept). 409 `conflict` (rule `transfer.transition_not_allowed`, with `currentStatus`) when it is no longer pending; 422 `check_failed` when the consent or agreement it rests on no longer holds; nothing is stored then. Both agencies get a `subject.transfer_accepted` event with ids only. Written to the access log, on both records. `If-Match` is optional: when sent, a stale tag is 412. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  middleware: [ifMatch('optional')],
  request: { params: IdParam, headers: IfMatchAndIdempotencyKey, body: jsonBody(AcceptTransfer, { assigneeId: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098' }) },
  responses: {
    200: {
      ...json(Transfer, 'The transfer, accepted, as the receiving agency sees it', {
        ...TRANSFER_EXAMPLE,
        status: 'accepted',
        subjectId: null,
        consentId: null,
        receivedSubjectId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        decidedAt: '2026-12-05T11:00:00.000Z',
        readOnlyFrom: '2026-12-19T11:00:00.000Z',
        version: 2,
      }),
      headers: ETAG_HEADER,
    },
    ...problems(...TRANSITION_PROBLEMS, 'check_failed'),
  },
});

export function registerAcceptTransfer(app: HubApp) {
  app.openapi(route, async (c) => {
    const transfer = await acceptTransfer({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, expectedVersion: c.get('expectedVersion'), ...c.req.valid('json') } });
    return c.json(withEtag(c, transfer), 200);
  });
}
