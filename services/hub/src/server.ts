import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { DEFAULT_DOCUMENT_MAX_BYTES } from '@ponte/contracts';
import { isDocumentUpload } from './routes/shared';
import type { HubApp } from './types';

/**
 * The HTTP server around the app. A request that asks `Expect: 100-continue` with a body larger
 * than the limit is answered (413, by the app) before the client is told to go on, so the body is
 * never uploaded; any other gets its `100 Continue`. Refusals of a body the hub did not read say
 * `Connection: close` (see `problemResponse`), so a client keeping connections alive opens a new one.
 */
export function createHubServer(app: HubApp, options: { bodyLimitBytes: number; documentMaxBytes?: number }): Server & { drained(): Promise<void> } {
  // Requests being handled, whether or not their caller is still there: a stop waits for them.
  let inFlight = 0;
  const idle: Array<() => void> = [];
  const fetch = async (request: Request, env: unknown) => {
    inFlight++;
    try {
      return await app.fetch(request, env as never);
    } finally {
      if (--inFlight === 0) for (const done of idle.splice(0)) done();
    }
  };
  const server = Object.assign(createAdaptorServer({ fetch }) as Server, {
    /** Resolves once no request is being handled (at once if none is). */
    drained: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((done) => idle.push(done))),
  });
  // HTTP/1.0 makes Host optional, and load balancers' health checks (HAProxy's `option httpchk`)
  // send none: such a request is read as addressed to the socket it came in on. HTTP/1.1 without
  // Host stays a 400, as RFC 9112 asks.
  server.prependListener('request', (req: IncomingMessage) => {
    if (req.headers.host === undefined && req.httpVersion === '1.0') {
      const { localAddress, localPort } = req.socket;
      req.headers.host = `${localAddress?.includes(':') ? `[${localAddress}]` : (localAddress ?? 'localhost')}:${localPort ?? 80}`;
    }
  });
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const length = Number(req.headers['content-length']);
    // A document's upload has the documents' own limit (`PONTE_DOCUMENT_MAX_BYTES`).
    const path = (req.url ?? '').split('?')[0]!;
    const limit = isDocumentUpload(req.method ?? '', path) ? (options.documentMaxBytes ?? DEFAULT_DOCUMENT_MAX_BYTES) : options.bodyLimitBytes;
    if (!(Number.isFinite(length) && length > limit)) res.writeContinue();
    server.emit('request', req, res);
  });
  return server;
}
