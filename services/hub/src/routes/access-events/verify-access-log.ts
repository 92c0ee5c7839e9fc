import { createRoute, z } from '@hono/zod-openapi';
import { LogVerification } from '@ponte/contracts';
import { verifyAccessLog } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'verifyAccessLog',
  path: '/v1/log/verify',
  tags: ['Access log'],
  summary: 'Start a verification of the log: every event recomputed, every signed head checked; with `witness`, that the log still extends a head you kept',
  description:
    'The verification runs in the background: the answer is `202` with the verification and its `Location`; poll `GET /v1/log/verifications/{id}` until its `status` is `done` (the `report` says whether the log verifies) or `failed`. A retry under the same `Idempotency-Key` gets the same verification. Only a privacy officer may start one (403 `forbidden`, rule `role.not_privacy_officer`); starting it is written to the access log.',
  security: bearer,
  request: {
    body: jsonBody(
      z.strictObject({
        witness: z
          .string()
          .min(10)
          .max(10_000)
          .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
          .optional()
          .meta({ description: 'A signed head you kept, as `GET /v1/log/heads` gave it (a compact JWS)' }),
      }),
    ),
    headers: IdempotencyKey,
  },
  responses: { 202: { ...json(LogVerification, 'The verification, queued'), headers: LOCATION_HEADER }, ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerVerifyAccessLog(app: HubApp) {
  app.openapi(route, async (c) => {
    const verification = await verifyAccessLog({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/log/verifications/${verification.id}`);
    return c.json(verification, 202);
  });
}
