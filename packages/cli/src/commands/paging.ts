import type { CommandContext, OptionSpec } from '../command';
import { intOption, stringOption } from '../command';

export const PAGE_OPTIONS: Record<string, OptionSpec> = {
  cursor: { type: 'string', value: '<cursor>', description: 'start after this cursor (a nextCursor printed before)' },
  limit: { type: 'string', value: '<n>', description: 'how many per page (1 to 200)' },
  all: { type: 'boolean', description: 'every page, following nextCursor to the end' },
};

export interface Paging {
  cursor: string | undefined;
  limit: number | undefined;
  all: boolean;
}

/** The paging options, checked before anything is asked of the hub. */
export const pagingOf = (ctx: CommandContext): Paging => ({ cursor: stringOption(ctx, 'cursor'), limit: intOption(ctx, 'limit', 1, 200), all: ctx.values.all === true });

/** One page, or with `--all` every page, of a list the hub pages with `cursor`/`nextCursor`. */
export async function readPages<T>(paging: Paging, page: (query: { cursor?: string; limit?: number }) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<{ items: T[]; nextCursor: string | null }> {
  const { limit } = paging;
  let cursor = paging.cursor;
  const items: T[] = [];
  for (;;) {
    const data = await page({ cursor, limit });
    items.push(...data.items);
    if (!paging.all || !data.nextCursor || data.items.length === 0) return { items, nextCursor: data.nextCursor };
    cursor = data.nextCursor;
  }
}

export const nextPageNote = (nextCursor: string | null) => (nextCursor ? `next page: --cursor ${nextCursor}\n` : '');
