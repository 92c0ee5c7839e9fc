import { createRoute, z } from '@hono/zod-openapi';
import { Cosignature } from '@ponte/contracts';
import { postCosignature } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'postCosignature',
  path: '/v1/log/cosignatures',
  tags: ['Access log'],
  summary: 'Post a witness’s cosignature of a checkpoint (C2SP tlog-cosignature)',
  description:
    'The body carries the checkpoint as `GET /v1/log/checkpoint` served it, with the witness’s cosignature line added. The hub keeps it only if the note is its own checkpoint of a head it has (else `invalid_request`, or `conflict` for another root at that size), the line is by a witness key your agency registered and verifies, and the witness has not cosigned a larger tree (`conflict`, check `no_rollback`). Every line by one of your agency’s keys counts (the note may carry other witnesses’ lines); its time may be neither before the checkpoint’s head nor ahead of now (`cosignature_time`). A size a key cosigned before keeps its first cosignature: posting again answers `200` and stores nothing new.',
  security: bearer,
  request: {
    body: jsonBody(z.strictObject({ checkpoint: z.string().min(1).max(16_384).meta({ description: 'The cosigned checkpoint: a signed note with the hub’s signature line and the witness’s' }) })),
    headers: IdempotencyKey,
  },
  responses: {
    201: json(Cosignature, 'The cosignature, stored'),
    200: json(Cosignature, 'The same cosignature, stored before'),
    ...problems('invalid_request', 'forbidden', 'conflict', ...AUTH_PROBLEMS),
  },
});

export function registerPostCosignature(app: HubApp) {
  app.openapi(route, async (c) => {
    const { cosignature, created } = await postCosignature({ ctx: c.get('ctx'), input: c.req.valid('json') });
    return c.json(cosignature, created ? 201 : 200);
  });
}
