import type { Transfer } from '@ponte/contracts';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { loadTransfer, viewTransferOf } from './transfer-access';

/**
 * One transfer of responsibility, to either party: the sender's people on the subject, the
 * receiver's intake focal point and supervisors, and either side's privacy officers. Anyone else
 * gets 404. Holds no personal data but the categories' names; logged.
 */
export async function getTransfer({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<Transfer> {
  return withAudit(ctx, async (tx, log) => {
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const { row, side } = await loadTransfer(tx, ctx, ability, log, input.id, 'read');
    log.allow({ resource: 'Transfer', resourceId: row.id, action: 'read', subjectId: row.subject_id, owningAgencyId: row.agency_id, rule: 'Transfer.read' });
    return viewTransferOf(tx, row, side);
  });
}
