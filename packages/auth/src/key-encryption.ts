import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from 'jose';

/** The settings an operator gives the key-encryption key in; errors name them, never the key. */
export const KEY_ENCRYPTION_KEY_SETTING = 'PONTE_KEY_ENCRYPTION_KEY';
export const KEY_ENCRYPTION_KEY_FILE_SETTING = 'PONTE_KEY_ENCRYPTION_KEY_FILE';
/** The file the embedded default keeps its generated key-encryption key in, inside its data folder. */
export const EMBEDDED_KEY_ENCRYPTION_KEY_FILE = 'key-encryption-key';

/** Why the hub cannot use its key-encryption key: a one-line message for the operator, naming the setting. */
export class KeyEncryptionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyEncryptionKeyError';
  }
}

/** A private signing key as it is stored: AES-256-GCM ciphertext, its nonce and tag, and which key-encryption key sealed it. */
export interface SealedPrivateKey {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  kekId: string;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
/** Base64 or base64url, padded or not: what `openssl rand -base64 32` prints, or its URL-safe form. */
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The key-encryption key (KEK) the hub's private signing keys are sealed under at rest, so a
 * copy of the database alone cannot sign as the hub. The key's bytes stay in a private field:
 * neither logging nor serialising this object shows them.
 */
export class KeyEncryptionKey {
  /**
   * A short fingerprint stored beside each sealed key: a wrong KEK is recognised, and named, before
   * any decryption is tried. Sixteen hex digits of a hash tell nothing useful about 256 random bits.
   */
  readonly id: string;
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
    this.id = createHash('sha256').update('ponte key-encryption key id\n').update(key).digest('hex').slice(0, 16);
  }

  /** A fresh random key, and its text as an operator would store it (base64). */
  static generate(): { key: KeyEncryptionKey; text: string } {
    const bytes = randomBytes(KEY_BYTES);
    return { key: new KeyEncryptionKey(bytes), text: bytes.toString('base64') };
  }

  /** Reads a key given as base64 or base64url text of 32 bytes; `source` names where it came from, for the error. */
  static parse(text: string, source: string): KeyEncryptionKey {
    const trimmed = text.trim();
    if (!BASE64.test(trimmed)) throw new KeyEncryptionKeyError(`${source} is not base64 or base64url text: generate a key with \`openssl rand -base64 32\``);
    const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length !== KEY_BYTES) throw new KeyEncryptionKeyError(`${source} must hold 32 bytes (it holds ${bytes.length}): generate a key with \`openssl rand -base64 32\``);
    return new KeyEncryptionKey(bytes);
  }

  /**
   * Seals a private JWK. The key id is the additional authenticated data: a sealed key copied onto
   * another key's row does not open.
   */
  seal(kid: string, privateJwk: JWK): SealedPrivateKey {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(additionalData(kid));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(privateJwk), 'utf8'), cipher.final()]);
    return { ciphertext, iv, tag: cipher.getAuthTag(), kekId: this.id };
  }

  /** Opens a sealed key, or says in one line why this KEK cannot (another KEK sealed it, or it was altered). */
  open(kid: string, sealed: SealedPrivateKey): JWK {
    if (sealed.kekId !== this.id)
      throw new KeyEncryptionKeyError(
        `signing key ${kid} is sealed under another key-encryption key (id ${sealed.kekId}; the one configured has id ${this.id}): set ${KEY_ENCRYPTION_KEY_SETTING} or ${KEY_ENCRYPTION_KEY_FILE_SETTING} to the key it was sealed with`,
      );
    let plaintext: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, sealed.iv);
      decipher.setAAD(additionalData(kid));
      decipher.setAuthTag(sealed.tag);
      plaintext = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyEncryptionKeyError(`signing key ${kid} does not open with the key-encryption key in ${KEY_ENCRYPTION_KEY_SETTING}: the stored key was altered, or belongs to another key id`);
    }
    return JSON.parse(plaintext) as JWK;
  }

  /**
   * A key of its own for `purpose` (HKDF-SHA256 from this one), the same in every process that holds
   * this key-encryption key: for keying what the hubs of a deployment must agree on, such as the
   * hashes of rate-limit keys, without using the key-encryption key itself.
   */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `ponte ${purpose}`, KEY_BYTES));
  }

  /**
   * Seals a short secret of an account (a TOTP secret) as one string, bound to `context` (what it
   * is and whose): a sealed secret copied onto another account does not open.
   */
  sealSecret(context: string, secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(secretData(context));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [SEALED_SECRET, this.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /** Opens what {@link sealSecret} sealed for the same context; throws if another key sealed it or it was altered. */
  openSecret(context: string, sealed: string): string {
    const [version, kekId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== SEALED_SECRET || !iv || !tag || !ciphertext) throw new KeyEncryptionKeyError('a stored account secret is not sealed: it was written by something other than the hub');
    if (kekId !== this.id) throw new KeyEncryptionKeyError(`a stored account secret is sealed under another key-encryption key (id ${kekId}; the one configured has id ${this.id})`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(secretData(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyEncryptionKeyError('a stored account secret does not open with the key-encryption key: it was altered, or belongs to another account');
    }
  }

  /** Never the key itself, should the object reach a log line or a JSON body. */
  toJSON(): { id: string } {
    return { id: this.id };
  }
}

const additionalData = (kid: string) => Buffer.from(`ponte signing key v1\n${kid}`, 'utf8');
const SEALED_SECRET = 'sealed1';
const secretData = (context: string) => Buffer.from(`ponte account secret v1\n${context}`, 'utf8');

/** What seals and opens the secrets of people's accounts: the hub's key-encryption key. */
export type SecretSealer = Pick<KeyEncryptionKey, 'sealSecret' | 'openSecret'>;

export interface KeyEncryptionKeySources {
  /** The key as text (`PONTE_KEY_ENCRYPTION_KEY`). */
  value?: string | undefined;
  /** A file holding it (`PONTE_KEY_ENCRYPTION_KEY_FILE`). */
  file?: string | undefined;
  /**
   * The embedded default's data folder: with neither setting, a key is generated there on first
   * start (mode 0600) and read back after. Absent on PostgreSQL, where a key must be configured.
   * `memory://` keeps a key for this process only, as the database itself is.
   */
  embeddedDataDir?: string | undefined;
}

export type KeyEncryptionKeySource = 'setting' | 'file' | 'embedded_file' | 'embedded_file_created' | 'memory';

/** The KEK the operator configured, or the embedded default's own; refuses, naming the setting, rather than go without one. */
export async function resolveKeyEncryptionKey(sources: KeyEncryptionKeySources): Promise<{ key: KeyEncryptionKey; source: KeyEncryptionKeySource; path?: string }> {
  if (sources.value !== undefined && sources.file !== undefined)
    throw new KeyEncryptionKeyError(`set ${KEY_ENCRYPTION_KEY_SETTING} or ${KEY_ENCRYPTION_KEY_FILE_SETTING}, not both`);
  if (sources.value !== undefined) return { key: KeyEncryptionKey.parse(sources.value, KEY_ENCRYPTION_KEY_SETTING), source: 'setting' };
  if (sources.file !== undefined) return { key: KeyEncryptionKey.parse(await readKeyFile(sources.file, KEY_ENCRYPTION_KEY_FILE_SETTING), KEY_ENCRYPTION_KEY_FILE_SETTING), source: 'file', path: sources.file };
  if (sources.embeddedDataDir === undefined)
    throw new KeyEncryptionKeyError(
      `${KEY_ENCRYPTION_KEY_SETTING} (or ${KEY_ENCRYPTION_KEY_FILE_SETTING}) is required on PostgreSQL: the hub's private signing keys are stored encrypted under it; generate one with \`openssl rand -base64 32\``,
    );
  if (sources.embeddedDataDir.startsWith('memory://')) return { key: KeyEncryptionKey.generate().key, source: 'memory' };
  return embeddedKey(join(sources.embeddedDataDir, EMBEDDED_KEY_ENCRYPTION_KEY_FILE));
}

/** The embedded default's key file: read if there, else created with only the owner able to read it. */
async function embeddedKey(path: string): Promise<{ key: KeyEncryptionKey; source: KeyEncryptionKeySource; path: string }> {
  const source = `the embedded key-encryption key file ${path} (set ${KEY_ENCRYPTION_KEY_FILE_SETTING} to use another)`;
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new KeyEncryptionKeyError(`${source} cannot be read: ${error.code ?? error.message}`);
  });
  if (existing !== undefined) return { key: KeyEncryptionKey.parse(existing, source), source: 'embedded_file', path };
  await mkdir(join(path, '..'), { recursive: true });
  const { key, text } = KeyEncryptionKey.generate();
  try {
    // `wx`: of two processes starting together, one writes and the other reads what it wrote.
    await writeFile(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return embeddedKey(path);
    throw new KeyEncryptionKeyError(`${source} cannot be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { key, source: 'embedded_file_created', path };
}

async function readKeyFile(path: string, setting: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new KeyEncryptionKeyError(`${setting} names ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
