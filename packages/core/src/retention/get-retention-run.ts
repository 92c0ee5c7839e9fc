import type { RetentionRun } from '@ponte/contracts';
import { findRetentionRun } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { notFound } from '../util';
import { toRetentionRun } from './retention-view';

/** One of the agency's retention runs (another agency's: 404). */
export async function getRetentionRun({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<RetentionRun> {
  return withAudit(ctx, async (tx, log) => {
    const agencyId = ctx.principal.agencyId!;
    log.refusing({ resource: 'Subject', action: 'list', fields: ['retention_runs'] }, () => ensureCanList(ctx.ability, 'Retention', { agencyId }));
    const row = await findRetentionRun(tx, agencyId, input.id);
    if (!row) throw notFound('retention run', 'Execução de conservação inexistente', 'Retention.read');
    log.allow({ resource: 'Subject', action: 'list', fields: ['retention_runs'], rule: 'retention.report' });
    return toRetentionRun(row);
  });
}
