import { createRoute } from '@hono/zod-openapi';
import { ReceiptVerification, VerifyReceipt } from '@ponte/contracts';
import { verifyReceipt } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'verifyConsentReceipt',
  path: '/v1/consent-receipts/verify',
  tags: ['Consent'],
  summary: "Verify a consent receipt: the hub's signature, and whether the consent still counts",
  description:
    'Checks a consent receipt: that the hub signed it (with a key of `/.well-known/jwks.json`, even one since rotated) and whether the consent it names still counts now (active, or withdrawn, expired or superseded since). Any authenticated caller may verify one, for any agency’s consent: the answer says nothing but the receipt’s own facts. A receipt that does not verify is still a 200, with `valid: false` and the `reason` (a bad signature, an unknown key, an unknown consent, ...). Written to the access log. A verification changes nothing, so a retry under the same `Idempotency-Key` is checked again.',
  security: bearer,
  request: { body: jsonBody(VerifyReceipt), headers: IdempotencyKey },
  responses: { 200: json(ReceiptVerification, 'The verification'), ...problems('invalid_request', 'malformed_body', ...AUTH_PROBLEMS) },
});

export function registerVerifyConsentReceipt(app: HubApp) {
  app.openapi(route, async (c) => c.json(await verifyReceipt({ ctx: c.get('ctx'), input: c.req.valid('json') }), 200));
}
