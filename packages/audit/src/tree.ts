/** The tree alone (RFC 6962 and C2SP tiles), with nothing of the database: for a process that only hashes. */
export { inclusionRanges, consistencyRanges, nodeHash, leafHash, rootOf } from './merkle';
export { TileReader, TILE_WIDTH, HASH_SIZE, type Tile } from './tiles';
