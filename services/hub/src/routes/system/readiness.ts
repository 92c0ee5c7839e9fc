import { createRoute, z } from '@hono/zod-openapi';
import { PonteError } from '@ponte/contracts';
import { json, problems } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';

const Readiness = z.object({ status: z.literal('ready'), storage: z.enum(['postgres', 'pglite']) }).meta({ id: 'Readiness' });

const route = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['System'],
  summary: 'Readiness: the database answers and the hub is not shutting down',
  responses: { 200: json(Readiness, 'Ready to serve'), ...problems('not_ready') },
});

export function registerReadiness(app: HubApp, deps: HubDeps) {
  app.openapi(route, async (c) => {
    if (deps.isReady && !deps.isReady())
      throw new PonteError('not_ready', { en: 'The hub is starting or shutting down', pt: 'O hub está a iniciar ou a encerrar' });
    try {
      await deps.ping();
    } catch (error) {
      c.get('logger').warn({ err: error }, 'readiness check failed');
      throw new PonteError('not_ready', { en: 'The database does not answer', pt: 'A base de dados não responde' });
    }
    return c.json({ status: 'ready' as const, storage: deps.storageKind }, 200);
  });
}
