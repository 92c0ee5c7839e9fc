import type { CommandContext, OptionSpec } from '../command';
import { intOption, stringOption } from '../command';

export const PAGE_OPTIONS: Record<string, OptionSpec> = {
  cursor: { type: 'string', value: '<cursor>', description: 'start after this cursor (a nextCursor printed before)' },
  limit: { type: 'string', value: '<n>', description: 'how many per page (1 to 200)' },
  all: { type: 'boolean', description: 'every page, following nextCursor to the end' },
};

/** One page, or with `--all` every page, of a list the hub pages with `cursor`/`nextCursor`. */
export async function readPages<T>(ctx: CommandContext, page: (query: { cursor?: string; limit?: number }) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<{ items: T[]; nextCursor: string | null }> {
  const limit = intOption(ctx, 'limit', 1, 200);
  let cursor = stringOption(ctx, 'cursor');
  const items: T[] = [];
  for (;;) {
    const data = await page({ cursor, limit });
    items.push(...data.items);
    if (!ctx.values.all || !data.nextCursor || data.items.length === 0) return { items, nextCursor: data.nextCursor };
    cursor = data.nextCursor;
  }
}

export const nextPageNote = (nextCursor: string | null) => (nextCursor ? `next page: --cursor ${nextCursor}\n` : '');
