import { createHash } from 'node:crypto';
import { fieldError, PonteError } from '@ponte/contracts';
import type { IdempotentRequest } from '@ponte/core';
import type { MiddlewareHandler } from 'hono';
import type { HubEnv } from '../types';
import { isDocumentUpload } from '../routes/shared';

/**
 * `Idempotency-Key` on changing requests (POST): checked here and handed to the verb's context.
 * The verb's first unit of work claims it, does the work and stores the answer in one
 * transaction (`idempotencyFacts` in the core package), so a retry with the same key and
 * body gets the first answer and changes nothing, whatever happened to the first answer on its way.
 * A refusal (4xx) the verb gave is stored and replayed too. A replayed answer, success or refusal,
 * says so: `Idempotent-Replayed: true`, as Stripe's does.
 */
export function idempotentChanges(): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!/^[\x21-\x7e]{1,200}$/.test(key))
      throw new PonteError('invalid_request', { en: 'Idempotency-Key must be 1 to 200 printable ASCII characters', pt: 'Idempotency-Key tem de ter 1 a 200 caracteres ASCII imprimíveis' }, [
        fieldError('header', ['idempotency-key'], 'printable', { en: 'printable ASCII, at most 200', pt: 'ASCII imprimível, no máximo 200' }),
      ]);
    // A document's body is streamed by its route, which names the upload by its content's digest instead.
    const body = isDocumentUpload(c.req.method, c.req.path) ? '' : await c.req.text();
    const requestHash = createHash('sha256').update(`${c.req.path}\n${body}`).digest('hex');
    const request: IdempotentRequest = { key, requestHash };
    c.get('ctx').idempotency = request;
    await next();
    if (request.replayed) c.res.headers.set('Idempotent-Replayed', 'true');
  };
}
