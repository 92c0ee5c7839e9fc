import type { RetentionRunPage } from '@ponte/contracts';
import { listRetentionRuns as listRuns } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { decodeCursor, pageOf } from '../paging';
import { iso } from '../util';
import { toRetentionRun } from './retention-view';

/**
 * The agency's retention runs, newest first, each with its report (counts, and each subject's id,
 * reference and outcome): for the privacy officer and the administrator, logged as an access.
 */
export async function listRetentionRuns({ ctx, input }: { ctx: Context; input: { limit: number; cursor?: string | undefined } }): Promise<RetentionRunPage> {
  const after = decodeCursor(input.cursor, ['startedAt', 'id'] as const);
  return withAudit(ctx, async (tx, log) => {
    const agencyId = ctx.principal.agencyId!;
    log.refusing({ resource: 'Subject', action: 'list', fields: ['retention_runs'] }, () => ensureCanList(ctx.ability, 'Retention', { agencyId }));
    const rows = await listRuns(tx, agencyId, { limit: input.limit, after });
    log.allow({ resource: 'Subject', action: 'list', fields: ['retention_runs'], rule: 'retention.report' });
    return pageOf(rows, input.limit, toRetentionRun, (r) => ({ startedAt: iso(r.started_at), id: r.id }));
  });
}
