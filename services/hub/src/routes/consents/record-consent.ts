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
