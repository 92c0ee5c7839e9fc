import { fieldError, PonteError } from '@ponte/contracts';
import { authenticateInRequest, invalidToken } from '@ponte/core';
import { settleAccountCheck } from '@ponte/db';
import { annotate } from '@ponte/tracing';
import type { MiddlewareHandler } from 'hono';
import type { HubDeps, HubEnv } from '../types';
import { verbContextFor } from '../verb-context';

/**
 * Bearer authentication: the principal and its agency come from the verified token and the
 * account as it is now, never from the path or the body. Builds the request's ability and context.
 * The account is checked in the request's first unit of work, in the round trip that opens it;
 * a request that answered without opening one has it checked before its answer goes.
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
    const principal = await authenticateInRequest(deps, match[1]!);
    const logger = c.get('logger').child({ agencyId: principal.agencyId ?? null, principalKind: principal.kind, principalId: principal.id });
    c.set('logger', logger);
    c.set('principal', principal);
    c.set('ctx', verbContextFor(deps, principal, logger, { id: c.get('requestId'), clientId: c.get('clientRequestId') }));
    await next();
    // Refused now, the answer already made is replaced by the refusal.
    await settleAccountCheck(deps.db);
    // The acting agency (known once the account is checked) and the kind of principal, bounded sets, on the request's span.
    annotate({ 'ponte.agency': principal.agencySlug ?? 'hub', 'ponte.principal.kind': principal.kind });
  };
}
