import { createRoute, type z } from '@hono/zod-openapi';
import { ConsentWithReceipt, RecordConsent } from '@ponte/contracts';
import { recordConsent } from '@ponte/core';
import { bearer, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, WRITE_PROBLEMS } from '../shared';

/** The consent of the examples: what a caseworker sends, and (with what the hub adds) what it answers. */
const EXAMPLE = {
  grantedBy: 'subject',
  method: 'written',
  language: 'pt',
  interpreterUsed: true,
  purposes: ['protection_assistance'],
  recipients: ['casa-esperanca'],
  categories: ['identity', 'contact', 'protection'],
  legalBasis: 'consent',
  validUntil: '2027-06-05T00:00:00Z',
} satisfies z.input<typeof RecordConsent>;

const route = createRoute({
  method: 'post',
  operationId: 'recordConsent',
  path: '/v1/subjects/{id}/consents',
  tags: ['Consent'],
  summary: "Record a subject's consent (or a guardian's, or a best-interests determination), or a new version of one",
  description:
    'Records a subject’s consent (or a guardian’s, or a best-interests determination for a child) to share named data categories with named agencies for named purposes, valid until a date. With `supersedes` it is a new version of an earlier consent, which stops counting. The answer carries a receipt, a JWS signed by the hub, to give the subject; anyone may check it at `POST /v1/consent-receipts/verify`. Only who may work on the subject may record it (404 or 403 otherwise); a best-interests determination only a child protection officer. Once the subject’s case was transferred to another agency and the grace period is over, 409 `conflict` (rule `subject.transferred`, with `readOnlyFrom`): the record is read-only. Written to the access log. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { params: IdParam, body: jsonBody(RecordConsent, EXAMPLE), headers: IdempotencyKey },
  responses: { 201: { ...json(ConsentWithReceipt, 'The consent and its signed receipt', {
      consent: {
        id: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
        version: 1,
        subjectId: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90',
        subjectReference: 'IOM-2026-0412',
        status: 'active',
        childAssent: null,
        ...EXAMPLE,
        validFrom: '2026-12-05T09:10:00Z',
        recordedAt: '2026-12-05T09:10:00Z',
        withdrawal: null,
      },
      receipt: 'eyJhbGciOiJFZERTQSIsImtpZCI6Imh1Yi0yMDI2LTExIiwidHlwIjoicG9udGUtY29uc2VudC1yZWNlaXB0K2p3dCJ9.eyJyZWNvcmQiOnsidmVyc2lvbiI6MX19.c2lnbmF0dXJl',
    }), headers: LOCATION_HEADER }, ...problems(...WRITE_PROBLEMS, 'conflict') },
});

export function registerRecordConsent(app: HubApp) {
  app.openapi(route, async (c) => {
    const result = await recordConsent({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id, consent: c.req.valid('json') } });
    c.header('location', `/v1/consents/${result.consent.id}`);
    return c.json(result, 201);
  });
}
