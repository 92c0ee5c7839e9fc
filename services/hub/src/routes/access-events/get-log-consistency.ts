import { createRoute, z } from '@hono/zod-openapi';
import { LogConsistencyProof } from '@ponte/contracts';
import { logConsistency } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'getLogConsistency',
  path: '/v1/log/consistency',
  tags: ['Access log'],
  summary: 'Consistency proof between two sizes of the log (RFC 6962)',
  description:
    'Proves that the log of `from` events is a prefix of the log of `to` events (RFC 6962 §2.1.2): with two signed heads you kept, it shows the hub rewrote nothing between them. `from` ≤ `to` ≤ the latest head’s size, else 400 naming `to`. Only a privacy officer may call it (403 `forbidden`). Written to the access log.',
  security: bearer,
  request: { query: z.strictObject({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }) },
  responses: { 200: json(LogConsistencyProof, 'The proof'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerGetLogConsistency(app: HubApp) {
  app.openapi(route, async (c) => c.json(await logConsistency({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
