import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Merged migrations are frozen: `migrations/checksums.json` records, for every registered
 * migration, the SHA-256 of its source file. A test recomputes them; `pnpm migration:checksum`
 * records a new migration's and refuses to change one already recorded.
 */
export const MIGRATIONS_DIR = resolve(import.meta.dirname, 'migrations');
export const CHECKSUMS_FILE = join(MIGRATIONS_DIR, 'checksums.json');

/** Migration name → SHA-256 (hex) of its source file, in the order they were recorded. */
export type ChecksumList = Record<string, string>;

/** The source file of a registered migration: its name with `.ts`. */
export const migrationFile = (name: string) => join(MIGRATIONS_DIR, `${name}.ts`);

/** SHA-256 of a migration's source, with line endings read as LF (a CRLF checkout changes nothing). */
export function checksumOf(name: string): string {
  const source = readFileSync(migrationFile(name), 'utf8').replace(/\r\n/g, '\n');
  return createHash('sha256').update(source, 'utf8').digest('hex');
}

export function readChecksumList(): ChecksumList {
  return JSON.parse(readFileSync(CHECKSUMS_FILE, 'utf8')) as ChecksumList;
}

export function writeChecksumList(list: ChecksumList): void {
  writeFileSync(CHECKSUMS_FILE, `${JSON.stringify(list, null, 2)}\n`);
}

const HOW_TO_ADD = 'write a new migration (packages/db/src/migrations/<yyyymmddhhmmss>-<what-it-does>.ts, registered in migrations/index.ts), then record it with `pnpm migration:checksum <name>` (see packages/db/README.md)';

/** What is wrong with one registered migration against the list, or undefined when it matches. */
export function registeredMigrationProblem(name: string, list: ChecksumList): string | undefined {
  if (!existsSync(migrationFile(name))) return `Migration ${name} is registered but has no source file ${name}.ts in packages/db/src/migrations.`;
  const recorded = list[name];
  const actual = checksumOf(name);
  if (recorded === undefined)
    return `Migration ${name} is registered but not in migrations/checksums.json. Record a new migration's checksum with \`pnpm migration:checksum ${name}\` and commit it with the migration.`;
  if (recorded !== actual)
    return (
      `Migration ${name} was edited: its source no longer matches migrations/checksums.json (recorded ${recorded}, now ${actual}). ` +
      `A merged migration is never edited: databases that already ran it will never run it again. Revert the edit and ${HOW_TO_ADD}.`
    );
  return undefined;
}

/** Names in the list that are not registered migrations. */
export function unregisteredEntries(registered: readonly string[], list: ChecksumList): string[] {
  return Object.keys(list).filter((name) => !registered.includes(name));
}

export const unregisteredEntriesProblem = (names: readonly string[]) =>
  `migrations/checksums.json names ${names.join(', ')}, which ${names.length === 1 ? 'is' : 'are'} not registered in migrations/index.ts. ` +
  `A merged migration is never removed or renamed: register it again, or, if it was never merged, remove its line from the list.`;

/**
 * The list with the checksums of `names` added. Refuses a name that is not registered, one
 * already recorded with another checksum (an edit of a merged migration), and one that sorts
 * before a recorded migration (its timestamp must be later than theirs).
 */
export function withNewChecksums(list: ChecksumList, registered: readonly string[], names: readonly string[]): { list: ChecksumList; added: string[] } {
  const next = { ...list };
  const added: string[] = [];
  for (const name of names) {
    if (!registered.includes(name)) throw new Error(`${name} is not registered in packages/db/src/migrations/index.ts: register it first.`);
    const actual = checksumOf(name);
    const recorded = next[name];
    if (recorded === actual) continue;
    if (recorded !== undefined)
      throw new Error(`${name} is already recorded with another checksum (recorded ${recorded}, now ${actual}). A merged migration is never edited: revert the edit and ${HOW_TO_ADD}.`);
    const later = Object.keys(next).filter((other) => other > name);
    if (later.length > 0) throw new Error(`${name} sorts before ${later.join(', ')}: a new migration's timestamp must be later than every recorded one.`);
    next[name] = actual;
    added.push(name);
  }
  return { list: next, added };
}
