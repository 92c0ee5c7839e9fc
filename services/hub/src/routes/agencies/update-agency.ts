import { createRoute } from '@hono/zod-openapi';
import { Agency, UpdateAgency } from '@ponte/contracts';
import { updateAgency } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { SlugParam } from '../shared';

const route = createRoute({
  method: 'patch',
  operationId: 'updateAgency',
  path: '/v1/agencies/{slug}',
  tags: ['Agencies'],
  summary: 'Rename or suspend an agency, or set its legal minimum retention (hub operator)',
  description:
    'Changes an agency’s names, or suspends or reinstates it, or sets the roles that need a second factor, or its legal minimum retention (`retentionMinimumDays`: no rule of the agency’s retention schedule may be shorter; a rule already shorter is lengthened to it by the daily job); the fields left out stay as they are. Only a hub operator may call it (403 `forbidden`); 404 `not_found` for an unknown slug. A suspended agency’s users and clients can no longer get tokens, and its retention job does not run; its records stay.',
  security: bearer,
  request: { params: SlugParam, body: jsonBody(UpdateAgency) },
  responses: {
    200: json(Agency, 'The agency as updated'),
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerUpdateAgency(app: HubApp) {
  app.openapi(route, async (c) =>
    c.json(await updateAgency({ ctx: c.get('ctx'), input: { slug: c.req.valid('param').slug, changes: c.req.valid('json') } }), 200),
  );
}
