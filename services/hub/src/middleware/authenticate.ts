import { fieldError, PonteError } from '@ponte/contracts';
import { authenticate, invalidToken } from '@ponte/core';
import { defineAbilityFor } from '@ponte/policy';
import type { MiddlewareHandler } from 'hono';
import type { HubDeps, HubEnv } from '../types';

/**
 * Bearer authentication: the principal and its agency come from the verified token and the
 * account as it is now, never from the path or the body. Builds the request's ability and context.
 */
export function requireBearer(deps: HubDeps): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header ? /^Bearer +(\S+)$/i.exec(header.trim()) : null;
    if (!header) {
      const text = { en: 'Send an access token in the Authorization header', pt: 'Envie um token de acesso no cabeçalho Authorization' };
      throw new PonteError('unauthenticated', text, [fieldError('header', ['authorization'], 'required', text)]);
    }
    if (!match) throw invalidToken('scheme');
    const principal = await authenticate(deps, match[1]!);
    const logger = c.get('logger').child({ agencyId: principal.agencyId ?? null, principalKind: principal.kind, principalId: principal.id });
    c.set('logger', logger);
    c.set('principal', principal);
    // Built on first use: case-data verbs build their own ability with the request's facts.
    let ability: ReturnType<typeof defineAbilityFor> | undefined;
    c.set('ctx', {
      db: deps.db,
      principal,
      get ability() {
        return (ability ??= defineAbilityFor(principal));
      },
      logger,
      requestId: c.get('requestId'),
      now: deps.now ?? (() => new Date()),
      tokens: deps.tokens,
      settings: { breakGlassMinutes: deps.breakGlassMinutes ?? 60, publicUrl: deps.publicUrl, allowPrivateWebhookTargets: deps.allowPrivateWebhookTargets ?? false },
    });
    await next();
  };
}
