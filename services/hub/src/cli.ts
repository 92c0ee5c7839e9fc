/**
 * Operator commands:
 * - `pnpm ponte audit verify [--witness <file with a signed head>]` recomputes the access log from
 *   the stored events and checks every signed head and tile, with a progress bar. On embedded
 *   storage, stop the hub first (PGlite has one user); on PostgreSQL run it any time.
 * - `pnpm ponte audit verify --archive <file> [--jwks <file>]` checks a month's archive offline,
 *   needing no database: against the keys the archive carries, or the hub's published JWKS given.
 * - `pnpm ponte witness init --key <file> --name <key name>` makes an agency's witness key and
 *   prints the verifier key its administrator registers (`POST /v1/log/witness-keys`).
 * - `pnpm ponte witness run --hub <url> --key <file> --name <key name> --state <file>
 *   [--hub-key <verifier key>] [--interval-seconds <n>] [--once]` witnesses the hub's log with the
 *   agency's API client (`PONTE_WITNESS_CLIENT_ID`, `PONTE_WITNESS_CLIENT_SECRET`).
 * - `pnpm ponte migrate` and `pnpm ponte init`: put a hub into service (setup-cli.ts).
 * - `pnpm ponte keys list` and `pnpm ponte keys rotate [--prepublish-hours <n>]`: the hub's signing
 *   keys (keys-cli.ts, docs/signing-keys.md).
 * The integrator's commands (`login`, `subjects`, `referrals`, `events`, `webhooks`, `log`, ...) and
 * `--help` are @ponte/cli's, handed over before anything here is parsed.
 */
import { isIntegratorCommand } from '@ponte/cli/groups';
if (isIntegratorCommand(process.argv[2])) await (await import('@ponte/cli/main')).main(process.argv.slice(2));
import { readFileSync } from 'node:fs';
import { createWitnessKey, loadWitnessKey, parseVerifierKey, verifyArchive, verifyLog, witnessVerifierKey } from '@ponte/audit';
import { runWitness } from './witness';
import { TokenService } from '@ponte/auth';
import { readPublishedSigningKeys } from '@ponte/core';
import { openStorage } from '@ponte/db';
import { publicUrlOf, readEnv } from './env';
import { KEYS_USAGE, runKeysCommand } from './keys-cli';
import { runSetupCommand, SETUP_USAGE } from './setup-cli';

const USAGE = `usage: ponte audit verify [--witness <file>]
       ponte audit verify --archive <file> [--jwks <file>]
       ponte witness init --key <file> --name <key name>
       ponte witness run --hub <url> --key <file> --name <key name> --state <file> [--hub-key <verifier key>] [--interval-seconds <n>] [--once]
${KEYS_USAGE}${SETUP_USAGE}`;
const [group, command, ...rest] = process.argv.slice(2);
const flag = (name: string) => (rest.includes(name) ? (rest[rest.indexOf(name) + 1] ?? '') : undefined);
const required = (name: string) => {
  const value = flag(name);
  if (!value) {
    process.stderr.write(`${name} is required\n${USAGE}`);
    process.exit(2);
  }
  return value;
};

/** A mistake of the operator's: said in one line, exit 2, no stack trace. */
const usageError = (message: string): never => {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
};
const KNOWN_FLAGS: Record<string, string[]> = { init: ['--key', '--name'], run: ['--hub', '--key', '--name', '--state', '--hub-key', '--interval-seconds', '--once'] };
if (group === 'witness' && command !== undefined && KNOWN_FLAGS[command]) {
  const unknown = rest.filter((arg) => arg.startsWith('--') && !KNOWN_FLAGS[command]!.includes(arg));
  if (unknown.length > 0) usageError(`unknown option ${unknown[0]}`);
  // A note key name: printable, no spaces, no plus sign (signed-note).
  const name = flag('--name');
  if (name !== undefined && !/^[\x21-\x2a\x2c-\x7e]{1,200}$/.test(name)) usageError('--name is a key name: printable characters, no spaces, no plus sign');
  const hubKey = flag('--hub-key');
  if (hubKey !== undefined && 'invalid' in parseVerifierKey(hubKey)) usageError('--hub-key is the hub’s checkpoint verifier key, as its Ponte-Checkpoint-Key header gives it');
}
const operatorError = (error: unknown): never => {
  const code = (error as { code?: string }).code;
  const path = (error as { path?: string }).path;
  if (code === 'EEXIST') usageError(`${path} exists: a key is never overwritten`);
  if (code === 'ENOENT') usageError(`${path}: no such file or folder`);
  return usageError(`${(error as Error).message}`);
};

if (group === 'witness' && command === 'init') {
  const keyPath = required('--key');
  await createWitnessKey(keyPath).catch(operatorError);
  process.stdout.write(`${witnessVerifierKey(await loadWitnessKey(keyPath, required('--name')).catch(operatorError))}\n`);
  process.stderr.write(`the key is in ${keyPath} (keep it private); register the verifier key above with POST /v1/log/witness-keys\n`);
  process.exit(0);
}
if (group === 'witness' && command === 'run') {
  const clientId = process.env.PONTE_WITNESS_CLIENT_ID;
  const clientSecret = process.env.PONTE_WITNESS_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    process.stderr.write('set PONTE_WITNESS_CLIENT_ID and PONTE_WITNESS_CLIENT_SECRET to the agency API client the witness uses\n');
    process.exit(2);
  }
  const once = rest.includes('--once');
  const interval = Number(flag('--interval-seconds') ?? '60');
  if (!Number.isInteger(interval) || interval < 1 || interval > 86_400) {
    process.stderr.write(`--interval-seconds is a whole number of seconds from 1 to 86400\n${USAGE}`);
    process.exit(2);
  }
  let exitCode = 0;
  await loadWitnessKey(required('--key'), required('--name')).catch((error: unknown) =>
    operatorError((error as { code?: string }).code === 'ENOENT' ? error : new Error(`${flag('--key')} is not an Ed25519 private key in PEM`)),
  );
  const running = await runWitness({
    hubUrl: required('--hub'),
    clientId,
    clientSecret,
    keyPath: required('--key'),
    name: required('--name'),
    statePath: required('--state'),
    hubKey: flag('--hub-key'),
    intervalMs: interval * 1000,
    onOutcome: (outcome) => {
      process.stdout.write(`${new Date().toISOString()} ${JSON.stringify(outcome)}\n`);
      exitCode = outcome.outcome === 'refused' ? 1 : outcome.outcome === 'hub_refused' ? 3 : 0;
      if (outcome.outcome === 'refused') process.stderr.write(`REFUSED TO COSIGN (${outcome.reason})${outcome.evidence ? `: the hub's contradicting checkpoints are kept in ${outcome.evidence}` : ''}\n`);
    },
    onError: (error) => {
      process.stderr.write(`${new Date().toISOString()} a round failed: ${(error as Error).message}\n`);
      exitCode = 3;
    },
  });
  if (once) {
    await running.stop();
    process.exit(exitCode);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void running.stop().then(() => process.exit(0)));
  await new Promise(() => {});
}
if (group === 'keys') process.exit(await runKeysCommand(command, rest));
if (group === 'migrate' || group === 'init') process.exit(await runSetupCommand(group, process.argv.slice(3)));
if (group !== 'audit' || command !== 'verify') {
  process.stderr.write(USAGE);
  process.exit(2);
}

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
const PARALLELISM = 2;
const storage = await openStorage({ databaseUrl: env.DATABASE_URL, dataDir: env.PONTE_DATA_DIR, poolSize: PARALLELISM + 1, migrate: false });
try {
  const tokens = new TokenService({ issuer: publicUrlOf(env), audience: env.PONTE_TOKEN_AUDIENCE, ttlSeconds: 60, keys: await readPublishedSigningKeys(storage.db) });
  const width = 30;
  const report = await verifyLog({
    db: storage.db,
    tokens,
    witness,
    witnessesRequired: env.PONTE_LOG_WITNESSES_REQUIRED,
    // Ranges of the log on as many connections, one snapshot (one connection on embedded storage).
    parallelism: storage.kind === 'pglite' ? 1 : PARALLELISM,
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
