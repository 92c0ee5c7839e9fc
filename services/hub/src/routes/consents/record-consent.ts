import { createRoute } from '@hono/zod-openapi';
import { ConsentWithReceipt, RecordConsent } from '@ponte/contracts';
import { recordConsent } from '@ponte/core';
import { bearer, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, WRITE_PROBLEMS } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'recordConsent',
  path: '/v1/subjects/{id}/consents',
  tags: ['Consent'],
  summary: "Record a subject's consent (or a guardian's, or a best-interests determination), or a new version of one",
  description:
    'Records a subject’s consent (or a guardian’s, or a best-interests determination for a child) to share named data categories with named agencies for named purposes, valid until a date. With `supersedes` it is a new version of an earlier consent, which stops counting. The answer carries a receipt, a JWS signed by the hub, to give the subject; anyone may check it at `POST /v1/consent-receipts/verify`. Only who may work on the subject may record it (404 or 403 otherwise); a best-interests determination only a child protection officer. Written to the access log. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { params: IdParam, body: jsonBody(RecordConsent), headers: IdempotencyKey },
  responses: { 201: { ...json(ConsentWithReceipt, 'The consent and its signed receipt'), headers: LOCATION_HEADER }, ...problems(...WRITE_PROBLEMS) },
});

export function registerRecordConsent(app: HubApp) {
  app.openapi(route, async (c) => {
    const result = await recordConsent({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id, consent: c.req.valid('json') } });
    c.header('location', `/v1/consents/${result.consent.id}`);
    return c.json(result, 201);
  });
}
