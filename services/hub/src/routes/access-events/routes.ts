import { createRoute, z } from '@hono/zod-openapi';
import { Page, Uuid } from '@ponte/contracts';
import { listAccessEvents } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const AccessEvent = z
  .object({
    id: Uuid,
    occurredAt: z.string(),
    actor: z.object({ kind: z.string(), id: Uuid, agencyId: Uuid }),
    subjectId: Uuid.nullable(),
    owningAgencyId: Uuid.nullable(),
    resource: z.string(),
    resourceId: Uuid.nullable(),
    action: z.string(),
    fields: z.array(z.string()),
    purpose: z.string().nullable(),
    legalBasis: z.string().nullable(),
    decision: z.enum(['allow', 'deny']),
    rule: z.string(),
    breakGlass: z.boolean(),
    requestId: z.string(),
  })
  .meta({ id: 'AccessEvent' });

const list = createRoute({
  method: 'get',
  path: '/v1/access-events',
  tags: ['Access log'],
  summary: "The access log: your agency's accesses and every access to its subjects (privacy officer)",
  security: bearer,
  request: {
    query: z.strictObject({
      subjectId: Uuid.optional(),
      decision: z.enum(['allow', 'deny']).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      cursor: z.string().max(200).optional(),
    }),
  },
  responses: { 200: json(Page(AccessEvent), 'Access events, oldest first'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerAccessEvents(app: HubApp) {
  app.openapi(list, async (c) => c.json(await listAccessEvents({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
