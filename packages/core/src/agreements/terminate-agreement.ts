import { PonteError, type Agreement } from '@ponte/contracts';
import { terminateAgreement as terminateAgreementRow } from '@ponte/db';
import type { Context } from '../context';
import { inPrincipalScope } from '../scope';
import { requireAgreement, viewAgreements } from './agreement-view';

/** The hub operator ends an agreement before its term; nothing flows under it from then on. */
export async function terminateAgreement({ ctx, input }: { ctx: Context; input: { id: string; reason: string } }): Promise<Agreement> {
  return inPrincipalScope(ctx, async (tx) => {
    await requireAgreement(tx, ctx.ability, input.id, 'terminate');
    const row = await terminateAgreementRow(tx, input.id, input.reason);
    if (!row)
      throw new PonteError('conflict', { en: 'The agreement is already terminated', pt: 'O acordo já foi terminado' });
    ctx.logger.info({ agreementId: row.id, event: 'agreement.terminated' }, 'agreement terminated');
    const [agreement] = await viewAgreements(tx, [row], ctx.now());
    return agreement!;
  });
}
