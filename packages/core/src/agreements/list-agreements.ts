import { calendarDate, fieldError, PonteError } from '@ponte/contracts';
import { findAgencyBySlug, listAgreements as selectAgreements, type ScopedTx } from '@ponte/db';
import { inPrincipalScope } from '../scope';
import type { Context } from '../context';
import { decodeCursor, pageOf } from '../paging';
import { viewAgreements } from './agreement-view';

interface ListAgreementsInput {
  agency?: string | undefined;
  inForce?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Agreements newest first. The hub operator sees all (optionally those of one agency);
 * an agency sees the agreements it is party to, and row-level security holds it to that.
 */
export async function listAgreements({ ctx, input }: { ctx: Context; input: ListAgreementsInput }) {
  const after = decodeCursor(input.cursor, ['createdAt', 'id'] as const);
  const now = ctx.now();
  const list = async (tx: ScopedTx, agencyId: string | undefined) => {
    const rows = await selectAgreements(tx, { agencyId, inForce: input.inForce, today: calendarDate(now), limit: input.limit, after });
    const agreements = await viewAgreements(tx, rows, now);
    return pageOf(agreements, input.limit, (a) => a, (a) => ({ createdAt: a.createdAt, id: a.id }));
  };
  const { principal } = ctx;
  if (principal.kind === 'hub_operator') {
    return inPrincipalScope(ctx, async (tx) => {
      const agency = input.agency ? await findAgencyBySlug(tx, input.agency) : undefined;
      if (input.agency && !agency)
        throw new PonteError('invalid_request', { en: 'No such agency', pt: 'Agência inexistente' }, [
          fieldError('query', ['agency'], 'known_agency', { en: 'no such agency', pt: 'agência inexistente' }),
        ]);
      return list(tx, agency?.id);
    });
  }
  return inPrincipalScope(ctx, (tx) => list(tx, principal.agencyId));
}
