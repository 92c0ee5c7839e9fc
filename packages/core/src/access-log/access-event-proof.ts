import { fullTilesFor, inclusionFromTiles } from '@ponte/audit';
import { PonteError } from '@ponte/contracts';
import { findActorNames, latestHead } from '@ponte/db';
import type { Context } from '../context';
import { toAccessEvent } from './list-access-events';
import { visibleEvent } from './find-event';
import { ensurePrivacyOfficer } from './privacy-officer';
import { withAudit } from './with-audit';

/**
 * Proof that an event the officer may see is in the log, against the latest head, in one unit of
 * work: the event and its place, the head, and a few tiles (the full ones the process already
 * read are not read again). The tiles are hashes: they disclose nothing about other agencies' events.
 */
export async function accessEventProof({ ctx, input }: { ctx: Context; input: { eventId: string } }) {
  return withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'proof', 'event');
    const event = await visibleEvent(tx, log, input.eventId, 'proof');
    if (event.log_index === null)
      throw new PonteError('conflict', { en: 'The event is not sealed yet; try again shortly', pt: 'O evento ainda não foi selado; tente daqui a pouco' });
    log.allow({ resource: 'AccessEvent', resourceId: event.id, action: 'proof', subjectId: event.subject_id, owningAgencyId: event.owning_agency_id, rule: 'privacy_officer.review' });
    const names = await findActorNames(tx, event.agency_id === ctx.principal.agencyId ? [event.actor_id] : []);
    // A sealed leaf's head was committed with it: the latest one is at least as large.
    const head = (await latestHead(tx))!;
    const { leaf, path } = await inclusionFromTiles(tx, event.log_index, head.tree_size, fullTilesFor(ctx.db));
    return {
      event: toAccessEvent(event, names),
      leafHash: leaf.toString('hex'),
      logIndex: event.log_index,
      treeSize: head.tree_size,
      rootHash: head.root_hash,
      signedHead: head.signed_head,
      auditPath: path.map((h) => h.toString('hex')),
    };
  });
}
