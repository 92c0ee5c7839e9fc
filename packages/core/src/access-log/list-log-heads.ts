import type { LogHeadsQuery } from '@ponte/contracts';
import { listHeads, withoutTenant } from '@ponte/db';
import type { Context } from '../context';
import { decodeCursor, encodeCursor } from '../paging';
import { iso } from '../util';

/**
 * The signed tree heads, oldest first: every agency may fetch and keep them as witness copies.
 * The position is given as `cursor` or by its deprecated name `afterSize` (a tree size). Like
 * the event feed, the heads are polled as they grow: `nextCursor` is never null, and after the
 * last head it names the same position, to poll with again.
 */
export async function listLogHeads({ ctx, input }: { ctx: Context; input: LogHeadsQuery }) {
  const afterSize = input.afterSize ?? Number(decodeCursor(input.cursor, ['treeSize'] as const)?.treeSize ?? 0);
  return withoutTenant(ctx.db, 'hub', async (tx) => {
    const rows = await listHeads(tx, { afterSize, limit: input.limit });
    return {
      items: rows.map((h) => ({ treeSize: h.tree_size, rootHash: h.root_hash, signedHead: h.signed_head, createdAt: iso(h.created_at) })),
      nextCursor: encodeCursor({ treeSize: String(rows.at(-1)?.tree_size ?? afterSize) }),
    };
  });
}
