import { createRoute, z } from '@hono/zod-openapi';
import { json } from '../../openapi';
import type { HubApp } from '../../types';

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

const route = createRoute({
  method: 'get',
  operationId: 'getLiveness',
  path: '/healthz',
  tags: ['System'],
  summary: 'Liveness: the process answers',
  description:
    'Answers 200 `{"status":"ok"}` while the process runs, whatever its database: for a container’s liveness probe. Public, no token, not counted against a rate limit and never written to the access log. Use `GET /readyz` to know whether the hub can serve requests.',
  responses: { 200: json(Health, 'Alive') },
});

export function registerGetLiveness(app: HubApp) {
  app.openapi(route, (c) => c.json({ status: 'ok' as const }, 200));
}
