import type { TokenService } from '@ponte/auth';
import { insertHead, latestHead, lockSealer, placeEvents, subjectOwners, unsealedEvents, withoutTenant, type Db } from '@ponte/db';
import { canonicalEvent } from './canonical';
import { append, decodeFrontier, encodeFrontier, rootOfFrontier } from './frontier';
import { signHead } from './heads';
import { archiveExpiredEvents } from './retention';
import { leafHash } from './merkle';

/**
 * Seals the events appended since the last head: gives each its place in the log, in the order
 * sealed, hashes it as an RFC 6962 leaf, and signs a new head (size, root, time, previous head).
 * One sealer at a time; events keep being appended meanwhile and wait for the next round.
 */
export async function sealLog({ db, tokens, now = () => new Date(), batchSize = 5000 }: { db: Db; tokens: TokenService; now?: () => Date; batchSize?: number }) {
  return withoutTenant(db, 'worker', async (tx) => {
    await lockSealer(tx);
    const previous = await latestHead(tx);
    const events = await unsealedEvents(tx, batchSize);
    if (events.length === 0) return { sealed: 0, treeSize: previous?.tree_size ?? 0 };
    let frontier = previous ? decodeFrontier(previous.frontier) : [];
    let size = previous?.tree_size ?? 0;
    // An attempt on a subject by an agency that could not see it still belongs to the owner's log.
    // (A privacy officer's search filtered by a subject id is not an attempt on that subject.)
    const needsOwner = (e: (typeof events)[number]) => e.subject_id !== null && !e.owning_agency_id && e.resource !== 'AccessEvent';
    const owners = await subjectOwners(tx, [...new Set(events.filter(needsOwner).map((e) => e.subject_id!))]);
    const placed = [];
    for (const found of events) {
      const owner = needsOwner(found) ? owners.get(found.subject_id!) : undefined;
      const event = owner ? { ...found, owning_agency_id: owner } : found;
      const leaf = leafHash(canonicalEvent(event, size));
      placed.push({ agencyId: event.agency_id, id: event.id, logIndex: size, leafHash: leaf.toString('hex'), owningAgencyId: owner });
      frontier = append(frontier, leaf);
      size += 1;
    }
    await placeEvents(tx, placed);
    const root = rootOfFrontier(frontier)!.toString('hex');
    const at = now();
    const signedHead = await signHead(
      tokens,
      { treeSize: size, rootHash: root, timestamp: at.toISOString(), previous: previous ? { treeSize: previous.tree_size, rootHash: previous.root_hash } : null },
      at,
    );
    await insertHead(tx, { tree_size: size, root_hash: root, previous_size: previous?.tree_size ?? null, frontier: encodeFrontier(frontier), signed_head: signedHead, created_at: at });
    return { sealed: events.length, treeSize: size };
  });
}

/** Seals the log every `intervalMs` until stopped; with `retentionDays`, also archives what is past it. */
export function startSealingLoop(options: { db: Db; tokens: TokenService; intervalMs?: number; retentionDays?: number; onError?: (error: unknown) => void }) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  // Retention moves whole stretches, at most hourly, not a few events every round.
  let lastArchive = 0;
  const round = () => {
    if (stopped) return;
    running = sealLog(options)
      .then(() => {
        if (!options.retentionDays || Date.now() - lastArchive < 3_600_000) return undefined;
        lastArchive = Date.now();
        return archiveExpiredEvents({ db: options.db, retentionDays: options.retentionDays });
      })
      .catch((error: unknown) => options.onError?.(error))
      .then(() => {
        if (!stopped) timer = setTimeout(round, options.intervalMs ?? 5000);
      });
  };
  round();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
