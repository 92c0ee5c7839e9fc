import { createRoute } from '@hono/zod-openapi';
import { AccessEvent, AccessEventQuery, Page } from '@ponte/contracts';
import { listAccessEvents } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  path: '/v1/access-events',
  operationId: 'listAccessEvents',
  tags: ['Access log'],
  summary: "The access log: your agency's accesses and every access to its subjects (privacy officer)",
  description:
    'Search the access log as a privacy officer: the accesses made by your agency’s users and API clients, and every access (by any agency) to the data subjects your agency holds, allowed or denied, oldest first. Each event names what was accessed (resource, fields as category names, purpose, legal basis, decision and the rule that decided), never the values. Filter by actor, subject, acting agency, resource, action, decision, break-glass, purpose and time range (`from` inclusive, `to` exclusive). ' +
    'Paging: start without `cursor`, then pass the `nextCursor` of each answer as `cursor` (with the same filters) until it is null. A cursor belongs to the agency it was given to. The search may read the log as it was a few seconds ago (a read replica); your search is itself recorded in the access log. ' +
    'Only a privacy officer of the agency may search (403 `forbidden` otherwise, and the refusal is logged). Bad input (an unknown agency slug, a reversed range, a cursor from elsewhere) is 400 `invalid_request` naming the field.',
  security: bearer,
  request: {
    query: AccessEventQuery,
  },
  responses: { 200: json(Page(AccessEvent), 'Access events, oldest first'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerListAccessEvents(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listAccessEvents({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
