import { createRoute, z } from '@hono/zod-openapi';
import { AccessFlagList, listQuery } from '@ponte/contracts';
import { listAccessFlags } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const FlagQuery = listQuery({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }, { defaultLimit: 200, maxLimit: 1000 });
const FlagPage = AccessFlagList.extend({ nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` (with the same window) to read the next page; null at the end' }) }).meta({ id: 'AccessFlagPage' });

const route = createRoute({
  method: 'get',
  operationId: 'listAccessFlags',
  path: '/v1/access-flags',
  tags: ['Access log'],
  summary: 'Flags over the access log: break-glass, repeated denials, unusual volume, out of hours, reads without assignment',
  description:
    'Patterns in the access log a privacy officer should look at, computed over a window (`from`, `to`; default the last 7 days, at most 366): break-glass access, repeated denials within an hour, a day’s reads far above the actor’s usual, access outside working hours, and reads of a subject not assigned to the reader. Each flag has a stable id for `POST /v1/access-reviews`, with the reviews it has had. Flags come by start, kind and id, a page of at most `limit` (default 200, at most 1000); pass `nextCursor` as `cursor`, with the same window, until it is null. Only a privacy officer may call it (403 `forbidden`); an empty or too wide window is 400 naming `from` or `to`. Written to the access log.',
  security: bearer,
  request: { query: FlagQuery },
  responses: { 200: json(FlagPage, 'A page of the window’s flags, with their reviews'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerListAccessFlags(app: HubApp) {
  app.openapi(route, async (c) => c.json((await listAccessFlags({ ctx: c.get('ctx'), input: c.req.valid('query') })) as never, 200));
}
