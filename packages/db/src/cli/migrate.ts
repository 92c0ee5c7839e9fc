/** Migrates the database named by DATABASE_URL (or the embedded data folder) to the latest schema. */
import { openStorage } from '../connect';
import { migrateToLatest } from '../migrate';

const storage = await openStorage({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.PONTE_DATA_DIR });
try {
  const applied = await migrateToLatest(storage.db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
} finally {
  await storage.close();
}
