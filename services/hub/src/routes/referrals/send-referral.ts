import { createRoute } from '@hono/zod-openapi';
import { Referral, SendReferral } from '@ponte/contracts';
import { sendReferral } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, ETAG_HEADER, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'sendReferral',
  path: '/v1/referrals',
  tags: ['Referrals'],
  summary: 'Send (or draft) a referral to another agency',
  description:
    'Refused with 422 `check_failed`, naming each failed check, unless the recipient offers the service, an agreement in force covers the purpose, and the consent is active, names the recipient and covers the purpose. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { body: jsonBody(SendReferral), headers: IdempotencyKey },
  responses: { 201: { ...json(Referral, 'The referral as sent'), headers: { ...ETAG_HEADER, ...LOCATION_HEADER } }, ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'not_found', 'conflict', 'check_failed', ...AUTH_PROBLEMS) },
});

export function registerSendReferral(app: HubApp) {
  app.openapi(route, async (c) => {
    const referral = await sendReferral({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/referrals/${referral.id}`);
    return c.json(withEtag(c, referral), 201);
  });
}
