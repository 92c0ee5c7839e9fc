import { createRoute } from '@hono/zod-openapi';
import { LegalHold, PlaceLegalHold } from '@ponte/contracts';
import { placeLegalHold } from '@ponte/core';
import { bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, WRITE_PROBLEMS } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'placeLegalHold',
  path: '/v1/subjects/{id}/legal-holds',
  tags: ['Data subjects'],
  summary: 'Place a legal hold on a subject: it may not be erased until released',
  description:
    "Stops every erasure of a subject of your agency, by request or by retention, until the hold is released (a court order, an investigation); the reason stays in your agency. The subject's supervisor (need-to-know) or your agency's privacy officer may; a caseworker who works on the subject gets 403 (rule `Subject.hold`), anyone else 404. 409 `conflict` when a hold is already active (rule `legal_hold.already_active`) or the subject was erased (rule `subject.erased`). Written to the access log. Send `Idempotency-Key` to make retries safe.",
  security: bearer,
  request: { params: IdParam, headers: IdempotencyKey, body: jsonBody(PlaceLegalHold) },
  responses: { 201: json(LegalHold, 'The hold, active'), ...problems(...WRITE_PROBLEMS, 'conflict') },
});

export function registerPlaceLegalHold(app: HubApp) {
  app.openapi(route, async (c) => c.json(await placeLegalHold({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id, reason: c.req.valid('json').reason } }), 201));
}
