import { PonteError } from '@ponte/contracts';
import type { AccessLog } from '@ponte/audit';
import type { ScopedTx } from '@ponte/db';
import { tag, type AppAbility } from '@ponte/policy';
import type { Context } from '../context';
import { loadReferral, type LoadedReferral } from './referral-access';
import { subjectOwnerOf } from './referral-checks';

/**
 * A referral whose conversation the principal takes part in: loaded as a read of the referral
 * (404 when the principal may not know of it), then 403 naming `referral.converse_not_allowed`
 * when it may see the referral but is not one of the people the conversation is between (the
 * sender's people working on the subject; the receiver's focal point, supervisors and assignee).
 */
export async function loadConversation(tx: ScopedTx, ctx: Context, ability: AppAbility, log: AccessLog, id: string): Promise<LoadedReferral> {
  const loaded = await loadReferral(tx, ctx, ability, log, id, 'read');
  const { row } = loaded;
  if (!ability.can('converse', tag('Referral', loaded.record)))
    throw log.refuse(
      { resource: 'Referral', resourceId: row.id, action: 'converse', subjectId: row.subject_id, owningAgencyId: subjectOwnerOf(row) },
      new PonteError('forbidden', { en: "You are not one of the people on this referral's conversation", pt: 'Não faz parte da conversa deste encaminhamento' }, undefined, {
        rule: 'referral.converse_not_allowed',
      }),
    );
  return loaded;
}
