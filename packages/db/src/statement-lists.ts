import { AsyncLocalStorage } from 'node:async_hooks';
import type { CompiledQuery } from 'kysely';
import pg from 'pg';

/**
 * Statement lists: several statements sent as one simple-protocol message, one round trip. A list
 * carries no parameters, so the values of a statement that joins one are written as literals,
 * escaped as the driver escapes them and typed by their context as parameters would be.
 */

/** A statement and its values. */
export type Statement = Pick<CompiledQuery, 'sql' | 'parameters'>;

/** A compiled statement with each `$n` replaced by its value as an escaped literal; throws if it cannot be. */
export function withLiterals(query: Statement): string {
  // Only the placeholders are replaced: the statement's own text may hold no literal, comment or
  // dollar quote in which a `$n` could stand for something else.
  if (/'|--|\/\*|\$(?!\d)/.test(query.sql)) throw new Error('a statement sent in a list carries its values as parameters only');
  return query.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= query.parameters.length) throw new Error(`the statement has no parameter $${n}`);
    return literalOf(query.parameters[index]);
  });
}

/** The statement as its unit's connection writes it in a list, or undefined where it cannot go in one (it is then sent alone). */
function inListOrNothing(link: UnitLink, query: Statement): string | undefined {
  try {
    return inList(link, query);
  } catch {
    return undefined;
  }
}

/**
 * A statement as the unit's connection writes it in a list: by default with its values as
 * literals; on PostgreSQL, a statement the process sends again is prepared once on the connection
 * and executed by name, with its values as literals, so it is planned as a prepared statement is.
 */
export function inList(link: UnitLink | undefined, query: Statement): string {
  return (link?.render ?? withLiterals)(query);
}

/** `execute name(values)`: a prepared statement run from a list, its values written as literals. */
export function executeByName(name: string, query: Statement): string {
  withLiterals(query);
  return query.parameters.length === 0 ? `execute ${name}` : `execute ${name}(${query.parameters.map(literalOf).join(', ')})`;
}

function literalOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const text = textOf(value);
  // A statement list ends at a NUL: the server would refuse the whole list as a broken message.
  if (text.includes('\u0000')) throw new Error('a value with a NUL character cannot be written');
  return pg.escapeLiteral(text);
}

/** A value in PostgreSQL's text form, for the kinds the hub's statements carry; any other is refused. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  // An instant, for a timestamptz column.
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || Number.isFinite(item) || item === null))
    return `{${value.map((item) => (item === null ? 'NULL' : typeof item === 'number' ? String(item) : `"${item.replace(/[\\"]/g, (c: string) => `\\${c}`)}"`)).join(',')}}`;
  throw new Error('a value of this kind cannot be written in a statement list');
}

/**
 * What a unit of work tells the connection it holds. Bound when the unit takes its connection
 * (the first connection taken inside {@link linkedTo}); a connection taken later inside the same
 * work, by another unit or a one-off read, is not the unit's.
 */
export interface UnitLink {
  /** The statements that open the unit (begin, its scope), held until the unit's first statement goes. */
  opening: string[] | undefined;
  /** The rows of each statement of the last list sent on the unit's connection, in order. */
  results: unknown[][];
  bound: boolean;
  /** How the connection writes a statement into a list (see {@link inList}); set by the driver. */
  render?: ((query: Statement) => string) | undefined;
}

const linking = new AsyncLocalStorage<UnitLink>();

export const newLink = (): UnitLink => ({ opening: undefined, results: [], bound: false });

/** Runs `take` (which takes the unit's connection) with `link` to bind to that connection. */
export function linkedTo<T>(link: UnitLink, take: () => Promise<T>): Promise<T> {
  return linking.run(link, take);
}

/** For a driver taking a connection: the unit it is taken for, if this is that unit's connection. */
export function bindLink(): UnitLink | undefined {
  const link = linking.getStore();
  if (!link || link.bound) return undefined;
  link.bound = true;
  return link;
}

const ROLLBACK = /^\s*rollback\s*$/i;

/**
 * Sends a statement on a connection, the way both drivers do: if the connection's unit has not
 * sent its opening yet, the opening goes with the statement as one list (the statement's values
 * written as literals), or alone just before it where they cannot be. A rollback of a unit that
 * never opened has nothing to undo and is not sent. The rows of each statement are kept on the link;
 * the results returned are the statement's own (without the opening's). `observe` sees the text of
 * each round trip as it goes, the values of a statement joined to the opening still as `$n`.
 */
export async function sendOnLink<Result extends { rows: unknown[] }>(
  link: UnitLink | undefined,
  query: Statement,
  send: (text: string, values: readonly unknown[]) => Promise<Result[]>,
  observe?: (text: string) => void,
): Promise<Result[]> {
  let { sql: text, parameters: values } = query;
  let shown = text;
  let opened = 0;
  if (link?.opening !== undefined) {
    const opening = link.opening;
    link.opening = undefined;
    if (ROLLBACK.test(text)) return [];
    const inlined = values.length === 0 ? text : inListOrNothing(link, query);
    if (inlined === undefined) {
      observe?.(opening.join('; '));
      await send(opening.join('; '), []);
    } else {
      text = [...opening, inlined].join('; ');
      shown = [...opening, query.sql].join('; ');
      values = [];
      opened = opening.length;
    }
  }
  observe?.(shown);
  const results = await send(text, values);
  if (link) link.results = results.map((result) => result.rows);
  return results.slice(opened);
}
