import { createRoute, z } from '@hono/zod-openapi';
import { getLogCheckpoint } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'getLogCheckpoint',
  path: '/v1/log/checkpoint',
  tags: ['Access log'],
  summary: 'The latest signed head as a C2SP checkpoint (a signed note), for transparency-log tools and witnesses',
  description:
    'The body is a C2SP `tlog-checkpoint` in a C2SP `signed-note`: the origin (the hub’s public URL without its scheme), the tree size, the root hash in base64, a blank line and one Ed25519 signature line by the key named after the origin. The `Ponte-Checkpoint-Key` header carries the note verifier key (`<name>+<key id>+<base64(0x01 ‖ public key)>`, as Go’s `sumdb/note` reads it); the same head is also served as a JWS at `/v1/log/heads`. Any authenticated caller may read it: the log’s heads and tiles are hashes, and disclose nothing of any agency’s events; reading them is not written to the access log.',
  security: bearer,
  request: {
    query: z.strictObject({
      witnessed: z.enum(['true', 'false']).optional().meta({ description: '`true`: the latest checkpoint cosigned by witnesses of as many agencies as the hub requires (`PONTE_LOG_WITNESSES_REQUIRED`)' }),
    }),
  },
  responses: {
    200: {
      description: 'The checkpoint, with the cosignature lines of the agencies’ witnesses that cosigned it',
      headers: z.object({
        'Ponte-Checkpoint-Key': z.string().meta({ description: 'The note verifier key of the hub’s signing key' }),
        'Ponte-Witnessed-By': z.string().meta({ description: 'How many agencies’ witnesses cosigned this checkpoint' }),
        'Ponte-Witnessed': z.enum(['true', 'false']).meta({ description: 'Whether that is as many as the hub requires' }),
      }),
      content: { 'text/plain': { schema: z.string() } },
    },
    ...problems('not_found', 'invalid_request', ...AUTH_PROBLEMS),
  },
});

export function registerGetLogCheckpoint(app: HubApp) {
  app.openapi(route, async (c) => {
    const checkpoint = await getLogCheckpoint({ ctx: c.get('ctx'), input: { witnessed: c.req.valid('query').witnessed === 'true' } });
    return c.body(checkpoint.note, 200, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-cache',
      'ponte-checkpoint-key': checkpoint.verifierKey,
      'ponte-witnessed-by': String(checkpoint.witnessedBy),
      'ponte-witnessed': String(checkpoint.witnessed),
    }) as never;
  });
}
