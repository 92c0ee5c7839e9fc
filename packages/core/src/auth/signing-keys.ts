import { generateSigningKey, type KeyEncryptionKey, type SigningKeyMaterial, type TokenService } from '@ponte/auth';
import { insertSigningKey, listSigningKeys, lockSigningKeys, sealSigningKeyInPlace, withoutTenant, type Database, type ScopedTx, type SigningKeyRow } from '@ponte/db';
import type { Kysely } from 'kysely';

type Jwk = SigningKeyMaterial['publicJwk'];

/**
 * Where a key is in its life, at a moment:
 * - `pending`: published in the JWKS, not signing yet (its pre-publication period runs);
 * - `signing`: the key whose time came last; everything new is signed with it;
 * - `verification_only`: a key a later one replaced; it stays published, so what it signed
 *   (receipts, tree heads, checkpoints, webhooks) still verifies, and it signs nothing more.
 */
export type SigningKeyState = 'pending' | 'signing' | 'verification_only';

export interface SigningKeyOptions {
  keyEncryptionKey: KeyEncryptionKey;
  /** The moment keys are judged at (default: now). */
  now?: Date;
}

/**
 * The hub's signing keys. On first start a key pair is generated and kept in the database, its
 * private half sealed under the key-encryption key, so every hub process and restart signs with
 * the same key and a copy of the database alone cannot sign. A key written in plaintext before
 * keys were sealed is sealed in place here (`onSealedInPlace` names it). Under a lock, so two
 * processes starting together make one key. Throws `KeyEncryptionKeyError` when the key given
 * cannot open the stored ones: the hub never signs with, or writes, a key it could not seal.
 */
export async function ensureSigningKeys(db: Kysely<Database>, options: SigningKeyOptions & { onSealedInPlace?: (kids: string[]) => void }): Promise<SigningKeyMaterial[]> {
  const now = options.now ?? new Date();
  const { rows, sealed } = await withoutTenant(db, 'system', async (tx) => {
    await lockSigningKeys(tx);
    if ((await listSigningKeys(tx)).length === 0) await insertNewKey(tx, options.keyEncryptionKey, now);
    const sealed = await sealPlaintextKeys(tx, options.keyEncryptionKey);
    return { rows: await listSigningKeys(tx), sealed };
  });
  const keys = materialsOf(rows, options.keyEncryptionKey, now);
  if (sealed.length > 0) options.onSealedInPlace?.(sealed);
  return keys;
}

/**
 * The hub's signing keys, for a process that signs with them but never makes one (the worker, on a
 * login that may only read them): waits, up to `waitMs`, for the hub to have made the first and
 * sealed any stored in plaintext (only the hub may write them).
 */
export async function loadSigningKeys(db: Kysely<Database>, options: SigningKeyOptions & { waitMs?: number }): Promise<SigningKeyMaterial[]> {
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  for (;;) {
    const rows = await withoutTenant(db, 'signer', (tx) => listSigningKeys(tx));
    if (rows.length > 0 && rows.every(isSealed)) return materialsOf(rows, options.keyEncryptionKey, options.now ?? new Date());
    if (Date.now() > deadline)
      throw new Error(rows.length === 0 ? 'no signing key yet: start the hub once first, it makes the key' : 'the signing keys are not sealed yet: start the hub once with the key-encryption key, it seals them');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The published keys as they are now, read again (a rotation another process made): what `TokenService`'s `reloadKeys` calls. */
export async function readSigningKeys(db: Kysely<Database>, options: SigningKeyOptions): Promise<SigningKeyMaterial[]> {
  const rows = await withoutTenant(db, 'signer', (tx) => listSigningKeys(tx));
  return materialsOf(rows, options.keyEncryptionKey, options.now ?? new Date());
}

/** The published keys without any private half: for a process that only verifies (`ponte audit verify`), needing no key-encryption key. */
export async function readPublishedSigningKeys(db: Kysely<Database>): Promise<SigningKeyMaterial[]> {
  const rows = await withoutTenant(db, 'signer', (tx) => listSigningKeys(tx));
  return rows.map((row) => ({ kid: row.kid, publicJwk: row.public_jwk as Jwk, signsFrom: row.signs_from }));
}

/**
 * Reads the keys again every `intervalMs` (default a minute), so a rotated key is published by every
 * process long before it signs, with no restart. The switch itself needs no read: each process
 * already holds the pending key and starts signing with it when its time comes. One small select
 * a minute per process is the whole cost.
 */
export function refreshSigningKeys(options: { tokens: TokenService; intervalMs?: number; onError: (error: unknown) => void }): { stop(): void } {
  const timer = setInterval(() => options.tokens.refreshKeys().catch(options.onError), options.intervalMs ?? 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Why a rotation was refused: nothing was changed. */
export class SigningKeyRotationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyRotationRefused';
  }
}

/**
 * Makes the next signing key: published at once, signing from `prepublishHours` on; the key it
 * replaces then becomes verification-only. Refused while another key is still pending (one change
 * at a time, so verifiers never have to guess which key comes next), and when the key-encryption
 * key given cannot open the current key (a new key sealed under another KEK would split the set).
 */
export async function rotateSigningKey(
  db: Kysely<Database>,
  options: SigningKeyOptions & { prepublishHours: number },
): Promise<{ kid: string; publicJwk: Jwk; signsFrom: Date; replaces: string }> {
  if (!Number.isFinite(options.prepublishHours) || options.prepublishHours < 0) throw new SigningKeyRotationRefused('the pre-publication period is a number of hours, 0 or more');
  const now = options.now ?? new Date();
  return withoutTenant(db, 'system', async (tx) => {
    await lockSigningKeys(tx);
    const rows = await listSigningKeys(tx);
    const pending = rows.find((row) => stateOf(row, rows, now) === 'pending');
    if (pending) throw new SigningKeyRotationRefused(`key ${pending.kid} is still pending (it signs from ${pending.signs_from.toISOString()}): rotate again once it signs`);
    const current = rows.find((row) => stateOf(row, rows, now) === 'signing');
    if (!current) throw new SigningKeyRotationRefused('there is no signing key yet: start the hub once, it makes the first');
    await sealPlaintextKeys(tx, options.keyEncryptionKey);
    // Opening the current key proves the KEK is the one the keys are sealed under.
    if (isSealed(current)) options.keyEncryptionKey.open(current.kid, sealedOf(current));
    const signsFrom = new Date(now.getTime() + options.prepublishHours * 3_600_000);
    const key = await insertNewKey(tx, options.keyEncryptionKey, signsFrom);
    return { kid: key.kid, publicJwk: key.publicJwk, signsFrom, replaces: current.kid };
  });
}

/** Every published key's id, state, creation and signing time: no key material, no key-encryption key needed. */
export async function listSigningKeyStates(db: Kysely<Database>, now = new Date()): Promise<Array<{ kid: string; state: SigningKeyState; createdAt: Date; signsFrom: Date }>> {
  const rows = await withoutTenant(db, 'signer', (tx) => listSigningKeys(tx));
  return rows.map((row) => ({ kid: row.kid, state: stateOf(row, rows, now), createdAt: row.created_at, signsFrom: row.signs_from }));
}

async function insertNewKey(tx: ScopedTx, keyEncryptionKey: KeyEncryptionKey, signsFrom: Date): Promise<{ kid: string; publicJwk: Jwk }> {
  const key = await generateSigningKey();
  await insertSigningKey(tx, { kid: key.kid, publicJwk: key.publicJwk, sealed: keyEncryptionKey.seal(key.kid, key.privateJwk), signsFrom });
  return { kid: key.kid, publicJwk: key.publicJwk };
}

/** Seals, in place, the private keys stored in plaintext before keys were sealed; the ids of those sealed. */
async function sealPlaintextKeys(tx: ScopedTx, keyEncryptionKey: KeyEncryptionKey): Promise<string[]> {
  const sealed: string[] = [];
  for (const row of await listSigningKeys(tx)) {
    if (!row.private_jwk) continue;
    if (await sealSigningKeyInPlace(tx, row.kid, keyEncryptionKey.seal(row.kid, row.private_jwk as Jwk))) sealed.push(row.kid);
  }
  return sealed;
}

/**
 * The state of `row` among `rows` at `now`: a key whose time has not come is pending; of the rest,
 * the one whose time came last signs (the one made last, among equals; the list comes in that order).
 */
function stateOf(row: SigningKeyRow, rows: SigningKeyRow[], now: Date): SigningKeyState {
  if (row.signs_from.getTime() > now.getTime()) return 'pending';
  return rows.find((r) => r.signs_from.getTime() <= now.getTime()) === row ? 'signing' : 'verification_only';
}

const isSealed = (row: SigningKeyRow) => row.private_jwk === null && row.private_key_ciphertext !== null && row.private_key_iv !== null && row.private_key_tag !== null && row.kek_id !== null;
const sealedOf = (row: SigningKeyRow) => ({ ciphertext: row.private_key_ciphertext!, iv: row.private_key_iv!, tag: row.private_key_tag!, kekId: row.kek_id! });

/**
 * The keys as a process uses them: every one published; the private half opened only for the keys
 * that sign now or will (pending), never for a verification-only one. Every key is sealed by now:
 * a plaintext one is never used.
 */
function materialsOf(rows: SigningKeyRow[], keyEncryptionKey: KeyEncryptionKey, now: Date): SigningKeyMaterial[] {
  return rows.map((row) => {
    const material: SigningKeyMaterial = { kid: row.kid, publicJwk: row.public_jwk as Jwk, signsFrom: row.signs_from };
    if (stateOf(row, rows, now) === 'verification_only') return material;
    if (!isSealed(row)) throw new Error(`signing key ${row.kid} is not sealed: only the hub seals it, on its next start`);
    return { ...material, privateJwk: keyEncryptionKey.open(row.kid, sealedOf(row)) };
  });
}
