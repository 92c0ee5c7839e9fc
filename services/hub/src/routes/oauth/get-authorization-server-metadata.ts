import { createRoute } from '@hono/zod-openapi';
import { AuthorizationServerMetadata } from '@ponte/contracts';
import { json } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'getAuthorizationServerMetadata',
  path: '/.well-known/oauth-authorization-server',
  tags: ['Authentication'],
  summary: 'What the hub says of itself as an OAuth 2.0 authorization server (RFC 8414)',
  description:
    'The issuer of the tokens (the hub\'s public URL), its token endpoint and its keys. `client_credentials` is the grant for an integrating system; `password` is listed because the endpoint accepts it, ' +
    "for the hub's own console and the demo only (RFC 9700 forbids it to third parties). There is no authorization endpoint, hence no `response_types_supported`: " +
    'RFC 8414 §3.2 says a member with no values is omitted (erratum 7793 makes it required only where the authorization endpoint is used).',
  responses: { 200: json(AuthorizationServerMetadata, 'The metadata (RFC 8414 §2)') },
});

export function registerGetAuthorizationServerMetadata(app: HubApp, deps: HubDeps) {
  const issuer = deps.publicUrl.replace(/\/+$/, '');
  const metadata: AuthorizationServerMetadata = {
    issuer,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    grant_types_supported: ['client_credentials', 'password'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    service_documentation: `${issuer}/docs`,
    ui_locales_supported: ['en', 'pt'],
  };
  app.openapi(route, (c) => {
    c.header('cache-control', 'public, max-age=3600');
    return c.json(metadata, 200);
  });
}
