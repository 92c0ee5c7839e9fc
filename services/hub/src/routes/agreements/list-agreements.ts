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
