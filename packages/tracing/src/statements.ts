/**
 * What a span may say of a round trip to the database, following the database semantic
 * conventions: the statement's text with every literal replaced by `?` (a statement list carries its
 * values as literals, so the text as sent may hold a person's name), and a short summary of what it
 * does (`BEGIN; SELECT subjects; INSERT access_events; COMMIT`), bounded by the code, not the data.
 */

/** Quoted literals (standard or `E'…'`, quotes doubled inside) and dollar-quoted strings. */
const LITERALS = /\bE'(?:[^']|'')*'|'(?:[^']|'')*'|\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g;
/** A quoted literal left open (a text cut short): everything from its quote on. */
const OPEN_LITERAL = /(?:\bE)?'[\s\S]*$/;

/** The statement with each literal replaced by `?`. */
export function sanitizeStatement(text: string): string {
  return text.replace(LITERALS, '?').replace(OPEN_LITERAL, '?');
}

const TARGET: Record<string, RegExp> = {
  select: /\bfrom\s+("?[\w.]+"?)/i,
  insert: /^insert\s+into\s+("?[\w.]+"?)/i,
  update: /^update\s+("?[\w.]+"?)/i,
  delete: /^delete\s+from\s+("?[\w.]+"?)/i,
};

/** One statement's operation and, for reads and writes of a table, the table: `SELECT subjects`. */
function summaryOf(statement: string, sqlOfName: (name: string) => string | undefined): string | undefined {
  const operation = /^\s*(\w+)/.exec(statement)?.[1]?.toLowerCase();
  if (!operation) return undefined;
  // Plumbing of prepared statements: the execution says what ran.
  if (operation === 'prepare' || operation === 'deallocate') return undefined;
  if (operation === 'execute') {
    const prepared = sqlOfName(/^\s*execute\s+(\w+)/i.exec(statement)?.[1] ?? '');
    return prepared ? summaryOf(prepared, () => undefined) : 'EXECUTE';
  }
  if (operation === 'with') {
    // The statement after the common table expressions.
    const main = /\)\s*((?:select|insert|update|delete)\b[\s\S]*)$/i.exec(statement);
    return main ? summaryOf(main[1]!, sqlOfName) : 'WITH';
  }
  const target = TARGET[operation]?.exec(statement.trim())?.[1]?.replaceAll('"', '');
  return target ? `${operation.toUpperCase()} ${target}` : operation.toUpperCase();
}

export interface StatementDescription {
  /** The text with its literals replaced by `?`. */
  text: string;
  /** `BEGIN; SELECT subjects; COMMIT`. */
  summary: string;
  /** The single statement's operation, or `BATCH` for a list. */
  operation: string;
  /** Statements in the text, `prepare`s included. */
  statements: number;
}

export function describeStatement(text: string, sqlOfName: (name: string) => string | undefined = () => undefined): StatementDescription {
  const sanitized = sanitizeStatement(text);
  // Once the literals are gone, a `;` can only end a statement.
  const parts = sanitized.split(';').filter((part) => part.trim().length > 0);
  // A statement prepared in the same list is known by its name there too.
  const preparedHere = new Map(parts.map((part) => /^\s*prepare\s+(\w+)\s+as\s+([\s\S]*)$/i.exec(part)).filter((m) => m !== null).map((m) => [m[1]!, m[2]!]));
  const textOf = (name: string) => sqlOfName(name) ?? preparedHere.get(name);
  const summaries = parts.map((part) => summaryOf(part, textOf)).filter((s): s is string => s !== undefined);
  const operation = summaries.length === 1 ? summaries[0]!.split(' ')[0]! : 'BATCH';
  return { text: sanitized, summary: summaries.join('; ') || 'EMPTY', operation, statements: parts.length };
}
