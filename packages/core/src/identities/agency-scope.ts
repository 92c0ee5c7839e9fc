import { PonteError } from '@ponte/contracts';
import { findAgenciesByIds, type ScopedTx } from '@ponte/db';
import type { Context } from '../context';
import { inPrincipalScope } from '../scope';

/**
 * A unit of work inside the principal's own agency, with the agency's slug at hand.
 * Identity management has no meaning for the hub operator, who has no agency.
 */
export function inOwnAgency<T>(ctx: Context, work: (tx: ScopedTx, agency: { id: string; slug: string }) => Promise<T>): Promise<T> {
  const { principal } = ctx;
  if (!principal.agencyId) throw OWN_AGENCY_ONLY();
  const agencyId = principal.agencyId;
  return inPrincipalScope(ctx, async (tx) => {
    const [agency] = await findAgenciesByIds(tx, [agencyId]);
    return work(tx, { id: agencyId, slug: agency!.slug });
  });
}

/** The refusal of identity management to the hub operator, who has no agency. */
const OWN_AGENCY_ONLY = () =>
  new PonteError('forbidden', { en: 'Only an agency may manage its own accounts', pt: 'Só uma agência pode gerir as suas próprias contas' }, undefined, {
    rule: 'identity.own_agency',
  });
