import { createRoute } from '@hono/zod-openapi';
import { ConsentWithReceipt, WithdrawConsent } from '@ponte/contracts';
import { withdrawConsent } from '@ponte/core';
import { bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, WRITE_PROBLEMS } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'withdrawConsent',
  path: '/v1/consents/{id}/withdraw',
  tags: ['Consent'],
  summary: 'Withdraw a consent; it stops counting at once',
  description:
    'Withdraws a consent at once: referrals built on it stop showing the data they shared (reads check the consent), and the sending and receiving agencies of each open referral get a `referral.purge_requested` event. The answer carries a signed receipt of the withdrawal. Only who may work on the subject may call it (404 or 403 otherwise); 409 `conflict` (rule `consent.already_withdrawn`) when already withdrawn. Written to the access log. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { params: IdParam, body: jsonBody(WithdrawConsent), headers: IdempotencyKey },
  responses: { 200: json(ConsentWithReceipt, 'The withdrawn consent and a signed receipt of the withdrawal'), ...problems(...WRITE_PROBLEMS, 'conflict') },
});

export function registerWithdrawConsent(app: HubApp) {
  app.openapi(route, async (c) =>
    c.json(await withdrawConsent({ ctx: c.get('ctx'), input: { consentId: c.req.valid('param').id, withdrawal: c.req.valid('json') } }), 200),
  );
}
