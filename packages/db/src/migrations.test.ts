import { describe, expect, it } from 'vitest';
import { readChecksumList, registeredMigrationProblem, unregisteredEntries, unregisteredEntriesProblem } from './migration-checksums';
import { migrations } from './migrations/index';

/**
 * A merged migration is never edited: a database that already ran it will not run it again, so
 * an edit reaches new databases only and the two drift apart. Every registered migration's
 * source must match the checksum recorded in migrations/checksums.json when it was added.
 */
const registered = Object.keys(migrations);
const list = readChecksumList();

describe('merged migrations are frozen', () => {
  it.each(registered)('%s matches its recorded checksum', (name) => {
    const problem = registeredMigrationProblem(name, list);
    if (problem) expect.fail(problem);
  });

  it('the checksum list names only registered migrations', () => {
    const extra = unregisteredEntries(registered, list);
    if (extra.length > 0) expect.fail(unregisteredEntriesProblem(extra));
  });
});
