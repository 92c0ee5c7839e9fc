import type { Agreement } from '@ponte/contracts';
import type { Context } from '../context';
import { inPrincipalScope } from '../scope';
import { requireAgreement, viewAgreements } from './agreement-view';

export async function getAgreement({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<Agreement> {
  return inPrincipalScope(ctx, async (tx) => {
    const row = await requireAgreement(tx, ctx.ability, input.id, 'read');
    const [agreement] = await viewAgreements(tx, [row], ctx.now());
    return agreement!;
  });
}
