import { createRoute, z } from '@hono/zod-openapi';
import { Agency, CreateAgency, Page, PageQuery, ReplaceServices, Slug, UpdateAgency } from '@ponte/contracts';
import { createAgency, getAgency, listAgencies, replaceAgencyServices, updateAgency } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';

const SlugParam = z.object({ slug: Slug });

const list = createRoute({
  method: 'get',
  path: '/v1/agencies',
  tags: ['Agencies'],
  summary: "The network's agencies and the services they offer",
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(Page(Agency), 'A page of agencies, by slug'), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

const get = createRoute({
  method: 'get',
  path: '/v1/agencies/{slug}',
  tags: ['Agencies'],
  summary: 'One agency',
  security: bearer,
  request: { params: SlugParam },
  responses: { 200: json(Agency, 'The agency'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

const create = createRoute({
  method: 'post',
  path: '/v1/agencies',
  tags: ['Agencies'],
  summary: 'Add an agency to the network (hub operator)',
  security: bearer,
  request: { body: jsonBody(CreateAgency) },
  responses: {
    201: json(Agency, 'The agency was created'),
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'conflict', ...AUTH_PROBLEMS),
  },
});

const update = createRoute({
  method: 'patch',
  path: '/v1/agencies/{slug}',
  tags: ['Agencies'],
  summary: 'Rename or suspend an agency (hub operator)',
  security: bearer,
  request: { params: SlugParam, body: jsonBody(UpdateAgency) },
  responses: {
    200: json(Agency, 'The agency as updated'),
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

const services = createRoute({
  method: 'put',
  path: '/v1/agencies/{slug}/services',
  tags: ['Agencies'],
  summary: 'Set the services an agency offers, by province (hub operator)',
  security: bearer,
  request: { params: SlugParam, body: jsonBody(ReplaceServices) },
  responses: {
    200: json(Agency, 'The agency with its new services'),
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerAgencies(app: HubApp) {
  app.openapi(list, async (c) => c.json(await listAgencies({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
  app.openapi(get, async (c) => c.json(await getAgency({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
  app.openapi(create, async (c) => {
    const agency = await createAgency({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/agencies/${agency.slug}`);
    return c.json(agency, 201);
  });
  app.openapi(update, async (c) =>
    c.json(await updateAgency({ ctx: c.get('ctx'), input: { slug: c.req.valid('param').slug, changes: c.req.valid('json') } }), 200),
  );
  app.openapi(services, async (c) =>
    c.json(
      await replaceAgencyServices({ ctx: c.get('ctx'), input: { slug: c.req.valid('param').slug, services: c.req.valid('json').services } }),
      200,
    ),
  );
}
