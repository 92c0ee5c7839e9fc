import { createRoute, z } from '@hono/zod-openapi';
import { LegalHold, ReleaseLegalHold, Uuid } from '@ponte/contracts';
import { releaseLegalHold } from '@ponte/core';
import { bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, WRITE_PROBLEMS } from '../shared';

const HoldParams = z.object({ id: Uuid, holdId: Uuid });

const route = createRoute({
  method: 'post',
  operationId: 'releaseLegalHold',
  path: '/v1/subjects/{id}/legal-holds/{holdId}/release',
  tags: ['Data subjects'],
  summary: "Release a subject's legal hold, with a reason",
  description:
    "Ends an active legal hold: the subject may be erased again. The subject's supervisor (need-to-know) or your agency's privacy officer may; a caseworker who works on the subject gets 403 (rule `Subject.hold`), anyone else 404, as does a hold not of this subject. 409 `conflict` when the hold was already released (rule `legal_hold.not_active`). Written to the access log. Send `Idempotency-Key` to make retries safe.",
  security: bearer,
  request: { params: HoldParams, headers: IdempotencyKey, body: jsonBody(ReleaseLegalHold) },
  responses: { 200: json(LegalHold, 'The hold, released'), ...problems(...WRITE_PROBLEMS, 'conflict') },
});

export function registerReleaseLegalHold(app: HubApp) {
  app.openapi(route, async (c) => {
    const { id, holdId } = c.req.valid('param');
    return c.json(await releaseLegalHold({ ctx: c.get('ctx'), input: { subjectId: id, holdId, reason: c.req.valid('json').reason } }), 200);
  });
}
