import { createRoute } from '@hono/zod-openapi';
import { RetentionRun } from '@ponte/contracts';
import { getRetentionRun } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, RETENTION_TAGS } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getRetentionRun',
  path: '/v1/retention/runs/{id}',
  tags: RETENTION_TAGS,
  summary: 'One retention run of your agency, with its report',
  description:
    'One of the worker’s daily retention runs for your agency, with its report (counts, and each subject’s id, case reference, rule and outcome: erased, anonymised, held or failed). No personal data. For your agency’s privacy officer and administrator; anyone else, and another agency’s run: 404 `not_found` (rule `Retention.read`); the hub operator: 403. Written to the access log (rule `retention.report`), a refusal too.',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(RetentionRun, 'The run'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetRetentionRun(app: HubApp) {
  app.openapi(route, async (c) => c.json(await getRetentionRun({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
}
