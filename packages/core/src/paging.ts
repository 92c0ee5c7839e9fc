import { fieldError, PonteError } from '@ponte/contracts';

/*
 * Keyset paging, once for every list: the query's `cursor` is an opaque token of the position
 * after the last item of the page before; a page is `{ items, nextCursor }`, `nextCursor` null
 * when the page came back short. The query schemas are built by `listQuery`/`pagingParams` in
 * the contracts package, which also refuses a cursor given under two names.
 */

/** Opaque keyset cursors: the position after the last item of a page. */
export function encodeCursor(position: Record<string, string>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor's positions must be what the list put there: ids are UUIDs, times are ISO instants. */
function fitsKey(key: string, value: string): boolean {
  if (key === 'id' || key === 'agency') return UUID.test(value);
  if (key === 'treeSize') return /^(0|[1-9][0-9]{0,15})$/.test(value) && Number.isSafeInteger(Number(value));
  // A time as the database keeps it: UTC, microseconds.
  if (key === 'atKey') return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(value) && !Number.isNaN(Date.parse(value));
  // Instants are the ones this API wrote: UTC, milliseconds, and the same when read back.
  if (key.endsWith('At')) return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
  return value.length > 0 && value.length <= 200;
}

export function decodeCursor<K extends string>(cursor: string | undefined, keys: readonly K[]): Record<K, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (keys.every((k) => typeof value[k] === 'string' && fitsKey(k, value[k]))) return value as Record<K, string>;
  } catch {
    // fall through to the error below
  }
  throw new PonteError('invalid_request', { en: 'The cursor is not valid', pt: 'O cursor não é válido' }, [
    fieldError('query', ['cursor'], 'cursor', { en: 'not a cursor this list returned', pt: 'não é um cursor devolvido por esta lista' }),
  ]);
}

/** One page of items and the cursor after its last item, when more may follow. */
export function pageOf<R, T>(rows: R[], limit: number, toItem: (row: R) => T, positionOf: (row: R) => Record<string, string>) {
  const last = rows.at(-1);
  return { items: rows.map(toItem), nextCursor: rows.length === limit && last ? encodeCursor(positionOf(last)) : null };
}
