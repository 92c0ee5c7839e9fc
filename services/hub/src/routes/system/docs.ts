import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { PonteError } from '@ponte/contracts';
import { registerWebhookDocs, withContractDocs, withIdempotencyDocs, withNullableReferences, withRateLimitHeaders } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';

const require = createRequire(import.meta.url);

/** Swagger UI, served from the installed package: the docs page loads nothing from elsewhere. */
function swaggerAssets() {
  const dir = (require('swagger-ui-dist') as { getAbsoluteFSPath: () => string }).getAbsoluteFSPath();
  return {
    'swagger-ui.css': { type: 'text/css; charset=utf-8', body: readFileSync(join(dir, 'swagger-ui.css')) },
    'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(dir, 'swagger-ui-bundle.js')) },
  } as Record<string, { type: string; body: Buffer }>;
}

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Ponte API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/init.js"></script>
</body>
</html>`;

const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs', deepLinking: true, persistAuthorization: false });`;

export function registerDocs(app: HubApp, deps: HubDeps) {
  const config = {
    openapi: '3.1.0',
    info: {
      title: 'Ponte API',
      version: '0.1.0',
      description:
        'Ponte is an inter-agency referral and consent hub. Errors are RFC 9457 problem+json (the token endpoint answers as RFC 6749 says); send `Accept-Language: pt` for Portuguese. ' +
        'A versioned record (a data subject, a referral) is read with a strong `ETag`; a change to it sends that ETag in `If-Match` (RFC 9110 §13.1.1): without it 428, with a stale or weak one 412. ' +
        'Answers counted against a rate limit carry `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers); a 429 carries `Retry-After` too. ' +
        'A changing POST takes `Idempotency-Key`: a retry with the same key and body gets the stored answer (a success, or a 4xx but 401, 403 and 429) with `Idempotent-Replayed: true`; the key with another body is 422 `idempotency_key_reused`.',
    },
    servers: [{ url: deps.publicUrl }],
  };
  // The document itself (`/openapi.json`) and the page that shows it (`/docs` and its assets) are
  // left out of it: they are how the description is read, not operations of the API.
  app.get('/openapi.json', (c) => c.json(withNullableReferences(withContractDocs(withIdempotencyDocs(withRateLimitHeaders(app.getOpenAPI31Document(config)))))));
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from `POST /oauth/token`, sent as `Authorization: Bearer <token>`',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'oauth2', {
    type: 'oauth2',
    description:
      'The same access token, got by an integrating system with the client-credentials grant (RFC 6749 §4.4) and the credentials of an API client its agency administrator registered (`POST /v1/api-clients`). ' +
      'The hub has no scopes: what a token may do follows from its client’s or user’s agency and roles. The `password` grant is kept for the hub’s own console and the demo only (RFC 9700 forbids it to third parties) and is not offered here.',
    flows: { clientCredentials: { tokenUrl: new URL('/oauth/token', deps.publicUrl).href, scopes: {} } },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'metricsToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'The deployment’s metrics token (`PONTE_METRICS_TOKEN`), not an access token',
  });
  registerWebhookDocs(app.openAPIRegistry as never);

  let assets: ReturnType<typeof swaggerAssets> | undefined;
  const csp = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'";
  app.get('/docs', (c) => {
    c.header('content-security-policy', csp);
    return c.html(DOCS_PAGE);
  });
  app.get('/docs/assets/init.js', (c) => c.body(INIT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/docs/assets/:file', (c) => {
    assets ??= swaggerAssets();
    const asset = assets[c.req.param('file')];
    if (!asset) throw new PonteError('not_found');
    return c.body(new Uint8Array(asset.body), 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' });
  });
}
