import type { AccessLog } from '@ponte/audit';
import { eventByKey, locateEvent, withoutTenant, type AccessEventRow, type ScopedTx } from '@ponte/db';
import type { Context } from '../context';
import { noSuchEvent } from './privacy-officer';

/**
 * An access event the caller's agency may see, by its id, with its place in the log (`null` until
 * sealed): located through the log's own indexes (an id alone names no partition of the events),
 * then read in the caller's scope, which decides whether it is visible. One not visible and one
 * that does not exist are refused alike, and the refusal is logged.
 */
export async function findVisibleEvent(ctx: Context, tx: ScopedTx, log: AccessLog, id: string, action: string): Promise<AccessEventRow & { log_index: number | null }> {
  const where = await withoutTenant(ctx.db, 'auditor', (auditor) => locateEvent(auditor, id));
  const row = where ? await eventByKey(tx, { id, agency_id: where.agency_id, at_key: where.at_key }) : undefined;
  if (!row || !where) throw log.refuse({ resource: 'AccessEvent', resourceId: id, action }, noSuchEvent('tenant_isolation'));
  return { ...row, log_index: where.log_index };
}
