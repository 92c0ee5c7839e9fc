import type { TokenService } from '@ponte/auth';
import { gunzipSync } from 'node:zlib';
import { listArchives, listHeads, recomputedLeaves, withoutTenant, type AccessEventRow, type Db } from '@ponte/db';
import { canonicalEvent } from './canonical';
import { decodeFrontier, pushLeaf, rootOfFrontier, type Frontier } from './frontier';
import { readSignedHead, type TreeHead } from './heads';
import { leafHash } from './merkle';

export type Finding =
  | { problem: 'event_missing'; logIndex: number }
  | { problem: 'event_changed'; logIndex: number; eventId: string }
  | { problem: 'head_not_genuine'; treeSize: number; reason: string }
  | { problem: 'head_mismatch'; treeSize: number }
  | { problem: 'head_chain_broken'; treeSize: number }
  | { problem: 'log_truncated'; treeSize: number; logSize: number }
  | { problem: 'witness_not_genuine'; reason: string }
  | { problem: 'witness_inconsistent'; treeSize: number }
  | { problem: 'archive_mismatch'; fromSize: number; upToSize: number; logIndex?: number };

export interface VerificationReport {
  ok: boolean;
  events: number;
  heads: number;
  /** The first thing that does not match, in log order. */
  firstProblem: Finding | null;
  witness?: { treeSize: number; consistent: boolean } | undefined;
  /** Of `events`, how many were verified from archives. */
  archivedEvents?: number;
}

/**
 * Recomputes the log from the stored events and checks every signed head: each event's leaf
 * against its recorded hash and place, each head's signature, root and link to the one before.
 * With a head an agency kept (a witness copy), also checks that the log still extends it, so a
 * truncated or rewritten log cannot pass. Reports the first event or head that does not match.
 */
export async function verifyLog({
  db,
  tokens,
  witness,
  onProgress,
  pageSize = 2000,
}: {
  db: Db;
  tokens: TokenService;
  witness?: string | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  pageSize?: number;
}): Promise<VerificationReport> {
  // One snapshot for the whole check: sealing and retention may run meanwhile without a false alarm.
  return withoutTenant(db, 'auditor', async (tx) => {
    const heads: Array<{ size: number; root: string; signed: string; previousSize: number | null }> = [];
    for (let after = 0; ; ) {
      const page = await listHeads(tx, { afterSize: after, limit: 1000 });
      heads.push(...page.map((h) => ({ size: h.tree_size, root: h.root_hash, signed: h.signed_head, previousSize: h.previous_size })));
      if (page.length < 1000) break;
      after = page.at(-1)!.tree_size;
    }
    let witnessHead: TreeHead | undefined;
    let witnessProblem: Finding | null = null;
    if (witness) {
      const read = await readSignedHead(tokens, witness);
      if ('rejected' in read) witnessProblem = { problem: 'witness_not_genuine', reason: read.rejected };
      else witnessHead = read.head;
    }
    const total = heads.at(-1)?.size ?? 0;
    const report = (firstProblem: Finding | null, events: number, witnessResult?: VerificationReport['witness']): VerificationReport => ({
      ok: firstProblem === null,
      events,
      heads: heads.length,
      firstProblem,
      ...(witnessResult ? { witness: witnessResult } : {}),
    });
    if (witnessProblem) return report(witnessProblem, 0);

    // Archived stretches first: each from the frontier it starts at, to the head that proves it.
    let frontier: Frontier = [];
    let index = 0;
    let archivedEvents = 0;
    let witnessResult: VerificationReport['witness'];
    for (const archive of await listArchives(tx)) {
      const broken = (logIndex?: number) => ({ problem: 'archive_mismatch' as const, fromSize: archive.from_size, upToSize: archive.up_to_size, ...(logIndex !== undefined ? { logIndex } : {}) });
      if (archive.from_size !== index) return report(broken(), index);
      const start = decodeFrontier(archive.start_frontier);
      // An archive starts where the one before it ended.
      if (index > 0 && rootOfFrontier(start)?.toString('hex') !== rootOfFrontier(frontier)?.toString('hex')) return report(broken(), index);
      frontier = start;
      let events: AccessEventRow[];
      try {
        events = JSON.parse(gunzipSync(archive.events).toString('utf8')) as AccessEventRow[];
        if (!Array.isArray(events)) throw new Error('not a list');
      } catch {
        return report(broken(), index);
      }
      for (const event of events) {
        let leaf: Buffer;
        try {
          leaf = leafHash(canonicalEvent(event, index));
        } catch {
          return report(broken(index), index);
        }
        if (event.log_index !== index || leaf.toString('hex') !== event.leaf_hash) return report(broken(index), index);
        pushLeaf(frontier, leaf);
        index += 1;
        if (witnessHead && witnessHead.treeSize === index) witnessResult = { treeSize: index, consistent: witnessHead.rootHash === rootOfFrontier(frontier)?.toString('hex') };
      }
      const read = await readSignedHead(tokens, archive.signed_head);
      if ('rejected' in read || read.head.treeSize !== index || read.head.rootHash !== rootOfFrontier(frontier)?.toString('hex')) return report(broken(), index);
      archivedEvents += events.length;
    }
    let headAt = heads.findIndex((h) => h.size > index);
    if (headAt < 0) headAt = heads.length;
    const boundary = heads[headAt - 1];
    let previous: { size: number; root: string } | null = index > 0 && boundary ? { size: boundary.size, root: boundary.root } : null;
    const checkHeadsAt = async (size: number): Promise<Finding | null> => {
      const root = rootOfFrontier(frontier)?.toString('hex');
      if (witnessHead && witnessHead.treeSize === size) witnessResult = { treeSize: size, consistent: witnessHead.rootHash === root };
      while (headAt < heads.length && heads[headAt]!.size === size) {
        const head = heads[headAt]!;
        const read = await readSignedHead(tokens, head.signed);
        if ('rejected' in read) return { problem: 'head_not_genuine', treeSize: head.size, reason: read.rejected };
        if (read.head.treeSize !== head.size || read.head.rootHash !== head.root || head.root !== root) return { problem: 'head_mismatch', treeSize: head.size };
        const expectedPrevious = previous ? { treeSize: previous.size, rootHash: previous.root } : null;
        if (JSON.stringify(read.head.previous) !== JSON.stringify(expectedPrevious)) return { problem: 'head_chain_broken', treeSize: head.size };
        previous = { size: head.size, root: head.root };
        headAt += 1;
      }
      return null;
    };
    // Live events: PostgreSQL recomputes each leaf from the stored fields (see `recomputedLeaves`).
    while (index < total) {
      const page = await recomputedLeaves(tx, index, pageSize);
      if (page.length === 0) return report({ problem: 'event_missing', logIndex: index }, index);
      for (const event of page) {
        if (index >= total) break;
        if (event.log_index !== index) return report({ problem: 'event_missing', logIndex: index }, index);
        if (!event.intact) return report({ problem: 'event_changed', logIndex: index, eventId: event.id }, index);
        pushLeaf(frontier, event.leaf);
        index += 1;
        if ((headAt < heads.length && heads[headAt]!.size === index) || witnessHead?.treeSize === index) {
          const problem = await checkHeadsAt(index);
          if (problem) return report(problem, index);
        }
      }
      onProgress?.(index, total);
    }
    if (headAt < heads.length) return report({ problem: 'head_mismatch', treeSize: heads[headAt]!.size }, index);
    if (witnessHead) {
      if (witnessHead.treeSize > total) return report({ problem: 'log_truncated', treeSize: witnessHead.treeSize, logSize: total }, index, { treeSize: witnessHead.treeSize, consistent: false });
      if (!witnessResult || !witnessResult.consistent) return report({ problem: 'witness_inconsistent', treeSize: witnessHead.treeSize }, index, { treeSize: witnessHead.treeSize, consistent: false });
    }
    return { ...report(null, index, witnessResult), archivedEvents };
  }, { snapshot: true });
}
