import { createHash, createPublicKey, verify } from 'node:crypto';
import { sealLog } from '@ponte/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, ISSUER, type TestHub } from '../support/hub';

/*
 * The hub's checkpoint, read by an implementation written here from the C2SP texts alone
 * (`signed-note`, `tlog-checkpoint`) and RFC 9162, sharing nothing with packages/audit: the note's
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
});
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

  it('is refused without a token', async () => {
    const res = await hub.call('GET', '/v1/log/checkpoint');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
