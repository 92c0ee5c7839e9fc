import { withoutTenant, withTenant, type ScopedTx } from '@ponte/db';
import type { Context } from './context';

/** One unit of work in the principal's own scope: its agency, or the operator's hub-wide scope. */
export function inPrincipalScope<T>(ctx: Context, work: (tx: ScopedTx) => Promise<T>): Promise<T> {
  const { principal } = ctx;
  if (principal.kind === 'hub_operator') return withoutTenant(ctx.db, 'hub_operator', work);
  return withTenant(ctx.db, principal.agencyId!, work, principal.kind === 'client' ? 'client' : 'user');
}
