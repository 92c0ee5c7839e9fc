import pg from 'pg';

/** Where integration tests run, chosen once per run. */
export type DatabaseTarget =
  | { kind: 'postgres'; adminUrl: string; source: 'env' | 'testcontainers' | 'local server'; template: string }
  | { kind: 'pglite'; templateDump: string };

/** Connects with a short timeout: true when a server answers. */
export async function canConnect(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return 'embedded PGlite';
  const u = new URL(target.adminUrl);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432} (${target.source})`;
}
