import type { RetentionRun } from '@ponte/contracts';
import { findRetentionRun } from '@ponte/db';
import { tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { notFound } from '../util';
import { toRetentionRun } from './retention-view';

/** One of the agency's retention runs, for its privacy officer and administrator; anyone else, or another agency's run: 404 (logged). */
export async function getRetentionRun({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<RetentionRun> {
  return withAudit(ctx, async (tx, log) => {
    const agencyId = ctx.principal.agencyId!;
    const row = await findRetentionRun(tx, agencyId, input.id);
    if (!row || !ctx.ability.can('read', tag('Retention', { agencyId: row.agency_id })))
      throw log.refuse({ resource: 'Subject', action: 'list', fields: ['retention_runs'] }, notFound('retention run', 'Execução de conservação inexistente', 'Retention.read'));
    log.allow({ resource: 'Subject', action: 'list', fields: ['retention_runs'], rule: 'retention.report' });
    return toRetentionRun(row);
  });
}
