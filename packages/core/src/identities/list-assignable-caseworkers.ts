import { PonteError, type AssignableUser } from '@ponte/contracts';
import { listUsers as selectUsers } from '@ponte/db';
import { worksOnCases, tag } from '@ponte/policy';
import type { Context } from '../context';
import { inOwnAgency } from './agency-scope';

/**
 * The active caseworkers of the principal's agency a received referral may be assigned to (id,
 * name, team and roles only), for those who may assign one: the intake focal point and supervisors.
 */
export async function listAssignableCaseworkers({ ctx }: { ctx: Context }): Promise<AssignableUser[]> {
  return inOwnAgency(ctx, async (tx, agency) => {
    if (!ctx.ability.can('assign', tag('Referral', { recipientAgencyId: agency.id } as never)))
      throw new PonteError('forbidden', { en: 'You may not assign referrals', pt: 'Não pode atribuir encaminhamentos' }, undefined, { rule: 'referral.assign_not_allowed' });
    const caseworkers: AssignableUser[] = [];
    let afterUsername: string | undefined;
    for (;;) {
      const rows = await selectUsers(tx, { limit: 200, afterUsername });
      for (const row of rows)
        if (row.status === 'active' && worksOnCases(row.roles))
          caseworkers.push({ id: row.id, displayName: row.display_name, team: row.team, roles: row.roles });
      if (rows.length < 200) return caseworkers;
      afterUsername = rows.at(-1)!.username;
    }
  });
}
