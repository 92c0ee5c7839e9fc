import { randomBytes, verify } from 'node:crypto';
import { generateSigningKey, KeyEncryptionKey, KeyEncryptionKeyError, TokenService } from '@ponte/auth';
import { ensureSigningKeys, listSigningKeyStates, loadSigningKeys, readSigningKeys, rotateSigningKey, SigningKeyRotationRefused } from '@ponte/core';
import { createPglite, migrations, migrateToLatest, openStorage, withoutTenant, type Storage } from '@ponte/db';
import { Migrator, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { BOTH_ENGINES, type TestDatabase } from '../support/database';
import { TEST_SIGNING_KEY_OPTIONS, testKeyEncryptionKey } from '../support/key-encryption';
import { withDatabase } from '../support/targets';

/**
 * The signing keys at rest and through a rotation, on both engines: the database holds no usable
 * private key, a key-encryption key that is not the one refuses (and changes nothing), keys stored in
 * plaintext before are sealed in place, and rotation follows its rules whatever process asks.
 */

const HOUR = 3_600_000;
const otherKek = () => KeyEncryptionKey.generate().key;
const rowsOf = async (db: Kysely<any>) => (await sql<Record<string, unknown>>`select * from signing_keys order by created_at, kid`.execute(db)).rows;

describe.each(BOTH_ENGINES)('signing keys at rest, on %s', (_engine, open) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database?.close());

  it('stores no usable private key: no JWK `d`, in any column, and nothing that opens without the key-encryption key', async () => {
    const keys = await ensureSigningKeys(database.db, TEST_SIGNING_KEY_OPTIONS);
    const signing = keys.find((k) => k.privateJwk)!;
    const d = String(signing.privateJwk!.d);
    const [row] = await rowsOf(database.db);
    expect(row!.private_jwk).toBeNull();
    const stored = JSON.stringify(row, (_key, value) => (value?.type === 'Buffer' ? Buffer.from(value.data).toString('hex') : value));
    expect(stored).not.toContain(d);
    expect(stored).not.toContain('"d"');
    expect((row!.private_key_ciphertext as Buffer).includes(Buffer.from(d, 'base64url'))).toBe(false);
    expect(row!.kek_id).toBe(testKeyEncryptionKey.id);
    // What a dump holds is not a key: another key-encryption key does not open it, not even by force.
    const sealed = { ciphertext: row!.private_key_ciphertext as Buffer, iv: row!.private_key_iv as Buffer, tag: row!.private_key_tag as Buffer };
    expect(() => otherKek().open(signing.kid, { ...sealed, kekId: row!.kek_id as string })).toThrow(KeyEncryptionKeyError);
    const forced = otherKek();
    expect(() => forced.open(signing.kid, { ...sealed, kekId: forced.id })).toThrow(/does not open/);
    expect(testKeyEncryptionKey.open(signing.kid, { ...sealed, kekId: row!.kek_id as string })).toEqual(signing.privateJwk);
  });

  it('refuses another key-encryption key, naming the setting, and writes nothing', async () => {
    const before = await rowsOf(database.db);
    await expect(ensureSigningKeys(database.db, { keyEncryptionKey: otherKek() })).rejects.toThrow(/PONTE_KEY_ENCRYPTION_KEY/);
    await expect(readSigningKeys(database.db, { keyEncryptionKey: otherKek() })).rejects.toThrow(KeyEncryptionKeyError);
    await expect(rotateSigningKey(database.db, { keyEncryptionKey: otherKek(), prepublishHours: 0 })).rejects.toThrow(KeyEncryptionKeyError);
    expect(await rowsOf(database.db)).toEqual(before);
  });

  it('does not open a sealed key moved onto another key’s row (the kid is authenticated)', async () => {
    await rotateSigningKey(database.db, { ...TEST_SIGNING_KEY_OPTIONS, prepublishHours: 0 });
    const [first, second] = await rowsOf(database.db);
    const sealedOf = (row: Record<string, unknown>) => ({ ciphertext: row.private_key_ciphertext as Buffer, iv: row.private_key_iv as Buffer, tag: row.private_key_tag as Buffer, kekId: row.kek_id as string });
    expect(() => testKeyEncryptionKey.open(second!.kid as string, sealedOf(first!))).toThrow(KeyEncryptionKeyError);
    await sql`update signing_keys set private_key_ciphertext = ${first!.private_key_ciphertext}, private_key_iv = ${first!.private_key_iv}, private_key_tag = ${first!.private_key_tag} where kid = ${second!.kid}`.execute(database.db);
    await expect(readSigningKeys(database.db, TEST_SIGNING_KEY_OPTIONS)).rejects.toThrow(KeyEncryptionKeyError);
    await sql`update signing_keys set private_key_ciphertext = ${second!.private_key_ciphertext}, private_key_iv = ${second!.private_key_iv}, private_key_tag = ${second!.private_key_tag} where kid = ${second!.kid}`.execute(database.db);
    expect((await readSigningKeys(database.db, TEST_SIGNING_KEY_OPTIONS)).map((k) => k.kid)).toEqual([second!.kid, first!.kid]);
  });

  it('refuses a plaintext private key written now, even by the hub’s own role, and lets no role delete a key', async () => {
    const key = await generateSigningKey();
    const plaintext = withoutTenant(database.db, 'system', (tx) =>
      sql`insert into signing_keys (kid, alg, public_jwk, private_jwk) values (${key.kid}, 'EdDSA', ${JSON.stringify(key.publicJwk)}, ${JSON.stringify(key.privateJwk)})`.execute(tx),
    );
    await expect(plaintext).rejects.toThrow(/signing_keys_private_key_sealed/);
    await expect(withoutTenant(database.db, 'system', (tx) => sql`delete from signing_keys`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(withoutTenant(database.db, 'signer', (tx) => sql`update signing_keys set signs_from = now()`.execute(tx))).rejects.toThrow(/permission denied/);
  });
});

describe.each(BOTH_ENGINES)('rotation, on %s', (_engine, open) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
    await ensureSigningKeys(database.db, TEST_SIGNING_KEY_OPTIONS);
  });
  afterAll(() => database?.close());

  it('publishes the next key at once, signs with it from its time, and keeps the old one for verifying; every process agrees by the clock', async () => {
    const [original] = await listSigningKeyStates(database.db);
    const reload = () => readSigningKeys(database.db, TEST_SIGNING_KEY_OPTIONS);
    // Two processes started before the rotation, each reading the keys again as the hub does.
    const services = await Promise.all([0, 1].map(async () => new TokenService({ issuer: 'http://ponte.test', audience: 'ponte-api', ttlSeconds: 900, keys: await reload(), reloadKeys: reload })));
    const rotated = await rotateSigningKey(database.db, { ...TEST_SIGNING_KEY_OPTIONS, prepublishHours: 2 });
    expect(rotated.replaces).toBe(original!.kid);
    for (const service of services) await service.refreshKeys();

    const at = (ms: number) => new Date(rotated.signsFrom.getTime() + ms);
    for (const service of services) {
      expect(service.jwks().keys.map((k) => k.kid)).toEqual([rotated.kid, original!.kid]);
      expect(service.signer(at(-1)).kid).toBe(original!.kid);
      expect(service.signer(at(0)).kid).toBe(rotated.kid);
    }
    expect((await listSigningKeyStates(database.db, at(-1))).map((k) => k.state)).toEqual(['pending', 'signing']);
    expect((await listSigningKeyStates(database.db, at(0))).map((k) => k.state)).toEqual(['signing', 'verification_only']);
    // A process that has not read the keys since meets a signature by the new key: it reads them once, and verifies.
    const late = new TokenService({ issuer: 'http://ponte.test', audience: 'ponte-api', ttlSeconds: 900, keys: (await reload()).filter((k) => k.kid !== rotated.kid), reloadKeys: reload });
    const document = await services[0]!.sign({ n: 1 }, 'test+jwt', at(1000));
    await expect(late.verifySigned(document, 'test+jwt')).resolves.toMatchObject({ n: 1 });
    const raw = services[1]!.signer(at(1000));
    expect(verify(null, Buffer.from('x'), { key: { kty: 'OKP', crv: 'Ed25519', x: raw.publicKey.toString('base64url') }, format: 'jwk' }, raw.sign(Buffer.from('x')))).toBe(true);
  });

  it('refuses to rotate while a key is pending, and changes nothing', async () => {
    const before = await rowsOf(database.db);
    await expect(rotateSigningKey(database.db, { ...TEST_SIGNING_KEY_OPTIONS, prepublishHours: 0 })).rejects.toThrow(SigningKeyRotationRefused);
    expect(await rowsOf(database.db)).toEqual(before);
  });

  it('holds no private key of a verification-only key in a process', async () => {
    const later = new Date(Date.now() + 3 * HOUR);
    const keys = await readSigningKeys(database.db, { ...TEST_SIGNING_KEY_OPTIONS, now: later });
    expect(keys.map((k) => [k.privateJwk !== undefined, k.signsFrom! <= later])).toEqual([
      [true, true],
      [false, true],
    ]);
  });

  it('refuses a pre-publication period that is not a number of hours, 0 or more', async () => {
    await expect(rotateSigningKey(database.db, { ...TEST_SIGNING_KEY_OPTIONS, prepublishHours: -1 })).rejects.toThrow(SigningKeyRotationRefused);
    await expect(rotateSigningKey(database.db, { ...TEST_SIGNING_KEY_OPTIONS, prepublishHours: Number.NaN })).rejects.toThrow(SigningKeyRotationRefused);
  });
});

/** A database migrated up to the migration before the signing-key lifecycle: the state of an existing deployment. */
async function databaseBeforeSealing(kind: 'postgres' | 'pglite'): Promise<Storage & { drop: () => Promise<void> }> {
  const names = Object.keys(migrations);
  const previous = names[names.indexOf('20261205000200-signing-key-lifecycle') - 1]!;
  const target = inject('database');
  let storage: Storage;
  let drop = async () => {};
  if (kind === 'postgres' && target.kind === 'postgres') {
    const name = `ponte_keys_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: target.adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    storage = await openStorage({ databaseUrl: withDatabase(target.adminUrl, name), poolSize: 2 });
    drop = async () => {
      const client = new pg.Client({ connectionString: target.adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  } else {
    storage = await openStorage({ pglite: await createPglite() });
  }
  const { error } = await new Migrator({ db: storage.db, provider: { getMigrations: async () => migrations } }).migrateTo(previous);
  if (error) throw error;
  return Object.assign(storage, { drop });
}

describe.each([['the run database (PostgreSQL when a server is found)', 'postgres'] as const, ['embedded PGlite', 'pglite'] as const])(
  'a deployment whose keys were stored in plaintext, on %s',
  (_engine, kind) => {
    let storage: Storage & { drop: () => Promise<void> };
    afterAll(async () => {
      await storage?.close();
      await storage?.drop();
    });

    it('has them sealed in place on the first start with a key-encryption key, the same keys, and the worker never uses them in plaintext', async () => {
      storage = await databaseBeforeSealing(kind);
      const legacy = await generateSigningKey();
      await sql`insert into signing_keys (kid, alg, public_jwk, private_jwk) values (${legacy.kid}, 'EdDSA', ${JSON.stringify(legacy.publicJwk)}, ${JSON.stringify(legacy.privateJwk)})`.execute(storage.db);
      await migrateToLatest(storage.db);
      expect((await rowsOf(storage.db))[0]!.private_jwk).toEqual(legacy.privateJwk);

      // Until the hub seals them, a process that may only read keys waits: it never signs from plaintext.
      await expect(loadSigningKeys(storage.db, { ...TEST_SIGNING_KEY_OPTIONS, waitMs: 0 })).rejects.toThrow(/not sealed yet/);
      await expect(readSigningKeys(storage.db, TEST_SIGNING_KEY_OPTIONS)).rejects.toThrow(/not sealed/);

      const sealedInPlace: string[][] = [];
      const keys = await ensureSigningKeys(storage.db, { ...TEST_SIGNING_KEY_OPTIONS, onSealedInPlace: (kids) => sealedInPlace.push(kids) });
      expect(sealedInPlace).toEqual([[legacy.kid]]);
      expect(keys.map((k) => k.kid)).toEqual([legacy.kid]);
      expect(keys[0]!.privateJwk).toEqual(legacy.privateJwk);
      const [row] = await rowsOf(storage.db);
      expect(row).toMatchObject({ kid: legacy.kid, private_jwk: null, kek_id: testKeyEncryptionKey.id });
      expect(JSON.stringify(row)).not.toContain(String(legacy.privateJwk.d));

      // Once sealed, the next start seals nothing and the worker loads them.
      await ensureSigningKeys(storage.db, { ...TEST_SIGNING_KEY_OPTIONS, onSealedInPlace: (kids) => sealedInPlace.push(kids) });
      expect(sealedInPlace).toHaveLength(1);
      expect((await loadSigningKeys(storage.db, { ...TEST_SIGNING_KEY_OPTIONS, waitMs: 0 })).map((k) => k.kid)).toEqual([legacy.kid]);
    });
  },
);
