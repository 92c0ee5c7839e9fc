import { createRoute, z } from '@hono/zod-openapi';
import { AssignableUser } from '@ponte/contracts';
import { listAssignableCaseworkers } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'listAssignableUsers',
  path: '/v1/assignable-users',
  tags: ['Users'],
  summary: 'The people of your agency a received referral may be assigned to (intake focal point, supervisor)',
  description: 'Active users who work on cases: id, display name, team and roles, nothing more. Use an `id` as `assigneeId` when accepting or assigning a referral.',
  security: bearer,
  responses: { 200: json(z.object({ items: z.array(AssignableUser) }), 'Everyone assignable, by username'), ...problems('forbidden', ...AUTH_PROBLEMS) },
});

export function registerListAssignableUsers(app: HubApp) {
  app.openapi(route, async (c) => c.json({ items: await listAssignableCaseworkers({ ctx: c.get('ctx') }) }, 200));
}
