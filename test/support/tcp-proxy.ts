import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay between the hub and PostgreSQL that a test can take down and bring back: the
 * database "restarts" from the hub's point of view (connections cut, new ones refused, then
 * accepted again), without disturbing the server other test files share.
 */
export class TcpProxy {
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(port = 0): Promise<number> {
    this.#server = createServer((client) => {
      const upstream = createConnection(this.target);
      this.#sockets.add(client).add(upstream);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.#sockets.delete(client);
        this.#sockets.delete(upstream);
      };
      client.pipe(upstream).pipe(client);
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => this.#server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as { port: number }).port;
    return this.port;
  }

  /** Cuts every connection and refuses new ones. */
  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server = undefined;
  }
}
