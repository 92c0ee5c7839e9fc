import { listHeads, withoutTenant } from '@ponte/db';
import type { Context } from '../context';
import { iso } from '../util';

/** The signed tree heads, oldest first: every agency may fetch and keep them as witness copies. */
export async function listLogHeads({ ctx, input }: { ctx: Context; input: { afterSize?: number | undefined; limit: number } }) {
  return withoutTenant(ctx.db, 'hub', async (tx) => {
    const rows = await listHeads(tx, { afterSize: input.afterSize ?? 0, limit: input.limit });
    return { items: rows.map((h) => ({ treeSize: h.tree_size, rootHash: h.root_hash, signedHead: h.signed_head, createdAt: iso(h.created_at) })) };
  });
}
