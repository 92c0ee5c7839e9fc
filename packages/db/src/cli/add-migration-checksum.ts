/**
 * Records the checksum of new migrations in packages/db/src/migrations/checksums.json:
 * `pnpm migration:checksum <name>...`, or with no name every registered migration not yet
 * recorded. It never changes an entry already there: a merged migration is never edited.
 */
import { readChecksumList, withNewChecksums, writeChecksumList } from '../migration-checksums';
import { migrations } from '../migrations/index';

const registered = Object.keys(migrations);
const list = readChecksumList();
const names = process.argv.slice(2);
try {
  const { list: next, added } = withNewChecksums(list, registered, names.length > 0 ? names : registered.filter((name) => !(name in list)));
  if (added.length === 0) {
    console.log('nothing to record: every named migration is recorded with its current checksum');
  } else {
    writeChecksumList(next);
    for (const name of added) console.log(`recorded ${name} ${next[name]}`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
