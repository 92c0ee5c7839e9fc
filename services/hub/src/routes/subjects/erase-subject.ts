import { createRoute } from '@hono/zod-openapi';
import { EraseSubject, SubjectTombstone } from '@ponte/contracts';
import { eraseSubject } from '@ponte/core';
import { bearer, ETAG_HEADER, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchAndIdempotencyKey, ifMatch, TRANSITION_PROBLEMS, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'eraseSubject',
  path: '/v1/subjects/{id}/erasure',
  tags: ['Data subjects'],
  summary: "Erase a subject's personal data (the person's request, or the end of its retention), and ask every recipient to purge",
  description:
    "Deletes every personal category and the birth date of a subject of your agency, and what its data left elsewhere in the hub (consents' grantors and witnesses, withdrawal reasons, referral notes and outcomes, messages, documents' titles and content, break-glass justifications, assignment and transfer reasons, saved answers to idempotent requests), in one transaction; the subject stays as a tombstone (`GET /v1/subjects/{id}/erasure`) with ids, dates and, with `mode: anonymise`, age band, sex and province. Its open referrals, down every chain, are withdrawn (`referral.withdrawn`, reason `subject_erased`), a pending transfer is cancelled, and every agency a referral of the subject was sent to is asked to purge what it received: a purge request due in the deployment's `PONTE_PURGE_ATTESTATION_DAYS` (30 by default) and a `referral.purge_requested` event with ids only, to attest with `POST /v1/referrals/{id}/purge-attestation`. Who may: the subject's supervisor (need-to-know) or your agency's privacy officer, who handles the person's rights requests; a caseworker who works on the subject gets 403 (rule `Subject.erase`), anyone else 404. 409 `conflict` when the subject is under a legal hold (rule `subject.legal_hold`) or already erased (rule `subject.erased`); `If-Match` is optional (412 when stale). Nothing changes when refused. Written to the access log (which holds no personal values and still verifies). Send `Idempotency-Key` to make retries safe.",
  security: bearer,
  middleware: [ifMatch('optional')],
  request: { params: IdParam, headers: IfMatchAndIdempotencyKey, body: jsonBody(EraseSubject) },
  responses: { 201: { ...json(SubjectTombstone, 'The tombstone, with a purge request per recipient; `ETag` carries its version'), headers: ETAG_HEADER }, ...problems(...TRANSITION_PROBLEMS) },
});

export function registerEraseSubject(app: HubApp) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const tombstone = await eraseSubject({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id, reason: body.reason, mode: body.mode, expectedVersion: c.get('expectedVersion') } });
    return c.json(withEtag(c, tombstone), 201);
  });
}
