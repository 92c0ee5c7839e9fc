import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './20261127000100-foundation';

/** Every migration, registered explicitly in order. A merged migration is never edited. */
export const migrations: Record<string, Migration> = {
  '20261127000100-foundation': foundation,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
