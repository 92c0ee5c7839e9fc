import { createRoute } from '@hono/zod-openapi';
import { EventFeedPage, EventFeedQuery } from '@ponte/contracts';
import { listEvents } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  path: '/v1/events',
  operationId: 'listEvents',
  tags: ['Events and webhooks'],
  summary: "Your agency's events, in order (poll with the last `nextCursor`)",
  description:
    'The events of your agency (referrals sent to or by it changing state, purge requests, pings), oldest first: the same events its webhooks deliver, for a system that polls instead. ' +
    'Each event carries identifiers and states only, never personal data; read the referral itself for more. ' +
    'Paging: start without `cursor`, then pass the `nextCursor` of each answer as `cursor`. The feed has no end, so `nextCursor` is never null: a page shorter than `limit` means you are up to date, and an empty page gives back the cursor you sent, to poll with again later. Keep the last `nextCursor` you processed and you will see every event once, in order. ' +
    '`after` is the name this parameter had before; it is accepted, deprecated, until the next API version (0.2.0), and sending both `after` and `cursor` is refused. ' +
    'Any user or API client of an agency may read its feed; the hub operator may not (403). A cursor that is not one this feed gave is 400 `invalid_request` naming the field.',
  security: bearer,
  request: { query: EventFeedQuery },
  responses: { 200: json(EventFeedPage, 'Events after the cursor, and the cursor to go on from'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerListEvents(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listEvents({ ctx: c.get('ctx'), input: c.req.valid('query') }) as never, 200));
}
