import { createRoute } from '@hono/zod-openapi';
import { Me } from '@ponte/contracts';
import { settleAccountCheck } from '@ponte/db';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'getMe',
  path: '/v1/me',
  tags: ['Authentication'],
  summary: 'Who the token belongs to',
  security: bearer,
  responses: { 200: json(Me, 'The authenticated principal'), ...problems(...AUTH_PROBLEMS) },
});

export function registerGetMe(app: HubApp) {
  app.openapi(route, async (c) => {
    // The account as it is now: checked before anything of it is told.
    await settleAccountCheck(c.get('ctx').db);
    const p = c.get('principal');
    return c.json({ kind: p.kind, id: p.id, agency: p.agencySlug, roles: [...p.roles], displayName: p.displayName }, 200);
  });
}
