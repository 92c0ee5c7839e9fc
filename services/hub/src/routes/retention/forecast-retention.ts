import { createRoute } from '@hono/zod-openapi';
import { RetentionForecast, RetentionForecastQuery } from '@ponte/contracts';
import { forecastRetention } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { RETENTION_TAGS } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'forecastRetention',
  path: '/v1/retention/forecast',
  tags: RETENTION_TAGS,
  summary: 'What the daily retention job will do in the next days (a dry run)',
  description:
    'A dry run of the worker’s daily retention job over the next `days` (default 7): your agency’s closed cases due by then under its schedule (those overdue already included), soonest first, each with its due date, the rule (service, or null for the default), the period applied (never below the legal minimum) and the action, and `held: true` for a subject under a legal hold, which the job will skip. Nothing is changed. Subject ids and case references only, no personal data. For your agency’s privacy officer and administrator; anyone else of the agency, an API client: 403 `forbidden` (rule `Retention.list`); the hub operator: 403 (rule `hub_operator.no_case_data`). Written to the access log (rule `retention.report`), a refusal too. `days` outside 0 to 90 is 400 naming it.',
  security: bearer,
  request: { query: RetentionForecastQuery },
  responses: { 200: json(RetentionForecast, 'The cases due within the window'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerForecastRetention(app: HubApp) {
  app.openapi(route, async (c) => c.json(await forecastRetention({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
