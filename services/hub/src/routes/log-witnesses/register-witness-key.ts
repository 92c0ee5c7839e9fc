import { createRoute, z } from '@hono/zod-openapi';
import { WitnessKey } from '@ponte/contracts';
import { registerWitnessKey } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'registerWitnessKey',
  path: '/v1/log/witness-keys',
  tags: ['Access log'],
  summary: 'Register a key of a witness your agency runs over the log (agency administrator)',
  description:
    'The witness (`ponte witness`, or any C2SP tlog-cosignature witness) prints its verifier key, `<name>+<key id>+<base64(0x04 ‖ Ed25519 public key)>`. Once registered, the agency’s systems may post its cosignatures to `POST /v1/log/cosignatures`. A key, and its name, are one agency’s (`409`, checks `unique` and `witness_name_taken`); the hub’s own name is not a witness’s (`witness_key_name`).',
  security: bearer,
  request: {
    body: jsonBody(z.strictObject({ verifierKey: z.string().min(1).max(400).meta({ description: 'The witness’s verifier key', example: 'witness.iom.example/ponte+0123abcd+BK…' }) })),
    headers: IdempotencyKey,
  },
  responses: { 201: json(WitnessKey, 'The key, registered'), ...problems('invalid_request', 'forbidden', 'conflict', ...AUTH_PROBLEMS) },
});

export function registerRegisterWitnessKey(app: HubApp) {
  app.openapi(route, async (c) => c.json(await registerWitnessKey({ ctx: c.get('ctx'), input: c.req.valid('json') }), 201));
}
