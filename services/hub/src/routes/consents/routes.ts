import { createRoute, z } from '@hono/zod-openapi';
import { Consent, ConsentWithReceipt, ReceiptVerification, RecordConsent, Uuid, VerifyReceipt, WithdrawConsent } from '@ponte/contracts';
import { exportConsentFhir, getConsent, listSubjectConsents, recordConsent, verifyReceipt, withdrawConsent } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';

const WRITE_PROBLEMS = ['invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', ...AUTH_PROBLEMS] as const;

const record = createRoute({
  method: 'post',
  path: '/v1/subjects/{id}/consents',
  tags: ['Consent'],
  summary: "Record a subject's consent (or a guardian's, or a best-interests determination), or a new version of one",
  security: bearer,
  request: { params: z.object({ id: Uuid }), body: jsonBody(RecordConsent) },
  responses: { 201: json(ConsentWithReceipt, 'The consent and its signed receipt'), ...problems(...WRITE_PROBLEMS) },
});

const list = createRoute({
  method: 'get',
  path: '/v1/subjects/{id}/consents',
  tags: ['Consent'],
  summary: "A subject's consents, with their status now",
  security: bearer,
  request: { params: z.object({ id: Uuid }) },
  responses: { 200: json(z.object({ items: z.array(Consent) }), 'The consents, newest first'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

const get = createRoute({
  method: 'get',
  path: '/v1/consents/{id}',
  tags: ['Consent'],
  summary: 'One consent (its latest version) with its status now',
  security: bearer,
  request: { params: z.object({ id: Uuid }) },
  responses: { 200: json(Consent, 'The consent'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

const withdraw = createRoute({
  method: 'post',
  path: '/v1/consents/{id}/withdraw',
  tags: ['Consent'],
  summary: 'Withdraw a consent; it stops counting at once',
  security: bearer,
  request: { params: z.object({ id: Uuid }), body: jsonBody(WithdrawConsent) },
  responses: { 200: json(ConsentWithReceipt, 'The withdrawn consent and a signed receipt of the withdrawal'), ...problems(...WRITE_PROBLEMS, 'conflict') },
});

const fhir = createRoute({
  method: 'get',
  path: '/v1/consents/{id}/fhir',
  tags: ['Consent'],
  summary: 'The consent as an HL7 FHIR R5 Consent resource',
  security: bearer,
  request: { params: z.object({ id: Uuid }) },
  responses: {
    200: { description: 'FHIR R5 Consent', content: { 'application/fhir+json': { schema: z.record(z.string(), z.unknown()) } } },
    ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS),
  },
});

const verify = createRoute({
  method: 'post',
  path: '/v1/consent-receipts/verify',
  tags: ['Consent'],
  summary: "Verify a consent receipt: the hub's signature, and whether the consent still counts",
  security: bearer,
  request: { body: jsonBody(VerifyReceipt) },
  responses: { 200: json(ReceiptVerification, 'The verification'), ...problems('invalid_request', 'malformed_body', ...AUTH_PROBLEMS) },
});

export function registerConsents(app: HubApp) {
  app.openapi(record, async (c) => {
    const result = await recordConsent({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id, consent: c.req.valid('json') } });
    c.header('location', `/v1/consents/${result.consent.id}`);
    return c.json(result, 201);
  });
  app.openapi(list, async (c) => c.json(await listSubjectConsents({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id } }), 200));
  app.openapi(get, async (c) => c.json(await getConsent({ ctx: c.get('ctx'), input: { consentId: c.req.valid('param').id } }), 200));
  app.openapi(withdraw, async (c) =>
    c.json(await withdrawConsent({ ctx: c.get('ctx'), input: { consentId: c.req.valid('param').id, withdrawal: c.req.valid('json') } }), 200),
  );
  app.openapi(fhir, async (c) => {
    const resource = await exportConsentFhir({ ctx: c.get('ctx'), input: { consentId: c.req.valid('param').id } });
    // FHIR's own media type; the body is the resource as JSON.
    return new Response(JSON.stringify(resource), { status: 200, headers: { 'content-type': 'application/fhir+json; charset=utf-8' } }) as never;
  });
  app.openapi(verify, async (c) => c.json(await verifyReceipt({ ctx: c.get('ctx'), input: c.req.valid('json') }), 200));
}
