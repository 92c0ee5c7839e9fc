import { fieldError, PonteError, type Agreement, type CreateAgreement } from '@ponte/contracts';
import { findAgenciesBySlugs, insertAgreement } from '@ponte/db';
import { ensureCanCreate } from '@ponte/policy';
import type { Context } from '../context';
import { inPrincipalScope } from '../scope';
import { viewAgreements } from './agreement-view';

/** The hub operator records a data-sharing agreement: what may flow from one agency to another, and until when. */
export async function createAgreement({ ctx, input }: { ctx: Context; input: CreateAgreement }): Promise<Agreement> {
  return inPrincipalScope(ctx, async (tx) => {
    const agencies = await findAgenciesBySlugs(tx, [input.from, input.to]);
    const from = agencies.find((a) => a.slug === input.from);
    const to = agencies.find((a) => a.slug === input.to);
    const unknown = [
      ...(from ? [] : [fieldError('body', ['from'], 'known_agency', { en: 'no such agency', pt: 'agência inexistente' })]),
      ...(to ? [] : [fieldError('body', ['to'], 'known_agency', { en: 'no such agency', pt: 'agência inexistente' })]),
    ];
    if (!from || !to)
      throw new PonteError('invalid_request', { en: 'An agency named in the agreement does not exist', pt: 'Uma agência indicada no acordo não existe' }, unknown);
    ensureCanCreate(ctx.ability, 'Agreement', { agencyId: from.id, recipientAgencyId: to.id });
    const row = await insertAgreement(tx, {
      agency_id: from.id,
      recipient_agency_id: to.id,
      purposes: input.purposes,
      categories: input.categories,
      valid_from: input.validFrom,
      valid_until: input.validUntil,
      document_ref: input.documentRef,
      // An urgency left out keeps the hub's default (null), which a later default change follows.
      response_hours_emergency: input.responseHours?.emergency ?? null,
      response_hours_priority: input.responseHours?.priority ?? null,
      response_hours_routine: input.responseHours?.routine ?? null,
    });
    ctx.logger.info({ agreementId: row.id, event: 'agreement.created' }, 'agreement created');
    const [agreement] = await viewAgreements(tx, [row], ctx.now());
    return agreement!;
  });
}
