import { createRoute } from '@hono/zod-openapi';
import { Agency, ReplaceServices } from '@ponte/contracts';
import { replaceAgencyServices } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { SlugParam } from '../shared';

const route = createRoute({
  method: 'put',
  operationId: 'replaceAgencyServices',
  path: '/v1/agencies/{slug}/services',
  tags: ['Agencies'],
  summary: 'Set the services an agency offers, by province (hub operator)',
  description:
    'Replaces the whole list of services the agency offers, each with the provinces it offers it in; what the directory (`GET /v1/directory`) and the referral checks see changes at once. Only a hub operator may call it (403 `forbidden`); 404 `not_found` for an unknown slug. Referrals already sent are not touched.',
  security: bearer,
  request: { params: SlugParam, body: jsonBody(ReplaceServices) },
  responses: {
    200: json(Agency, 'The agency with its new services'),
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerReplaceAgencyServices(app: HubApp) {
  app.openapi(route, async (c) =>
    c.json(
      await replaceAgencyServices({ ctx: c.get('ctx'), input: { slug: c.req.valid('param').slug, services: c.req.valid('json').services } }),
      200,
    ),
  );
}
