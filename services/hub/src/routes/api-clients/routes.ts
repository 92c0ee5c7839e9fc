import { createRoute, z } from '@hono/zod-openapi';
import { ApiClient, CreateApiClient, IssuedApiClient, Page, PageQuery, Uuid } from '@ponte/contracts';
import { createApiClient, listApiClients, revokeApiClient } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';

const list = createRoute({
  method: 'get',
  path: '/v1/api-clients',
  tags: ['API clients'],
  summary: "Your agency's API clients (agency administrator)",
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(Page(ApiClient), 'A page of API clients'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

const create = createRoute({
  method: 'post',
  path: '/v1/api-clients',
  tags: ['API clients'],
  summary: "Register a machine identity for your agency's systems; the secret is shown once (agency administrator)",
  security: bearer,
  request: { body: jsonBody(CreateApiClient) },
  responses: {
    201: json(IssuedApiClient, 'The client and its secret'),
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', ...AUTH_PROBLEMS),
  },
});

const revoke = createRoute({
  method: 'post',
  path: '/v1/api-clients/{id}/revoke',
  tags: ['API clients'],
  summary: 'Revoke an API client; its tokens stop working at once (agency administrator)',
  security: bearer,
  request: { params: z.object({ id: Uuid }) },
  responses: { 200: json(ApiClient, 'The client, revoked'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerApiClients(app: HubApp) {
  app.openapi(list, async (c) => c.json(await listApiClients({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
  app.openapi(create, async (c) => {
    const client = await createApiClient({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/api-clients/${client.id}`);
    return c.json(client, 201);
  });
  app.openapi(revoke, async (c) => c.json(await revokeApiClient({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
}
