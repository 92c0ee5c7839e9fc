import { createHash, createPublicKey, verify } from 'node:crypto';

/**
 * The log's heads as C2SP checkpoints (`tlog-checkpoint`) in signed notes (`signed-note`), so that
 * tools written for transparency logs (Go's `sumdb/note`, the C2SP witnesses) can read and check
 * them beside the JWS heads:
 *
 *   <origin>\n<tree size, decimal>\n<root hash, base64>\n
 *   \n
 *   — <key name> <base64(key id ‖ Ed25519 signature)>\n
 *
 * The key id is the first four bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key), 0x01 naming
 * Ed25519; the signature covers the checkpoint's text, final newline included.
 */

/** The signature types of signed-note keys: an Ed25519 note signature, and a C2SP cosignature/v1. */
export const ED25519 = 0x01;
export const COSIGNATURE_V1 = 0x04;

/** The origin line: the hub's public URL without its scheme (and without a trailing slash). */
export function checkpointOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** The checkpoint's text for a tree of `size` leaves with this root (hex, as the heads store it). */
export function checkpointText(origin: string, size: number, rootHashHex: string): string {
  return `${origin}\n${size}\n${Buffer.from(rootHashHex, 'hex').toString('base64')}\n`;
}

/** A signed note's key id: the first four bytes of SHA-256(name ‖ 0x0A ‖ type ‖ key); type 0x01 for Ed25519, 0x04 for a cosignature/v1 key. */
export function noteKeyId(name: string, publicKey: Uint8Array, type: number = ED25519): Buffer {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([type]), publicKey]))
    .digest()
    .subarray(0, 4);
}

/** The verifier key a note reader is configured with: `<name>+<key id, hex>+<base64(type ‖ key)>`. */
export function noteVerifierKey(name: string, publicKey: Uint8Array, type: number = ED25519): string {
  return `${name}+${noteKeyId(name, publicKey, type).toString('hex')}+${Buffer.concat([Buffer.from([type]), publicKey]).toString('base64')}`;
}

export interface NoteKey {
  name: string;
  type: number;
  keyId: Buffer;
  publicKey: Buffer;
}

/** A key name: printable, no spaces, no plus sign (signed-note). */
const KEY_NAME = /^[\x21-\x2a\x2c-\x7e]{1,200}$/;

/** Reads a verifier key, checking that its key id is the one its name and key give. */
export function parseVerifierKey(vkey: string): NoteKey | { invalid: 'format' | 'type' | 'key_id' } {
  const match = /^([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(vkey);
  if (!match || !KEY_NAME.test(match[1]!)) return { invalid: 'format' };
  const key = Buffer.from(match[3]!, 'base64');
  if (key.length !== 33 || (key[0] !== ED25519 && key[0] !== COSIGNATURE_V1)) return { invalid: 'type' };
  const parsed = { name: match[1]!, type: key[0]!, keyId: Buffer.from(match[2]!, 'hex'), publicKey: key.subarray(1) };
  if (!noteKeyId(parsed.name, parsed.publicKey, parsed.type).equals(parsed.keyId)) return { invalid: 'key_id' };
  return parsed;
}

export interface OpenedNote {
  /** The note's text, final newline included. */
  text: string;
  signatures: Array<{ name: string; keyId: Buffer; bytes: Buffer; line: string }>;
}

/** Splits a signed note into its text and signature lines, or says why it is not one. */
export function openNote(note: string): OpenedNote | { invalid: string } {
  if (note.length > 16_384) return { invalid: 'too_long' };
  // Text lines hold no control characters but the newline (signed-note).
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(note)) return { invalid: 'control_character' };
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return { invalid: 'structure' };
  const text = note.slice(0, split + 1);
  const signatures = [];
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line);
    if (!match) return { invalid: 'signature_line' };
    const bytes = Buffer.from(match[2]!, 'base64');
    if (bytes.length < 5) return { invalid: 'signature_line' };
    signatures.push({ name: match[1]!, keyId: bytes.subarray(0, 4), bytes: bytes.subarray(4), line });
  }
  if (signatures.length === 0 || signatures.length > 100) return { invalid: 'signature_line' };
  return { text, signatures };
}

/** A checkpoint's first three lines: origin, tree size, root hash (hex here). */
export function readCheckpoint(text: string): { origin: string; size: number; rootHash: string } | { invalid: string } {
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) return { invalid: 'lines' };
  const [origin, size, root] = lines as [string, string, string];
  if (!/^[1-9][0-9]{0,15}$|^0$/.test(size) || !Number.isSafeInteger(Number(size))) return { invalid: 'size' };
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32 || rootHash.toString('base64') !== root) return { invalid: 'root' };
  return { origin, size: Number(size), rootHash: rootHash.toString('hex') };
}

const ed25519Key = (publicKey: Uint8Array) => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' });

/** Whether one of the note's signatures is a valid Ed25519 note signature by this key. */
export function signedBy(note: OpenedNote, name: string, publicKey: Uint8Array): boolean {
  const keyId = noteKeyId(name, publicKey, ED25519);
  return note.signatures.some((s) => s.name === name && s.keyId.equals(keyId) && s.bytes.length === 64 && verify(null, Buffer.from(note.text, 'utf8'), ed25519Key(publicKey), s.bytes));
}

/** The message a cosignature/v1 signs: a header line, a time line and the checkpoint's text. */
export const cosignedMessage = (text: string, timestamp: number | bigint) => Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`, 'utf8');

/** A cosignature line by the witness key `name` over the checkpoint's text, at `timestamp` (seconds). */
export function cosignatureLine(text: string, name: string, publicKey: Uint8Array, timestamp: number, sign: (data: Uint8Array) => Uint8Array): string {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  const bytes = Buffer.concat([noteKeyId(name, publicKey, COSIGNATURE_V1), time, sign(cosignedMessage(text, timestamp))]);
  return `\u2014 ${name} ${bytes.toString('base64')}`;
}

/** The time of a valid cosignature/v1 of the note's text by this witness key, if the note carries one. */
export function cosignedAt(note: OpenedNote, key: { name: string; publicKey: Uint8Array }): { timestamp: number; signature: Buffer } | undefined {
  const keyId = noteKeyId(key.name, key.publicKey, COSIGNATURE_V1);
  for (const s of note.signatures) {
    if (s.name !== key.name || !s.keyId.equals(keyId) || s.bytes.length !== 72) continue;
    // The time as signed, every digit (a time past 2^53 still verifies, and is then refused as a time).
    const timestamp = s.bytes.readBigUInt64BE(0);
    if (verify(null, cosignedMessage(note.text, timestamp), ed25519Key(key.publicKey), s.bytes.subarray(8))) return { timestamp: Number(timestamp), signature: Buffer.concat([s.keyId, s.bytes]) };
  }
  return undefined;
}

/** Signs a note's text (ending in a newline) with the key named `name`: the text, a blank line, the signature line. */
export function signNote(text: string, name: string, publicKey: Uint8Array, sign: (data: Uint8Array) => Uint8Array): string {
  if (!text.endsWith('\n')) throw new Error('a note’s text ends with a newline');
  const signature = Buffer.concat([noteKeyId(name, publicKey), sign(Buffer.from(text, 'utf8'))]);
  return `${text}\n\u2014 ${name} ${signature.toString('base64')}\n`;
}
