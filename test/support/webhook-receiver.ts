import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/** The `v1a` signature of a `webhook-signature` header (a space-separated list: `v1,<hmac> v1a,<ed25519>`). */
export const v1aSignature = (header: string | string[] | undefined): string =>
  String(header ?? '')
    .split(' ')
    .find((entry) => entry.startsWith('v1a,'))
    ?.slice('v1a,'.length) ?? '';

export interface ReceivedEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * An agency's webhook receiver, as an integrating engineer would write one: it verifies the
 * Standard Webhooks v1a signature against the hub's JWKS, and hands each event to the
 * application once, deduplicating by `webhook-id`. It can be taken down and brought back.
 */
export class WebhookReceiver {
  readonly application: ReceivedEvent[] = [];
  attempts = 0;
  /** HTTP attempts per event id, accepted or not. */
  readonly attemptsById = new Map<string, number>();
  rejectedSignatures = 0;
  up = true;
  #seen = new Set<string>();
  #server: Server;
  url = '';

  constructor(private readonly jwks: () => Promise<{ keys: Array<Record<string, string>> }>) {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        this.attempts += 1;
        const attemptId = String(req.headers['webhook-id']);
        this.attemptsById.set(attemptId, (this.attemptsById.get(attemptId) ?? 0) + 1);
        if (!this.up) {
          res.writeHead(503).end();
          return;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        const id = String(req.headers['webhook-id']);
        const timestamp = String(req.headers['webhook-timestamp']);
        const signature = v1aSignature(req.headers['webhook-signature']);
        const { keys } = await this.jwks();
        const jwk = keys.find((k) => k.kid === req.headers['ponte-key-id']);
        const valid = jwk !== undefined && verify(null, Buffer.from(`${id}.${timestamp}.${body}`), createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), Buffer.from(signature, 'base64'));
        if (!valid) {
          this.rejectedSignatures += 1;
          res.writeHead(401).end();
          return;
        }
        if (!this.#seen.has(id)) {
          this.#seen.add(id);
          const event = JSON.parse(body) as ReceivedEvent;
          this.application.push({ id: event.id, type: event.type, data: event.data });
        }
        res.writeHead(204).end();
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}/ponte-events`;
    return this.url;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
