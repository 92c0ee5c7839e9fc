import { createRoute } from '@hono/zod-openapi';
import { Page, Subject, SubjectListQuery } from '@ponte/contracts';
import { listSubjects } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'listSubjects',
  path: '/v1/subjects',
  tags: ['Data subjects'],
  summary: 'The subjects you may work on (need-to-know), newest first',
  description:
    'The subjects you may work on: assigned to you, to your team (a supervisor), or opened to you by break-glass; newest first. Each shows only the categories you may read now. The read of each subject is written to the access log, and so is each category withheld, with the rule that withheld it. Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page). 403 for a role that works on no cases.',
  security: bearer,
  request: { query: SubjectListQuery },
  responses: { 200: json(Page(Subject), 'A page of subjects; each shows only the categories you may read'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerListSubjects(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listSubjects({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
