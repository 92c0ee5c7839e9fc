import { createRoute } from '@hono/zod-openapi';
import { Agreement, AgreementQuery, Page, PageQuery } from '@ponte/contracts';
import { listAgreements } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'listAgreements',
  path: '/v1/agreements',
  tags: ['Agreements'],
  summary: 'Data-sharing agreements: all of them for the hub operator, those it is party to for an agency',
  description:
    'The data-sharing agreements a referral may rest on: a hub operator sees all of them, an agency those it is party to (as sender or recipient). Filter by `agency` and by `inForce`. Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page). No case data; nothing is written to the access log.',
  security: bearer,
  request: { query: PageQuery.extend(AgreementQuery.shape) },
  responses: { 200: json(Page(Agreement), 'A page of agreements, newest first'), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

export function registerListAgreements(app: HubApp) {
  app.openapi(route, async (c) => {
    const { inForce, ...query } = c.req.valid('query');
    return c.json(await listAgreements({ ctx: c.get('ctx'), input: { ...query, inForce: inForce === undefined ? undefined : inForce === 'true' } }), 200);
  });
}
