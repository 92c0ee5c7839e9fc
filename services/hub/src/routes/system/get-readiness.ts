import { createRoute, z } from '@hono/zod-openapi';
import { PonteError } from '@ponte/contracts';
import { sealLagSeconds } from '@ponte/core';
import { json, problems } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';

const Readiness = z.object({ status: z.literal('ready'), storage: z.enum(['postgres', 'pglite']) }).meta({ id: 'Readiness' });

const route = createRoute({
  method: 'get',
  operationId: 'getReadiness',
  path: '/readyz',
  tags: ['System'],
  summary: 'Readiness: the database answers, the access log is being sealed, and the hub is not shutting down',
  description:
    'Fails (503 `not_ready`) while the hub starts or shuts down, when the database does not answer, and when the oldest access event has waited longer than `PONTE_READY_MAX_SEAL_LAG_SECONDS` to be sealed (the sealer is stopped or behind: accesses are then not yet provable).',
  responses: { 200: json(Readiness, 'Ready to serve'), ...problems('not_ready') },
});

export function registerGetReadiness(app: HubApp, deps: HubDeps) {
  app.openapi(route, async (c) => {
    if (deps.isReady && !deps.isReady())
      throw new PonteError('not_ready', { en: 'The hub is starting or shutting down', pt: 'O hub está a iniciar ou a encerrar' });
    try {
      await deps.ping();
    } catch (error) {
      c.get('logger').warn({ err: error }, 'readiness check failed');
      throw new PonteError('not_ready', { en: 'The database does not answer', pt: 'A base de dados não responde' });
    }
    const maxLag = deps.maxSealLagSeconds ?? 0;
    if (maxLag > 0) {
      const lag = await sealLagSeconds(deps.db);
      if (lag !== undefined && lag > maxLag) {
        c.get('logger').warn({ event: 'readiness.seal_lag', lagSeconds: Math.round(lag), maxSeconds: maxLag }, 'readiness check failed: the access log is not being sealed');
        throw new PonteError('not_ready', {
          en: `The access log has not been sealed for ${Math.round(lag)} s (at most ${maxLag} s): the sealer is stopped or behind`,
          pt: `O registo de acessos não é selado há ${Math.round(lag)} s (no máximo ${maxLag} s): o selador está parado ou atrasado`,
        });
      }
    }
    return c.json({ status: 'ready' as const, storage: deps.storageKind }, 200);
  });
}
