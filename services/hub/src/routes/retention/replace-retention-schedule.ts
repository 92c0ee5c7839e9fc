import { createRoute } from '@hono/zod-openapi';
import { ReplaceRetentionSchedule, RetentionSchedule } from '@ponte/contracts';
import { replaceRetentionSchedule } from '@ponte/core';
import { bearer, ETAG_HEADER, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IfMatch, ifMatch, RETENTION_TAGS, VERSIONED_CHANGE_PROBLEMS, withEtag } from '../shared';

const route = createRoute({
  method: 'put',
  operationId: 'replaceRetentionSchedule',
  path: '/v1/retention-schedule',
  tags: RETENTION_TAGS,
  summary: 'Set your agency’s retention schedule (privacy officer; `If-Match` required)',
  description:
    'Replaces your agency’s retention schedule whole: one rule per service (a case falls under the rule for the service of its last referral) and at most one default (`service: null`, for every other case), each a period in days and an action, `erase` or `anonymise`, which the worker’s daily job applies once a closed case is due. Only your agency’s privacy officer may set it: its administrator reads it (403 `forbidden`, rule `Retention.update`); anyone else of the agency, an API client or the hub operator: 403 (rule `Retention.list`). A period below your agency’s legal minimum (`legalMinimumDays`, set by the hub operator) is 422 `check_failed` (rule `retention.below_legal_minimum`), naming each such `rules.N.periodDays` with the check `legal_minimum`; two rules for one service, 400 `invalid_request` (check `unique`); nothing is changed then. `If-Match` with the ETag of your last read is required (`"0"` before the first schedule, or `*`): 428 without it, 412 when it changed since. The answer carries the new `ETag`. No personal data.',
  security: bearer,
  middleware: [ifMatch('required')],
  request: { body: jsonBody(ReplaceRetentionSchedule), headers: IfMatch },
  responses: {
    200: { ...json(RetentionSchedule, 'The schedule as set'), headers: ETAG_HEADER },
    ...problems(...VERSIONED_CHANGE_PROBLEMS, 'check_failed'),
  },
});

export function registerReplaceRetentionSchedule(app: HubApp) {
  app.openapi(route, async (c) =>
    c.json(withEtag(c, await replaceRetentionSchedule({ ctx: c.get('ctx'), input: { schedule: c.req.valid('json'), expectedVersion: c.get('expectedVersion') } })), 200),
  );
}
