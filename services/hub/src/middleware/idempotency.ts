import { createHash } from 'node:crypto';
import { fieldError, PonteError } from '@ponte/contracts';
import { idempotentReplay, rememberResponse } from '@ponte/core';
import type { MiddlewareHandler } from 'hono';
import type { HubEnv } from '../types';

/**
 * `Idempotency-Key` on creating requests: a retry with the same key and body gets the first
 * answer and creates nothing. Sending a referral handles its key inside its own transaction.
 */
export function idempotentCreates(): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined || c.req.path === '/v1/referrals') return next();
    if (!/^[\x21-\x7e]{1,200}$/.test(key))
      throw new PonteError('invalid_request', { en: 'Idempotency-Key must be 1 to 200 printable ASCII characters', pt: 'Idempotency-Key tem de ter 1 a 200 caracteres ASCII imprimíveis' }, [
        fieldError('header', ['idempotency-key'], 'printable', { en: 'printable ASCII, at most 200', pt: 'ASCII imprimível, no máximo 200' }),
      ]);
    const hash = createHash('sha256').update(`${c.req.path}\n${await c.req.text()}`).digest('hex');
    const ctx = c.get('ctx');
    const replay = await idempotentReplay(ctx, key, hash);
    if (replay) return c.json(replay.body as object, replay.status as 201);
    await next();
    if (c.res.status >= 200 && c.res.status < 300 && c.res.headers.get('content-type')?.includes('json'))
      await rememberResponse(ctx, key, hash, c.res.status, await c.res.clone().json());
  };
}
