import { createRoute } from '@hono/zod-openapi';
import { RetentionRunListQuery, RetentionRunPage } from '@ponte/contracts';
import { listRetentionRuns } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { RETENTION_TAGS } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'listRetentionRuns',
  path: '/v1/retention/runs',
  tags: RETENTION_TAGS,
  summary: 'What the daily retention job did: your agency’s runs, newest first',
  description:
    'The worker’s daily retention runs for your agency, newest first (one per day at most), each with its report: when it started and finished, how many subjects it erased, anonymised, skipped under a legal hold (held) and failed to erase (then due again the next day), and each subject’s id, case reference, rule and outcome. No personal data. For your agency’s privacy officer and administrator; anyone else of the agency, an API client: 403 `forbidden` (rule `Retention.list`); the hub operator: 403. Written to the access log (rule `retention.report`). Paged with `limit` and `cursor`.',
  security: bearer,
  request: { query: RetentionRunListQuery },
  responses: { 200: json(RetentionRunPage, 'A page of runs'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerListRetentionRuns(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listRetentionRuns({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
