import { createRoute } from '@hono/zod-openapi';
import { Agency, CreateAgency } from '@ponte/contracts';
import { createAgency } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'createAgency',
  path: '/v1/agencies',
  tags: ['Agencies'],
  summary: 'Add an agency to the network (hub operator)',
  description:
    'Adds an agency (a UN agency, a government body or a civil-society organisation) with its slug, names in English and Portuguese and the services it offers. Only a hub operator may call it (403 `forbidden` otherwise); the slug is the agency’s name in every URL, token and referral and cannot change (409 `conflict` when taken). The new agency has no users: make its first administrator with `POST /v1/agencies/{slug}/administrators`. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { body: jsonBody(CreateAgency), headers: IdempotencyKey },
  responses: {
    201: { ...json(Agency, 'The agency was created'), headers: LOCATION_HEADER },
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'conflict', ...AUTH_PROBLEMS),
  },
});

export function registerCreateAgency(app: HubApp) {
  app.openapi(route, async (c) => {
    const agency = await createAgency({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/agencies/${agency.slug}`);
    return c.json(agency, 201);
  });
}
