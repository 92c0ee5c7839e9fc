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
  security: bearer,
  request: { body: jsonBody(VerifyReceipt), headers: IdempotencyKey },
  responses: { 200: json(ReceiptVerification, 'The verification'), ...problems('invalid_request', 'malformed_body', ...AUTH_PROBLEMS) },
});

export function registerVerifyConsentReceipt(app: HubApp) {
  app.openapi(route, async (c) => c.json(await verifyReceipt({ ctx: c.get('ctx'), input: c.req.valid('json') }), 200));
}
