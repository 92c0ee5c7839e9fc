import type { AccessLog } from '@ponte/audit';
import { eventByKey, locateEvent, withoutTenant, type AccessEventRow, type ScopedTx } from '@ponte/db';
import type { Context } from '../context';
import { noSuchEvent } from './privacy-officer';

export type EventLocation = Awaited<ReturnType<typeof locateEvent>>;

/**
 * Where an access event is, by its id: through the log's own indexes (an id alone names no month of
 * the events). Read on its own, before the caller's unit of work: a unit of work never waits for a
 * second connection while it holds one.
 */
export const locateAccessEvent = (ctx: Context, id: string): Promise<EventLocation> => withoutTenant(ctx.db, 'auditor', (auditor) => locateEvent(auditor, id));

/**
 * The located event, read in the caller's scope, which decides whether it is visible, with its
 * place in the log (`null` until sealed). One not visible and one that does not exist are refused
 * alike, and the refusal is logged.
 */
export async function visibleEvent(tx: ScopedTx, log: AccessLog, id: string, where: EventLocation, action: string): Promise<AccessEventRow & { log_index: number | null }> {
  const row = where ? await eventByKey(tx, { id, agency_id: where.agency_id, at_key: where.at_key }) : undefined;
  if (!row || !where) throw log.refuse({ resource: 'AccessEvent', resourceId: id, action }, noSuchEvent('tenant_isolation'));
  return { ...row, log_index: where.log_index };
}
