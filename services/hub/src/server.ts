import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { HubApp } from './types';

/**
 * The HTTP server around the app. A request that asks `Expect: 100-continue` with a body larger
 * than the limit is answered (413, by the app) before the client is told to go on, so the body is
 * never uploaded; any other gets its `100 Continue`. Refusals of a body the hub did not read say
 * `Connection: close` (see `problemResponse`), so a client keeping connections alive opens a new one.
 */
export function createHubServer(app: HubApp, options: { bodyLimitBytes: number }): Server {
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const length = Number(req.headers['content-length']);
    if (!(Number.isFinite(length) && length > options.bodyLimitBytes)) res.writeContinue();
    server.emit('request', req, res);
  });
  return server;
}
