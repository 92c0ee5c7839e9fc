import { createRoute, z } from '@hono/zod-openapi';
import { Agreement, AgreementQuery, CreateAgreement, Page, PageQuery, TerminateAgreement, Uuid } from '@ponte/contracts';
import { createAgreement, getAgreement, listAgreements, terminateAgreement } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';

const IdParam = z.object({ id: Uuid });

const list = createRoute({
  method: 'get',
  path: '/v1/agreements',
  tags: ['Agreements'],
  summary: 'Data-sharing agreements: all of them for the hub operator, those it is party to for an agency',
  security: bearer,
  request: { query: PageQuery.extend(AgreementQuery.shape) },
  responses: { 200: json(Page(Agreement), 'A page of agreements, newest first'), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

const get = createRoute({
  method: 'get',
  path: '/v1/agreements/{id}',
  tags: ['Agreements'],
  summary: 'One agreement',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Agreement, 'The agreement'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

const create = createRoute({
  method: 'post',
  path: '/v1/agreements',
  tags: ['Agreements'],
  summary: 'Record a data-sharing agreement from one agency to another (hub operator)',
  security: bearer,
  request: { body: jsonBody(CreateAgreement) },
  responses: {
    201: json(Agreement, 'The agreement was recorded'),
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', ...AUTH_PROBLEMS),
  },
});

const terminate = createRoute({
  method: 'post',
  path: '/v1/agreements/{id}/terminate',
  tags: ['Agreements'],
  summary: 'End an agreement before its term (hub operator)',
  security: bearer,
  request: { params: IdParam, body: jsonBody(TerminateAgreement) },
  responses: {
    200: json(Agreement, 'The agreement, terminated'),
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', 'conflict', ...AUTH_PROBLEMS),
  },
});

export function registerAgreements(app: HubApp) {
  app.openapi(list, async (c) => {
    const { inForce, ...query } = c.req.valid('query');
    return c.json(await listAgreements({ ctx: c.get('ctx'), input: { ...query, inForce: inForce === undefined ? undefined : inForce === 'true' } }), 200);
  });
  app.openapi(get, async (c) => c.json(await getAgreement({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
  app.openapi(create, async (c) => {
    const agreement = await createAgreement({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/agreements/${agreement.id}`);
    return c.json(agreement, 201);
  });
  app.openapi(terminate, async (c) =>
    c.json(await terminateAgreement({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, reason: c.req.valid('json').reason } }), 200),
  );
}
