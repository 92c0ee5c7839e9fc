import type { AccessLog } from '@ponte/audit';
import { eventWithPlace, type AccessEventRow, type ScopedTx } from '@ponte/db';
import { noSuchEvent } from './privacy-officer';

/**
 * An access event by its id, read in the caller's scope, which decides whether it is visible, with
 * its place in the log (`null` until sealed). One not visible and one that does not exist are
 * refused alike, and the refusal is logged.
 */
export async function visibleEvent(tx: ScopedTx, log: AccessLog, id: string, action: string): Promise<AccessEventRow & { log_index: number | null }> {
  const row = await eventWithPlace(tx, id);
  if (!row) throw log.refuse({ resource: 'AccessEvent', resourceId: id, action }, noSuchEvent('tenant_isolation'));
  return row;
}
