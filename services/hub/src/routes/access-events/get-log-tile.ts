import { createRoute, z } from '@hono/zod-openapi';
import { getLogTile } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, problems } from '../../openapi';
import type { HubApp } from '../../types';

/** The documented form; the path spans several segments (`1/x001/234.p/7`), so the handler is matched by pattern. */
const route = createRoute({
  method: 'get',
  operationId: 'getLogTile',
  path: '/v1/log/tile/{tilePath}',
  tags: ['Access log'],
  summary: 'A tile of the log’s Merkle tree (C2SP tlog-tiles), for proofs and witnesses',
  description:
    'The tile at `<L>/<N>[.p/<W>]` as C2SP `tlog-tiles` names it: level L (0 holds leaf hashes, level L+1 the roots of the full tiles of level L), index N in groups of three digits with `x` before all but the last (`x001/x234/067`), and for the right edge a partial tile of width W. The body is the tile’s hashes, 32 bytes each. Tiles never change once they exist, so they may be cached for good. Entry bundles (`tile/entries/...`) are not served: an entry says who read whose record, and stays with privacy officers. Any authenticated caller may read it: the log’s heads and tiles are hashes, and disclose nothing of any agency’s events; reading them is not written to the access log.',
  security: bearer,
  request: { params: z.object({ tilePath: z.string().meta({ example: '0/x001/234.p/7' }) }) },
  responses: {
    200: { description: 'The tile', content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } } },
    ...problems('not_found', ...AUTH_PROBLEMS),
  },
});

export function registerGetLogTile(app: HubApp) {
  app.openAPIRegistry.registerPath(route);
  app.get('/v1/log/tile/:tilePath{.+}', async (c) => {
    // The path as sent, not percent-decoded: a tile has one name (`0%2F000` names none).
    const path = new URL(c.req.url).pathname.slice('/v1/log/tile/'.length);
    const tile = await getLogTile({ ctx: c.get('ctx'), input: { path } });
    return c.body(new Uint8Array(tile.hashes), 200, { 'content-type': 'application/octet-stream', 'cache-control': 'private, max-age=31536000, immutable' });
  });
}
