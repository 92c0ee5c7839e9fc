import { createHash } from 'node:crypto';

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

const ED25519 = 0x01;

/** The origin line: the hub's public URL without its scheme (and without a trailing slash). */
export function checkpointOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** The checkpoint's text for a tree of `size` leaves with this root (hex, as the heads store it). */
export function checkpointText(origin: string, size: number, rootHashHex: string): string {
  return `${origin}\n${size}\n${Buffer.from(rootHashHex, 'hex').toString('base64')}\n`;
}

/** A signed note's key id for an Ed25519 key: the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key). */
export function noteKeyId(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([ED25519]), publicKey]))
    .digest()
    .subarray(0, 4);
}

/** The verifier key a note reader is configured with: `<name>+<key id, hex>+<base64(0x01 ‖ key)>`. */
export function noteVerifierKey(name: string, publicKey: Uint8Array): string {
  return `${name}+${noteKeyId(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`;
}

/** Signs a note's text (ending in a newline) with the key named `name`: the text, a blank line, the signature line. */
export function signNote(text: string, name: string, publicKey: Uint8Array, sign: (data: Uint8Array) => Uint8Array): string {
  if (!text.endsWith('\n')) throw new Error('a note’s text ends with a newline');
  const signature = Buffer.concat([noteKeyId(name, publicKey), sign(Buffer.from(text, 'utf8'))]);
  return `${text}\n\u2014 ${name} ${signature.toString('base64')}\n`;
}
