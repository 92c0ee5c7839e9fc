import { inclusionFromTiles } from '@ponte/audit';
import { PonteError } from '@ponte/contracts';
import { findActorNames, latestHead, withoutTenant } from '@ponte/db';
import type { Context } from '../context';
import { toAccessEvent } from './list-access-events';
import { locateAccessEvent, visibleEvent } from './find-event';
import { ensurePrivacyOfficer } from './privacy-officer';
import { withAudit } from './with-audit';

/** Proof that an event the officer may see is in the log, against the latest head: a few tiles read. */
export async function accessEventProof({ ctx, input }: { ctx: Context; input: { eventId: string } }) {
  const where = await locateAccessEvent(ctx, input.eventId);
  const event = await withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'proof', 'event');
    const row = await visibleEvent(tx, log, input.eventId, where, 'proof');
    if (row.log_index === null)
      throw new PonteError('conflict', { en: 'The event is not sealed yet; try again shortly', pt: 'O evento ainda não foi selado; tente daqui a pouco' });
    log.allow({ resource: 'AccessEvent', resourceId: row.id, action: 'proof', subjectId: row.subject_id, owningAgencyId: row.owning_agency_id, rule: 'privacy_officer.review' });
    return { ...row, log_index: row.log_index, names: await findActorNames(tx, row.agency_id === ctx.principal.agencyId ? [row.actor_id] : []) };
  });
  // The tiles are hashes: they disclose nothing about other agencies' events.
  return withoutTenant(ctx.db, 'auditor', async (tx) => {
    const head = (await latestHead(tx))!;
    const { leaf, path } = await inclusionFromTiles(tx, event.log_index, head.tree_size);
    return {
      event: toAccessEvent(event, event.names),
      leafHash: leaf.toString('hex'),
      logIndex: event.log_index,
      treeSize: head.tree_size,
      rootHash: head.root_hash,
      signedHead: head.signed_head,
      auditPath: path.map((h) => h.toString('hex')),
    };
  });
}
