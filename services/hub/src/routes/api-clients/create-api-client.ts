import { createRoute } from '@hono/zod-openapi';
import { CreateApiClient, IssuedApiClient } from '@ponte/contracts';
import { createApiClient } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'createApiClient',
  path: '/v1/api-clients',
  tags: ['API clients'],
  summary: "Register a machine identity for your agency's systems; the secret is shown once (agency administrator)",
  description:
    'Registers a machine identity for one of your agency’s systems, with the roles it acts with. The answer carries its `client_id` and secret, shown this once: the system gets tokens with them at `POST /oauth/token` (`grant_type=client_credentials`). Only your agency’s administrator may call it (403 `forbidden`). Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { body: jsonBody(CreateApiClient), headers: IdempotencyKey },
  responses: {
    201: { ...json(IssuedApiClient, 'The client and its secret'), headers: LOCATION_HEADER },
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', ...AUTH_PROBLEMS),
  },
});

export function registerCreateApiClient(app: HubApp) {
  app.openapi(route, async (c) => {
    const client = await createApiClient({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/api-clients/${client.id}`);
    return c.json(client, 201);
  });
}
