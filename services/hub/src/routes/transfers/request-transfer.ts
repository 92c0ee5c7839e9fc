import { createRoute } from '@hono/zod-openapi';
import { RequestTransfer, Transfer } from '@ponte/contracts';
import { requestTransfer } from '@ponte/core';
import { bearer, ETAG_HEADER, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, TRANSFER_EXAMPLE, WRITE_PROBLEMS, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'requestTransfer',
  path: '/v1/subjects/{id}/transfers',
  tags: ['Transfers'],
  summary: 'Ask another agency to take a subject’s case over for good (a transfer of responsibility)',
  description:
    'Distinct from a referral: your agency hands the case over, and once the other agency accepts it keeps its own record of the subject holding the categories transferred, and yours becomes read-only after a grace period (the deployment’s `PONTE_TRANSFER_GRACE_DAYS`, 14 days by default). Whoever works on the subject may ask (its caseworker, the team’s supervisor; 404 or 403 `forbidden` otherwise, rule `Subject.transfer`). It rests on a consent recorded with the subject (the subject’s, a guardian’s or, for a child, a best-interests determination) whose latest version is active, names the receiving agency and covers the purpose and every category; and on a data-sharing agreement in force from your agency to it covering the purpose and every category: otherwise 422 `check_failed` naming each failed check on its field (`consentId`, `to`, `purpose`, `categories`). 400 for an unknown agency or your own; 409 `conflict` when a transfer of the subject is pending (rule `transfer.already_pending`) or was accepted (rule `subject.transferred`), or the subject has an open referral to that agency (rule `transfer.open_referral_to_recipient`: withdraw or close it first). Nothing is stored when refused. Both agencies get a `subject.transfer_requested` event with ids only. Written to the access log, on the subject. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { params: IdParam, headers: IdempotencyKey, body: jsonBody(RequestTransfer) },
  responses: {
    201: { ...json(Transfer, 'The transfer, pending', TRANSFER_EXAMPLE), headers: { ...LOCATION_HEADER, ...ETAG_HEADER } },
    ...problems(...WRITE_PROBLEMS, 'conflict', 'check_failed'),
  },
});

export function registerRequestTransfer(app: HubApp) {
  app.openapi(route, async (c) => {
    const transfer = await requestTransfer({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id, transfer: c.req.valid('json') } });
    c.header('location', `/v1/transfers/${transfer.id}`);
    return c.json(withEtag(c, transfer), 201);
  });
}
