import type { CommandContext, OptionSpec } from '../command';
import { intOption, stringOption } from '../command';
import type { Hub } from '../hub';

export const PAGE_OPTIONS: Record<string, OptionSpec> = {
  cursor: { type: 'string', value: '<cursor>', description: 'start after this cursor (a nextCursor printed before)' },
  limit: { type: 'string', value: '<n>', description: 'how many per page (1 to 200)' },
  all: { type: 'boolean', description: 'every page, following nextCursor to the end' },
};

/** One page, or with `--all` every page, of a list the hub pages with `cursor`/`nextCursor`. */
export async function readPages<T>(ctx: CommandContext, hub: Hub, path: string, query: Record<string, string | undefined>): Promise<{ items: T[]; nextCursor: string | null }> {
  const limit = intOption(ctx, 'limit', 1, 200);
  let cursor = stringOption(ctx, 'cursor');
  const items: T[] = [];
  for (;;) {
    const { data } = await hub.GET<{ items: T[]; nextCursor: string | null }>(path, { params: { query: { ...query, cursor, limit } } });
    items.push(...data.items);
    if (!ctx.values.all || !data.nextCursor || data.items.length === 0) return { items, nextCursor: data.nextCursor };
    cursor = data.nextCursor;
  }
}

export const nextPageNote = (nextCursor: string | null) => (nextCursor ? `next page: --cursor ${nextCursor}\n` : '');
