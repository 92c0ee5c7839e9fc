/**
 * Operator commands: `pnpm ponte audit verify [--witness <file with a signed head>]` recomputes
 * the access log from the stored events and checks every signed head, with a progress bar.
 * On embedded storage, stop the hub first (PGlite has one user); on PostgreSQL run it any time.
 */
import { readFileSync } from 'node:fs';
import { verifyLog } from '@ponte/audit';
import { TokenService } from '@ponte/auth';
import { ensureSigningKeys } from '@ponte/core';
import { openStorage } from '@ponte/db';
import { publicUrlOf, readEnv } from './env';

const [group, command, ...rest] = process.argv.slice(2);
if (group !== 'audit' || command !== 'verify') {
  process.stderr.write('usage: ponte audit verify [--witness <file>]\n');
  process.exit(2);
}
const witnessFlag = rest.indexOf('--witness');
const witness = witnessFlag >= 0 ? readFileSync(rest[witnessFlag + 1] ?? '', 'utf8').trim() : undefined;

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
