import { createRoute, z } from '@hono/zod-openapi';
import { json } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';

const Jwks = z
  .object({ keys: z.array(z.object({ kty: z.string(), crv: z.string(), x: z.string(), kid: z.string(), alg: z.string(), use: z.string() })) })
  .meta({ id: 'JsonWebKeySet' });

const route = createRoute({
  method: 'get',
  operationId: 'getJwks',
  path: '/.well-known/jwks.json',
  tags: ['Authentication'],
  summary: "The hub's public signing keys (RFC 7517), to verify its tokens and signatures",
  description:
    'Every key the hub signs with or has signed with, newest first: a key made by a rotation is listed from the moment it is made, before it signs; the key it replaces stays listed, verification-only, so receipts, tree heads, checkpoints and webhooks signed with it still verify. Pick the key by the `kid` a signature names (`ponte-key-id` on a webhook).',
  responses: { 200: json(Jwks, 'The public keys; never a private one') },
});

export function registerGetJwks(app: HubApp, deps: HubDeps) {
  app.openapi(route, (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(deps.tokens.jwks() as z.infer<typeof Jwks>, 200);
  });
}
