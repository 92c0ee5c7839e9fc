import { createRoute } from '@hono/zod-openapi';
import { Referral, SendReferral } from '@ponte/contracts';
import { sendReferral } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, ETAG_HEADER, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, REFERRAL_EXAMPLE, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'sendReferral',
  path: '/v1/referrals',
  tags: ['Referrals'],
  summary: 'Send (or draft) a referral to another agency',
  description:
    'Refused with 422 `check_failed`, naming each failed check, unless the recipient offers the service, an agreement in force covers the purpose, and the consent is active, names the recipient and covers the purpose. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { body: jsonBody(SendReferral, {
      to: 'casa-esperanca',
      subjectId: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90',
      consentId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
      service: 'shelter',
      purpose: 'protection_assistance',
      urgency: 'priority',
      categories: ['identity', 'contact', 'protection'],
      note: 'Needs a safe place within three days; prefers contact through her caseworker.',
      dueDate: '2026-12-12',
    }), headers: IdempotencyKey },
  responses: { 201: { ...json(Referral, 'The referral as sent', REFERRAL_EXAMPLE), headers: { ...ETAG_HEADER, ...LOCATION_HEADER } }, ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'not_found', 'conflict', 'check_failed', ...AUTH_PROBLEMS) },
});

export function registerSendReferral(app: HubApp) {
  app.openapi(route, async (c) => {
    const referral = await sendReferral({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/referrals/${referral.id}`);
    return c.json(withEtag(c, referral), 201);
  });
}
