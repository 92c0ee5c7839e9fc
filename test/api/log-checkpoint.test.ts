import { createHash, createPublicKey, verify } from 'node:crypto';
import { sealLog } from '@ponte/audit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, ISSUER, type TestHub } from '../support/hub';

/*
 * The hub's checkpoint and tiles, read by an implementation written here from the C2SP texts alone
 * (`signed-note`, `tlog-checkpoint`, `tlog-tiles`) and RFC 9162, sharing nothing with packages/audit: the note's
 * key id is the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), as Go's `sumdb/note`
 * computes it; the signature is Ed25519 over the note's text; the checkpoint's root is the Merkle
 * tree head an inclusion proof leads to.
 */

const sha256 = (...parts: Uint8Array[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

interface Verifier {
  name: string;
  keyId: Buffer;
  publicKey: Buffer;
}

/** `<name>+<hex key id>+<base64(type ‖ key)>` (the base64 may hold `+` too); the key id must be the one the key and name give. */
function parseVerifierKey(vkey: string): Verifier {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey);
  if (!match) throw new Error('malformed verifier key');
  const [, name, hash, encoded] = match as unknown as [string, string, string, string];
  const key = Buffer.from(encoded, 'base64');
  if (key[0] !== 0x01 || key.length !== 33) throw new Error('not an Ed25519 key');
  const keyId = sha256(Buffer.from(name, 'utf8'), Buffer.from([0x0a]), key).subarray(0, 4);
  if (keyId.toString('hex') !== hash) throw new Error('key id does not match the key');
  return { name, keyId, publicKey: key.subarray(1) };
}

/** A signed note: the text (up to and including the newline before the blank line) and the lines after it, each `— name base64`. */
function openNote(note: string, verifier: Verifier): string {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('malformed note');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: verifier.publicKey.toString('base64url') }, format: 'jwk' });
  for (const line of lines) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!match) throw new Error(`malformed signature line: ${line}`);
    const signature = Buffer.from(match[2]!, 'base64');
    if (match[1] !== verifier.name || !signature.subarray(0, 4).equals(verifier.keyId)) continue;
    if (verify(null, Buffer.from(text, 'utf8'), publicKey, signature.subarray(4))) return text;
    throw new Error('the signature does not verify');
  }
  throw new Error('no signature by this key');
}

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to from a leaf, or null if the proof cannot fit the tree. */
function rootFromInclusionProof(index: number, size: number, leaf: Buffer, path: Buffer[]): Buffer | null {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(Buffer.from([0x01]), p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = sha256(Buffer.from([0x01]), r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** MTH(D[n]) of RFC 9162 §2.1.1 over leaf hashes. */
function treeHash(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(Buffer.from([0x01]), treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1. */
function auditPath(m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length === 1) return [];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m < k ? [...auditPath(m, leaves.slice(0, k)), treeHash(leaves.slice(k))] : [...auditPath(m - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
}

/** A tile's path as `tlog-tiles` spells it: N as three-digit groups, every group but the last prefixed with x; `.p/W` for a partial tile. */
function tileName(level: number, n: number, width: number): string {
  const groups: string[] = [];
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return `${level}/${groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/')}${width === 256 ? '' : `.p/${width}`}`;
}

let hub: TestHub;
let officer: string;

beforeAll(async () => {
  hub = await createTestHub();
  officer = await hub.tokenFor('iom', 'privacy');
  // Some reads to log, then a seal, then more, then another seal: the checkpoint is the latest head.
  const caseworker = await hub.tokenFor('iom', 'caseworker');
  for (let i = 0; i < 3; i++) await hub.call('GET', '/v1/subjects', { token: caseworker });
  await sealLog({ db: hub.database.db, tokens: hub.tokens });
  for (let i = 0; i < 4; i++) await hub.call('GET', '/v1/referrals?box=outbox', { token: caseworker });
  await sealLog({ db: hub.database.db, tokens: hub.tokens });
  // Past one full tile of leaves, so level 1 has a hash and level 0 a partial tile.
  const agency = (await sql<{ id: string }>`select id from agencies where slug = 'iom'`.execute(hub.database.db)).rows[0]!.id;
  await sql`insert into access_events (agency_id, occurred_at, actor_kind, actor_id, resource, action, decision, rule, request_id)
    select ${agency}, now(), 'user', gen_random_uuid(), 'Subject', 'read', 'allow', 'test.generated', 'req-' || n from generate_series(1, 530) n`.execute(hub.database.db);
  await sealLog({ db: hub.database.db, tokens: hub.tokens, batchSize: 200 });
});

/** The checkpoint's size and root, read and verified. */
async function checkpoint(): Promise<{ size: number; root: Buffer }> {
  const res = await hub.call('GET', '/v1/log/checkpoint', { token: officer });
  const [, size, root] = openNote(await res.text(), parseVerifierKey(res.headers.get('ponte-checkpoint-key')!)).split('\n');
  return { size: Number(size), root: Buffer.from(root!, 'base64') };
}

async function tile(path: string): Promise<Response> {
  return hub.call('GET', `/v1/log/tile/${path}`, { token: officer });
}
afterAll(() => hub?.close());

describe('the access log as a C2SP checkpoint', () => {
  it('reads Go’s own example note with this independent reader (so the reader is the one Go’s sumdb/note is)', () => {
    const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    const note = `${text}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
    const verifier = parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    expect(openNote(note, verifier)).toBe(text);
    expect(() => openNote(note.replace('cryptography', 'cryptographY'), verifier)).toThrow('the signature does not verify');
  });

  it('is a signed note that an independent reader verifies with the key the hub names, and agrees with the JWS head', async () => {
    const res = await hub.call('GET', '/v1/log/checkpoint', { token: officer });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const note = await res.text();
    const verifier = parseVerifierKey(res.headers.get('ponte-checkpoint-key')!);
    const origin = ISSUER.replace(/^https?:\/\//, '');
    expect(verifier.name).toBe(origin);
    // The key is the hub's signing key, the one its JWKS publishes.
    const jwks = (await (await hub.call('GET', '/.well-known/jwks.json')).json()) as { keys: Array<{ x: string }> };
    expect(jwks.keys.map((k) => k.x)).toContain(verifier.publicKey.toString('base64url'));

    const [originLine, sizeLine, rootLine, ...extensions] = openNote(note, verifier).slice(0, -1).split('\n');
    expect(originLine).toBe(origin);
    expect(extensions).toEqual([]);
    expect(sizeLine).toMatch(/^[1-9][0-9]*$/);
    const heads = (await (await hub.call('GET', '/v1/log/heads?limit=1000', { token: officer })).json()) as { items: Array<{ signedHead: string }> };
    const latest = JSON.parse(Buffer.from(heads.items.at(-1)!.signedHead.split('.')[1]!, 'base64url').toString('utf8')) as { treeSize: number; rootHash: string };
    expect(Number(sizeLine)).toBe(latest.treeSize);
    expect(Buffer.from(rootLine!, 'base64').toString('hex')).toBe(latest.rootHash);
  });

  it('has the root every inclusion proof of an event leads to (RFC 9162)', async () => {
    const res = await hub.call('GET', '/v1/log/checkpoint', { token: officer });
    const verifier = parseVerifierKey(res.headers.get('ponte-checkpoint-key')!);
    const [, size, root] = openNote(await res.text(), verifier).split('\n');
    const events = (await (await hub.call('GET', '/v1/access-events?limit=20', { token: officer })).json()) as { items: Array<{ id: string }> };
    let proved = 0;
    for (const { id } of events.items) {
      const proofRes = await hub.call('GET', `/v1/log/events/${id}/proof`, { token: officer });
      if (proofRes.status === 409) continue; // logged after the last seal (this test's own reads)
      const proof = (await proofRes.json()) as { leafHash: string; logIndex: number; treeSize: number; auditPath: string[] };
      expect(proof.treeSize).toBe(Number(size));
      const reached = rootFromInclusionProof(proof.logIndex, proof.treeSize, Buffer.from(proof.leafHash, 'hex'), proof.auditPath.map((h) => Buffer.from(h, 'hex')));
      expect(reached?.toString('base64')).toBe(root);
      // A proof for another position does not lead there.
      if (proof.treeSize > 1)
        expect(rootFromInclusionProof((proof.logIndex + 1) % proof.treeSize, proof.treeSize, Buffer.from(proof.leafHash, 'hex'), proof.auditPath.map((h) => Buffer.from(h, 'hex')))?.toString('base64')).not.toBe(root);
      proved += 1;
    }
    expect(proved).toBeGreaterThan(3);
  });

  it('does not verify once a byte of its text or signature changes, nor under another name', async () => {
    const res = await hub.call('GET', '/v1/log/checkpoint', { token: officer });
    const note = await res.text();
    const verifier = parseVerifierKey(res.headers.get('ponte-checkpoint-key')!);
    const [origin, size] = note.split('\n');
    expect(() => openNote(note.replace(`${origin}\n${size}\n`, `${origin}\n${Number(size) + 1}\n`), verifier)).toThrow('the signature does not verify');
    const line = note.trimEnd().split('\n').at(-1)!;
    const signature = Buffer.from(line.split(' ')[2]!, 'base64');
    signature[signature.length - 1]! ^= 0x01;
    expect(() => openNote(note.replace(line, `\u2014 ${verifier.name} ${signature.toString('base64')}`), verifier)).toThrow('the signature does not verify');
    expect(() => openNote(note, { ...verifier, name: 'another.example' })).toThrow('no signature by this key');
    expect(() => parseVerifierKey(res.headers.get('ponte-checkpoint-key')!.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow('key id does not match');
  });

  it('its tiles give, read independently, the checkpoint’s root, the upper tiles, and the hub’s inclusion proofs', async () => {
    const { size, root } = await checkpoint();
    expect(size).toBeGreaterThan(512);
    // Level 0: every leaf hash, in full tiles and the right edge's partial tile.
    const leaves: Buffer[] = [];
    for (let n = 0; n * 256 < size; n++) {
      const width = Math.min(256, size - n * 256);
      const res = await tile(tileName(0, n, width));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('cache-control')).toMatch(/immutable/);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.length).toBe(width * 32);
      for (let i = 0; i < width; i++) leaves.push(body.subarray(i * 32, i * 32 + 32));
    }
    expect(treeHash(leaves).equals(root)).toBe(true);
    // Level 1: each hash the root of a full tile of level 0.
    const fullTiles = Math.floor(size / 256);
    const upper = Buffer.from(await (await tile(tileName(1, 0, fullTiles))).arrayBuffer());
    expect(upper.length).toBe(fullTiles * 32);
    for (let i = 0; i < fullTiles; i++) expect(upper.subarray(i * 32, i * 32 + 32).equals(treeHash(leaves.slice(i * 256, i * 256 + 256)))).toBe(true);
    // The hub's proof of an event is the one these leaves give.
    const events = (await (await hub.call('GET', '/v1/access-events?limit=5', { token: officer })).json()) as { items: Array<{ id: string; logIndex: number | null }> };
    const sealed = events.items.find((e) => e.logIndex !== null)!;
    const proof = (await (await hub.call('GET', `/v1/log/events/${sealed.id}/proof`, { token: officer })).json()) as { leafHash: string; logIndex: number; treeSize: number; auditPath: string[] };
    expect(proof.treeSize).toBe(size);
    expect(proof.leafHash).toBe(leaves[proof.logIndex]!.toString('hex'));
    expect(proof.auditPath).toEqual(auditPath(proof.logIndex, leaves).map((h) => h.toString('hex')));
    expect(rootFromInclusionProof(proof.logIndex, size, leaves[proof.logIndex]!, proof.auditPath.map((h) => Buffer.from(h, 'hex')))?.equals(root)).toBe(true);
  });

  it('a tile path outside the tree, malformed, not canonical or for entries names nothing (404)', async () => {
    const { size } = await checkpoint();
    const lastFull = Math.floor(size / 256);
    const edge = size % 256;
    // A narrower partial tile of the edge is the first hashes of the wider one.
    expect((await tile(tileName(0, lastFull, 1))).status).toBe(200);
    for (const path of [
      tileName(0, lastFull, 256), // not full yet
      tileName(0, lastFull, edge + 1), // wider than the tree
      tileName(0, lastFull + 1, 1),
      tileName(2, 0, 1), // a level the tree has not reached
      '0/x000/000',
      '0/0',
      '0/000.p/0',
      '0/000.p/256',
      '64/000',
      'entries/000',
      '0/000.p/01',
      '-1/000',
      // One tile, one name: percent-encoded forms name none.
      '0%2F000.p%2F1',
      '%30/000.p/1',
      '0/000%2Ep/1',
    ]) {
      const res = await tile(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/problem\+json/);
    }
  });

  it('is refused without a token', async () => {
    expect((await hub.call('GET', '/v1/log/tile/0/000')).status).toBe(401);
    const res = await hub.call('GET', '/v1/log/checkpoint');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
