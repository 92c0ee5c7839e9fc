import { createRoute } from '@hono/zod-openapi';
import { PurgeAttestation, PurgeRequest } from '@ponte/contracts';
import { attestPurge } from '@ponte/core';
import { bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, WRITE_PROBLEMS } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'attestPurge',
  path: '/v1/referrals/{id}/purge-attestation',
  tags: ['Referrals'],
  summary: "Attest that your agency purged an erased subject's data it received on this referral",
  description:
    "Your agency received this referral and was asked to purge it (`referral.purge_requested`, reason `subject_erased`): say who purged, when, how and from which systems, with your statement. The hub signs the attestation (a JWS of type `purge-attestation+jwt`, with its signing key: verify it against `/.well-known/jwks.json`) and answers it in `attestation.receipt`; the owner's privacy officer sees it on the subject's tombstone and gets `referral.purge_attested` (ids only). Your agency's intake focal point, supervisors, privacy officer or API clients may; others of it, and the sending agency's people who know the referral, 403 (rule `Referral.attest_purge`); 404 for anyone else; 409 `conflict` when no purge was asked on it (rule `purge.not_requested`) or it was attested already (rule `purge.already_attested`); 400 for a purge dated in the future. Nothing changes when refused. Past its deadline and not attested, both agencies' privacy officers see a `purge_unattested` flag. Written to the access log. Send `Idempotency-Key` to make retries safe.",
  security: bearer,
  request: { params: IdParam, headers: IdempotencyKey, body: jsonBody(PurgeAttestation) },
  responses: { 201: json(PurgeRequest, 'The purge request with its signed attestation'), ...problems(...WRITE_PROBLEMS, 'conflict') },
});

export function registerAttestPurge(app: HubApp) {
  app.openapi(route, async (c) => c.json(await attestPurge({ ctx: c.get('ctx'), input: { referralId: c.req.valid('param').id, attestation: c.req.valid('json') } }), 201));
}
