/**
 * `pnpm ponte keys ...`: the operator's view of the hub's signing keys (see docs/signing-keys.md).
 *
 * - `ponte keys list` prints each published key's id, state (pending, signing, verification-only),
 *   when it was made and when it signs from. Never key material; no key-encryption key needed.
 * - `ponte keys rotate [--prepublish-hours <n>]` makes the next signing key: published in the JWKS
 *   at once, signing after the pre-publication period (PONTE_KEY_PREPUBLICATION_HOURS, default 24;
 *   0 for a drill). The key it replaces stays published, verification-only. Refused, changing
 *   nothing, while another rotation is pending. Needs the key-encryption key, as the hub does.
 *
 * On embedded storage, stop the hub first (PGlite has one user); on PostgreSQL run it any time:
 * every hub and worker reads the keys again within PONTE_KEY_REFRESH_SECONDS.
 */
import { checkpointOrigin, noteVerifierKey } from '@ponte/audit';
import { KeyEncryptionKeyError } from '@ponte/auth';
import { listSigningKeyStates, rotateSigningKey, SigningKeyRotationRefused, type SigningKeyState } from '@ponte/core';
import { openStorage } from '@ponte/db';
import { publicUrlOf, readEnv, type Env } from './env';
import { createLogger } from './logger';
import { keyEncryptionKeyOf } from './signing-keys';

export const KEYS_USAGE = `       ponte keys list
       ponte keys rotate [--prepublish-hours <n>]
`;

/** Runs a `keys` command; the exit code: 0 done, 1 refused (nothing changed), 2 a usage mistake. */
export async function runKeysCommand(command: string | undefined, args: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const usage = (message: string) => {
    err.write(`${message}\nusage: ${KEYS_USAGE.trimStart()}`);
    return 2;
  };
  const allowed = command === 'list' ? [] : command === 'rotate' ? ['--prepublish-hours'] : undefined;
  if (!allowed) return usage(command ? `unknown keys command ${command}` : 'a keys command is required');
  const unknown = args.find((arg, i) => arg.startsWith('--') ? !allowed.includes(arg) : !allowed.includes(args[i - 1] ?? ''));
  if (unknown !== undefined) return usage(`unexpected ${unknown.startsWith('--') ? `option ${unknown}` : `argument ${unknown}`}`);

  const env = readEnv();
  let prepublishHours = env.PONTE_KEY_PREPUBLICATION_HOURS;
  if (args.includes('--prepublish-hours')) {
    const given = args[args.indexOf('--prepublish-hours') + 1] ?? '';
    prepublishHours = Number(given);
    if (!/^\d+(\.\d+)?$/.test(given) || prepublishHours > 24 * 90) return usage('--prepublish-hours is a number of hours from 0 to 2160');
  }

  const storage = await openStorage({ databaseUrl: env.DATABASE_URL, dataDir: env.PONTE_DATA_DIR, poolSize: 1, migrate: false });
  try {
    if (command === 'list') {
      out.write(keyTable(await listSigningKeyStates(storage.db)));
      return 0;
    }
    return await rotate(env, storage.db, prepublishHours, out, err);
  } catch (error) {
    if (error instanceof SigningKeyRotationRefused || error instanceof KeyEncryptionKeyError) {
      err.write(`ponte keys ${command}: refused, nothing changed: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await storage.close();
  }
}

async function rotate(env: Env, db: Parameters<typeof rotateSigningKey>[0], prepublishHours: number, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const keyEncryptionKey = await keyEncryptionKeyOf(env, createLogger('warn'));
  const rotated = await rotateSigningKey(db, { keyEncryptionKey, prepublishHours });
  const origin = checkpointOrigin(publicUrlOf(env));
  out.write(
    `key ${rotated.kid} is published now and signs from ${rotated.signsFrom.toISOString()}; key ${rotated.replaces} then becomes verification-only and stays published.\n` +
      `checkpoint verifier key for witnesses (give it to them before ${rotated.signsFrom.toISOString()}): ${noteVerifierKey(origin, Buffer.from(String(rotated.publicJwk.x), 'base64url'))}\n`,
  );
  // The JWKS is cached for five minutes and processes read the keys every PONTE_KEY_REFRESH_SECONDS.
  if (prepublishHours * 3600 < 300 + env.PONTE_KEY_REFRESH_SECONDS)
    err.write('warning: a pre-publication period this short is for drills: a verifier holding a cached JWKS may refuse the new key’s first signatures for a few minutes\n');
  return 0;
}

const STATE_LABEL: Record<SigningKeyState, string> = { pending: 'pending', signing: 'signing', verification_only: 'verification-only' };

/** One line a key, aligned columns; the key id, its state and two times, nothing else. */
function keyTable(keys: Array<{ kid: string; state: SigningKeyState; createdAt: Date; signsFrom: Date }>): string {
  const rows = [['KID', 'STATE', 'CREATED', 'SIGNS FROM'], ...keys.map((k) => [k.kid, STATE_LABEL[k.state], k.createdAt.toISOString(), k.signsFrom.toISOString()])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n') + '\n';
}
