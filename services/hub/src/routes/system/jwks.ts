import { createRoute, z } from '@hono/zod-openapi';
import { json } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';

const Jwks = z
  .object({ keys: z.array(z.object({ kty: z.string(), crv: z.string(), x: z.string(), kid: z.string(), alg: z.string(), use: z.string() })) })
  .meta({ id: 'JsonWebKeySet' });

const route = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['Authentication'],
  summary: "The hub's public signing keys (RFC 7517), to verify its tokens and signatures",
  responses: { 200: json(Jwks, 'The public keys; never a private one') },
});

export function registerJwks(app: HubApp, deps: HubDeps) {
  app.openapi(route, (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(deps.tokens.jwks() as z.infer<typeof Jwks>, 200);
  });
}
