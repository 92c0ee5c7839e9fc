import { entriesAt, parseTilePath, TILE_WIDTH } from '@ponte/audit';
import { PonteError } from '@ponte/contracts';
import { latestHead, tilesAt, withoutTenant } from '@ponte/db';
import type { Context } from '../context';

const noSuchTile = () => new PonteError('not_found', { en: 'The log has no such tile', pt: 'O registo não tem esse bloco' });

/**
 * A tile of the log's tree as C2SP `tlog-tiles` serves it (`<L>/<N>[.p/<W>]`): the hashes only,
 * 32 bytes each, never the entries (they say who read whose record). A tile, partial or full, never
 * changes once it exists; a path outside the tree of the latest head names nothing.
 */
export async function getLogTile({ ctx, input }: { ctx: Context; input: { path: string } }) {
  const tile = parseTilePath(input.path);
  if ('invalid' in tile) throw noSuchTile();
  return withoutTenant(ctx.db, 'auditor', async (tx) => {
    const size = (await latestHead(tx))?.tree_size ?? 0;
    if (tile.index * TILE_WIDTH + tile.width > entriesAt(size, tile.level)) throw noSuchTile();
    const [stored] = await tilesAt(tx, [{ level: tile.level, index: tile.index }]);
    if (!stored || stored.hashes.length < tile.width * 32) throw noSuchTile();
    return { hashes: stored.hashes.subarray(0, tile.width * 32), full: tile.width === TILE_WIDTH };
  });
}
