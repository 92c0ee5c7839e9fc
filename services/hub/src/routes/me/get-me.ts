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
  description:
    'Who the access token stands for: a user or an API client of an agency (with its roles), or a hub operator. Any valid token may call it; it reads nothing of case data and writes nothing to the access log. A useful first call for an integration: 401 `invalid_token` means the token expired (they live 15 minutes; get another from `POST /oauth/token`) or its client was revoked.',
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
