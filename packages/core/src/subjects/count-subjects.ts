import { countSubjects as countMatching, subjectFilter } from '@ponte/db';
import { rulesFilter } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from './subject-access';

/**
 * How many subjects the principal may read: the rules of {@link listSubjects} pushed into SQL and
 * counted there, with one access event for the count (no personal data is read).
 */
export async function countSubjects({ ctx }: { ctx: Context }): Promise<number> {
  return withAudit(ctx, async (tx, log) => {
    const { ability } = await caseAbility(tx, ctx);
    const count = await countMatching(tx, subjectFilter(rulesFilter(ability, 'read', 'Subject'), ctx.now()));
    log.allow({ resource: 'Subject', action: 'count', fields: [], rule: 'count.subjects' });
    return count;
  });
}
