/**
 * Operator commands:
 * - `pnpm ponte audit verify [--witness <file with a signed head>]` recomputes the access log from
 *   the stored events and checks every signed head and tile, with a progress bar. On embedded
 *   storage, stop the hub first (PGlite has one user); on PostgreSQL run it any time.
 * - `pnpm ponte audit verify --archive <file> [--jwks <file>]` checks a month's archive offline,
 *   needing no database: against the keys the archive carries, or the hub's published JWKS given.
 */
import { readFileSync } from 'node:fs';
import { verifyArchive, verifyLog } from '@ponte/audit';
import { TokenService } from '@ponte/auth';
import { ensureSigningKeys } from '@ponte/core';
import { openStorage } from '@ponte/db';
import { publicUrlOf, readEnv } from './env';

const [group, command, ...rest] = process.argv.slice(2);
if (group !== 'audit' || command !== 'verify') {
  process.stderr.write('usage: ponte audit verify [--witness <file>]\n       ponte audit verify --archive <file> [--jwks <file>]\n');
  process.exit(2);
}
const flag = (name: string) => (rest.includes(name) ? (rest[rest.indexOf(name) + 1] ?? '') : undefined);

const archive = flag('--archive');
if (archive !== undefined) {
  const jwks = flag('--jwks');
  const report = await verifyArchive(archive, jwks === undefined ? {} : { keys: JSON.parse(readFileSync(jwks, 'utf8')) });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const keys = report.signedBy ? ` (head signed by key ${report.signedBy.kid ?? '?'}, ${report.signedBy.keys === 'given' ? 'from the JWKS given' : 'as the archive carries it: compare it with the hub’s published JWKS, or pass --jwks'})` : '';
  process.stdout.write(report.ok ? `the archive verifies: ${report.partition}, ${report.events} events, ${report.leaves} leaves up to ${report.treeSize}${keys}\n` : `the archive does NOT verify: ${JSON.stringify(report.firstProblem)}\n`);
  process.exit(report.ok ? 0 : 1);
}
const witnessFile = flag('--witness');
const witness = witnessFile !== undefined ? readFileSync(witnessFile, 'utf8').trim() : undefined;

const env = readEnv();
const storage = await openStorage({ databaseUrl: env.DATABASE_URL, dataDir: env.PONTE_DATA_DIR, poolSize: 2, migrate: false });
try {
  const tokens = new TokenService({ issuer: publicUrlOf(env), audience: env.PONTE_TOKEN_AUDIENCE, ttlSeconds: 60, keys: await ensureSigningKeys(storage.db) });
  const width = 30;
  const report = await verifyLog({
    db: storage.db,
    tokens,
    witness,
    onProgress: (done, total) => {
      const filled = total === 0 ? width : Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} events`);
    },
  });
  process.stderr.write('\n');
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(report.ok ? `the access log verifies: ${report.events} events, ${report.heads} signed heads\n` : `the access log does NOT verify: ${JSON.stringify(report.firstProblem)}\n`);
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await storage.close();
}
