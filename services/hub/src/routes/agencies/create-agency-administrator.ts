import { createRoute } from '@hono/zod-openapi';
import { CreateAgencyAdministrator, IssuedOneTimeCode } from '@ponte/contracts';
import { createAgencyAdministrator } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, SlugParam } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'createAgencyAdministrator',
  path: '/v1/agencies/{slug}/administrators',
  tags: ['Agencies'],
  summary: "Make an agency's administrator (hub operator)",
  description:
    'The account is pending until the person sets their own password with the one-time code in the answer (`POST /account/activate`, or the console page at `activationUrl`); the code is shown once and expires in 72 hours. The operator never knows the password.',
  security: bearer,
  request: { params: SlugParam, body: jsonBody(CreateAgencyAdministrator), headers: IdempotencyKey },
  responses: {
    201: { ...json(IssuedOneTimeCode, 'The administrator, pending, and the one-time code'), headers: LOCATION_HEADER },
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', 'conflict', ...AUTH_PROBLEMS),
  },
});

export function registerCreateAgencyAdministrator(app: HubApp) {
  app.openapi(route, async (c) => {
    const issued = await createAgencyAdministrator({ ctx: c.get('ctx'), input: { slug: c.req.valid('param').slug, administrator: c.req.valid('json') } });
    c.header('location', `/v1/users/${issued.user.id}`);
    return c.json(issued, 201);
  });
}
