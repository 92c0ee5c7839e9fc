import { createRoute } from '@hono/zod-openapi';
import { RetentionSchedule } from '@ponte/contracts';
import { getRetentionSchedule } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, ETAG_HEADER, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { RETENTION_TAGS, withEtag } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getRetentionSchedule',
  path: '/v1/retention-schedule',
  tags: RETENTION_TAGS,
  summary: 'Your agency’s retention schedule: how long closed cases keep personal data',
  description:
    'Your agency’s retention schedule: per service of a case’s last referral (or a default), how many days a closed case keeps its personal data and whether the daily job then erases or anonymises it, with the legal minimum the hub operator set for your agency (`legalMinimumDays`). A case is closed when its subject has no referral still open (draft, sent, accepted, in progress) and no pending transfer; it is due that many days after the latest change of it, its referrals and its transfers. For your agency’s privacy officer and administrator; anyone else of the agency, an API client or the hub operator: 403 `forbidden` (rule `Retention.list`). No personal data; not an access event. Version 0 and no rules: never set. The answer’s `ETag` is its version, for `If-Match` on `PUT`.',
  security: bearer,
  responses: { 200: { ...json(RetentionSchedule, 'The schedule'), headers: ETAG_HEADER }, ...problems('forbidden', ...AUTH_PROBLEMS) },
});

export function registerGetRetentionSchedule(app: HubApp) {
  app.openapi(route, async (c) => c.json(withEtag(c, await getRetentionSchedule({ ctx: c.get('ctx') })), 200));
}
