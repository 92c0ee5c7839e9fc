import { createRoute, z } from '@hono/zod-openapi';
import { LogHeadsQuery, SignedLogHead } from '@ponte/contracts';
import { listLogHeads } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const LogHeadsPage = z
  .object({
    items: z.array(SignedLogHead),
    nextCursor: z.string().meta({
      description: 'Pass as `cursor` to read on. Never null: heads keep coming as the log is sealed. After the last head it names the same position, so an empty page tells you to poll again later with it.',
    }),
  })
  .meta({ id: 'LogHeadsPage' });

const route = createRoute({
  method: 'get',
  path: '/v1/log/heads',
  operationId: 'listLogHeads',
  tags: ['Access log'],
  summary: 'Signed tree heads of the access log, oldest first: keep them as witness copies',
  description:
    'Every tree head the hub has signed over the access log, smallest tree first, each a compact JWS verifiable with the hub’s JWKS. Keep them: a head you hold lets you (or `POST /v1/log/verify` with `witness`) prove later that the log only grew. ' +
    'Paging: start without `cursor`, then pass the `nextCursor` of each answer as `cursor`. Heads keep coming as the log is sealed, so, as on the event feed, `nextCursor` is never null: a page shorter than `limit` means you have every head so far, and an empty page gives back a cursor to poll with again later. ' +
    '`afterSize` (a tree size) is the name the position had before; it is accepted, deprecated, until the next API version (0.2.0), and sending both `afterSize` and `cursor` is refused. ' +
    'Any signed-in user or API client may read them, the hub operator included. A cursor this list did not give is 400 `invalid_request` naming the field.',
  security: bearer,
  request: { query: LogHeadsQuery },
  responses: { 200: json(LogHeadsPage, 'Heads, each a JWS signed with the hub’s key, and the cursor to go on from'), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

export function registerListLogHeads(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listLogHeads({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
