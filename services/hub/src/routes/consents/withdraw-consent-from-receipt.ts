import { createRoute } from '@hono/zod-openapi';
import { ReceiptWithdrawal, WithdrawFromReceipt } from '@ponte/contracts';
import { withdrawConsentFromReceipt } from '@ponte/core';
import { bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, WRITE_PROBLEMS } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'withdrawConsentFromReceipt',
  path: '/v1/consent-receipts/withdrawal',
  tags: ['Consent'],
  summary: 'Record the person’s withdrawal of a consent from its printed receipt, at an agency holding a referral under it',
  description: [
    'The person shows the printed consent receipt at an agency that received a referral under that consent and says they withdraw it; a caseworker there records it on the spot. Send what the receipt’s QR code holds (the hub-signed receipt reference) or the full signed receipt, with who asked, how and why (as `POST /v1/consents/{id}/withdraw`).',
    'The withdrawal is written in the owning agency’s records, noting your agency and the person who recorded it (the consent’s `withdrawal.recordedByAgency`), and takes effect at once: every referral under the consent, whoever received it, stops showing the data it shared, and both agencies of each open referral get `referral.purge_requested`. The owning agency gets `consent.withdrawn` (ids only). No personal data is returned.',
    'Who may call: a person (not an API client) of an agency holding an open referral (sent, accepted or in progress) under the consent, directly or onward down a chain the consent began, who works it: its intake focal point or supervisors, or its assigned caseworker. The owning agency’s own people are taken through its own withdrawal, with its checks (who works on the subject).',
    'Refusals, with nothing written: 422 `check_failed` naming `/body/receipt` when the hub did not sign it or it was altered (rule `receipt.signature`, `receipt.malformed`, `receipt.type`, `receipt.claims`, ...); 404 `not_found` when your agency holds no open referral under the consent (rule `consent.withdrawal_not_held`) or you may not see any of them (rule `need_to_know`); 403 `forbidden` when you may see the referral but not work it (rule `role.cannot_record_withdrawal`, e.g. a privacy officer); 409 `conflict` when the consent is already withdrawn (rule `consent.already_withdrawn`). A receipt of an earlier version of the consent is taken: a withdrawal ends every version.',
    'Written to the access log, allowed or refused, naming the owning agency (its privacy officers see it too). Send `Idempotency-Key` to make retries safe.',
  ].join('\n\n'),
  security: bearer,
  request: { body: jsonBody(WithdrawFromReceipt), headers: IdempotencyKey },
  responses: { 200: json(ReceiptWithdrawal, 'The withdrawal, recorded in the owning agency’s records'), ...problems(...WRITE_PROBLEMS, 'conflict', 'check_failed') },
});

export function registerWithdrawConsentFromReceipt(app: HubApp) {
  app.openapi(route, async (c) => c.json(await withdrawConsentFromReceipt({ ctx: c.get('ctx'), input: c.req.valid('json') }), 200));
}
