import type { Context } from '../context';
import { listAccessFlags } from './list-access-flags';

/**
 * How many flags of a window (default: the last 7 days) no privacy officer has reviewed yet.
 * Flags are computed from the log's events, not stored, so they are counted from the flags
 * {@link listAccessFlags} computes, with its check (privacy officers only) and its access event.
 */
export async function countUnreviewedFlags({ ctx, input = {} }: { ctx: Context; input?: { from?: string | undefined; to?: string | undefined } }): Promise<number> {
  const flags = await listAccessFlags({ ctx, input });
  return flags.items.filter((flag) => flag.reviews.length === 0).length;
}
