import { KeyEncryptionKeyError, resolveKeyEncryptionKey, type KeyEncryptionKey, type SigningKeyMaterial, type TokenService } from '@ponte/auth';
import { ensureSigningKeys, readSigningKeys, refreshSigningKeys } from '@ponte/core';
import type { Db } from '@ponte/db';
import type { Logger } from 'pino';
import type { Env } from './env';

/**
 * The key-encryption key the hub's private signing keys are sealed under: the one configured, or,
 * on the embedded default with none configured, its own in the data folder (made on first start).
 * On PostgreSQL there is no default: a database server is shared and backed up apart from the hub,
 * and a key kept beside it would protect nothing.
 */
export async function keyEncryptionKeyOf(env: Env, logger: Logger): Promise<KeyEncryptionKey> {
  const { key, source, path } = await resolveKeyEncryptionKey({
    value: env.PONTE_KEY_ENCRYPTION_KEY,
    file: env.PONTE_KEY_ENCRYPTION_KEY_FILE,
    embeddedDataDir: env.DATABASE_URL ? undefined : env.PONTE_DATA_DIR,
  });
  if (source === 'embedded_file_created')
    logger.info({ event: 'signing_keys.kek_created', path, kekId: key.id }, 'made a key-encryption key for the embedded storage; back it up with the data folder (see docs/signing-keys.md)');
  else logger.info({ event: 'signing_keys.kek', source, kekId: key.id }, 'key-encryption key ready');
  return key;
}

/**
 * The hub's signing keys at start, sealed (plaintext ones left from before are sealed in place, and
 * logged), with the way to read them again; refuses to start, in one line naming the setting, when
 * no key-encryption key is configured where one is required or the one given does not open them.
 */
export async function openSigningKeys(
  env: Env,
  db: Db,
  logger: Logger,
): Promise<{ keys: SigningKeyMaterial[]; keyEncryptionKey: KeyEncryptionKey; reloadKeys: () => Promise<SigningKeyMaterial[]>; refresh: (tokens: TokenService) => void }> {
  const keyEncryptionKey = await keyEncryptionKeyOf(env, logger).catch(refuseToStart);
  const keys = await ensureSigningKeys(db, {
    keyEncryptionKey,
    onSealedInPlace: (kids) => logger.warn({ event: 'signing_keys.sealed_in_place', kids, kekId: keyEncryptionKey.id }, 'private signing keys stored in plaintext were encrypted in place under the key-encryption key'),
  }).catch(refuseToStart);
  return {
    keys,
    keyEncryptionKey,
    reloadKeys: () => readSigningKeys(db, { keyEncryptionKey }),
    refresh: (tokens) =>
      void refreshSigningKeys({
        tokens,
        intervalMs: env.PONTE_KEY_REFRESH_SECONDS * 1000,
        onError: (err) => logger.warn({ err }, 'reading the signing keys again failed; the keys held stay in use'),
      }),
  };
}

/** A key-encryption key problem is the operator's to fix: one line, naming the setting, exit 1. Anything else is thrown on. */
function refuseToStart(error: unknown): never {
  if (!(error instanceof KeyEncryptionKeyError)) throw error;
  process.stderr.write(`ponte: refusing to start: ${error.message}\n`);
  process.exit(1);
}
