import { generateKeyPairSync, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { repeat } from './loop';
import { cosignatureLine, COSIGNATURE_V1, noteKeyId, noteVerifierKey, openNote, parseVerifierKey, readCheckpoint, signedBy, type NoteKey } from './checkpoint';
import { consistencyRanges, verifyConsistency } from './merkle';
import { entriesAt, TILE_WIDTH, TileReader, tilePath } from './tiles';

/**
 * An agency's witness of the hub's access log (C2SP `tlog-cosignature`). Each round it fetches the
 * hub's checkpoint, checks the hub's signature with the key it pinned on its first round, and
 * checks that the new tree extends the last one it cosigned (a consistency proof it computes from
 * the hub's tiles and verifies against the two roots it holds). It refuses a smaller tree (a
 * rollback) and another root for a size it cosigned (a fork), keeping both signed checkpoints as
 * evidence; otherwise it records the new tree durably, and only then cosigns and posts.
 */

export interface WitnessKey {
  name: string;
  privateKey: KeyObject;
  publicKey: Buffer;
}

/** What the witness keeps between rounds: the hub's key it trusts and the last tree it cosigned. */
export interface WitnessState {
  origin: string;
  hubKey: string;
  size: number;
  rootHash: string;
  /** The hub-signed checkpoint of that tree, as served: evidence if the hub ever contradicts it. */
  checkpoint: string;
}

export type WitnessOutcome =
  | { outcome: 'cosigned'; treeSize: number; previousSize: number | null; status: number }
  | { outcome: 'unchanged'; treeSize: number }
  | { outcome: 'no_checkpoint' }
  | { outcome: 'refused'; reason: 'rollback' | 'fork' | 'inconsistent' | 'log_signature' | 'hub_key_changed' | 'not_a_checkpoint'; treeSize?: number; cosignedSize?: number; evidence?: string }
  | { outcome: 'hub_refused'; status: number; problem: unknown };

/** A new witness key: Ed25519, written as PKCS #8 PEM readable by its owner only. */
export async function createWitnessKey(path: string): Promise<void> {
  const { privateKey } = generateKeyPairSync('ed25519');
  await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
}

export async function loadWitnessKey(path: string, name: string): Promise<WitnessKey> {
  const privateKey = createPrivateKey(await readFile(path, 'utf8'));
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string };
  return { name, privateKey, publicKey: Buffer.from(jwk.x, 'base64url') };
}

/** The verifier key an agency registers for this witness (`POST /v1/log/witness-keys`). */
export const witnessVerifierKey = (key: WitnessKey) => noteVerifierKey(key.name, key.publicKey, COSIGNATURE_V1);

/** The witness's state, kept in one file replaced atomically (written, flushed, renamed, the folder flushed). */
export class WitnessStateFile {
  constructor(readonly path: string) {}

  async load(): Promise<WitnessState | undefined> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as WitnessState;
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async save(state: WitnessState): Promise<void> {
    const partial = `${this.path}.partial`;
    const file = await open(partial, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify(state, null, 2));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(partial, this.path);
    const folder = await open(dirname(this.path), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  /** Keeps the two checkpoints that contradict each other, beside the state. */
  async keepEvidence(kind: string, evidence: { cosigned: string; served: string }): Promise<string> {
    const path = `${this.path}.${kind}-${Date.now()}.json`;
    await writeFile(path, JSON.stringify(evidence, null, 2), { mode: 0o600 });
    return path;
  }
}

export interface WitnessOptions {
  /** The hub's base URL. */
  hubUrl: string;
  /** A bearer token of the agency's (an API client's, or its administrator's). */
  token: () => Promise<string>;
  key: WitnessKey;
  state: WitnessStateFile;
  /**
   * The hub's checkpoint verifier key, if the agency has it from the hub's operator; else the first one
   * seen is pinned. After a signing-key rotation the operator gives the new key here, ahead of its time:
   * the key pinned before is trusted beside it until the hub signs with the new one, which is then
   * pinned. The record of what was cosigned (no rollback, no fork) carries over.
   */
  hubKey?: string | undefined;
  now?: () => Date;
  fetch?: typeof fetch;
}

/** One round: fetch, check, record, cosign, post. */
export async function witnessOnce(options: WitnessOptions): Promise<WitnessOutcome> {
  const get = options.fetch ?? fetch;
  const authorization = { authorization: `Bearer ${await options.token()}` };
  const res = await get(new URL('/v1/log/checkpoint', options.hubUrl), { headers: authorization });
  // A hub that has sealed nothing yet has no checkpoint: nothing to witness, nothing wrong.
  if (res.status === 404) return { outcome: 'no_checkpoint' };
  if (!res.ok) return { outcome: 'hub_refused', status: res.status, problem: await res.json().catch(() => null) };
  const served = await res.text();
  const state = await options.state.load();
  // The keys trusted: the one the operator gave, else the one pinned, else the first one seen; and,
  // when the operator gives a rotated key ahead of its time, the one pinned until the hub switches.
  const trusted = [...new Set([options.hubKey ?? state?.hubKey ?? res.headers.get('ponte-checkpoint-key') ?? '', ...(options.hubKey && state ? [state.hubKey] : [])])].map(parseVerifierKey);
  const note = openNote(served);
  if (trusted.some((k) => 'invalid' in k) || 'invalid' in note) return { outcome: 'refused', reason: 'not_a_checkpoint' };
  const keys = trusted as NoteKey[];
  // A rotation changes the key, never the log: a key of another name is another log.
  if (keys.some((k) => k.name !== keys[0]!.name)) return { outcome: 'refused', reason: 'hub_key_changed' };
  const checkpoint = readCheckpoint(note.text);
  if ('invalid' in checkpoint || checkpoint.origin !== keys[0]!.name) return { outcome: 'refused', reason: 'not_a_checkpoint' };
  const key = keys.find((k) => signedBy(note, k.name, k.publicKey));
  if (!key) return { outcome: 'refused', reason: 'log_signature', treeSize: checkpoint.size };
  const hubKey = noteVerifierKey(key.name, key.publicKey);

  if (state) {
    if (checkpoint.size < state.size) return { outcome: 'refused', reason: 'rollback', treeSize: checkpoint.size, cosignedSize: state.size };
    if (checkpoint.size === state.size && checkpoint.rootHash !== state.rootHash) {
      const evidence = await options.state.keepEvidence('fork', { cosigned: state.checkpoint, served });
      return { outcome: 'refused', reason: 'fork', treeSize: checkpoint.size, cosignedSize: state.size, evidence };
    }
    if (checkpoint.size > state.size && !(await consistent(get, options.hubUrl, authorization, state, checkpoint))) {
      const evidence = await options.state.keepEvidence('inconsistent', { cosigned: state.checkpoint, served });
      return { outcome: 'refused', reason: 'inconsistent', treeSize: checkpoint.size, cosignedSize: state.size, evidence };
    }
    const ours = noteKeyId(options.key.name, options.key.publicKey, COSIGNATURE_V1);
    if (checkpoint.size === state.size && note.signatures.some((s) => s.name === options.key.name && s.keyId.equals(ours))) return { outcome: 'unchanged', treeSize: checkpoint.size };
  }
  // Recorded before it is signed: after a crash the witness can only sign this tree or a larger one.
  const hubSignedNote = `${note.text}\n${note.signatures.filter((s) => s.name === key.name).map((s) => `${s.line}\n`).join('')}`;
  await options.state.save({ origin: checkpoint.origin, hubKey, size: checkpoint.size, rootHash: checkpoint.rootHash, checkpoint: hubSignedNote });
  const timestamp = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const line = cosignatureLine(note.text, options.key.name, options.key.publicKey, timestamp, (data) => sign(null, data, options.key.privateKey));
  const posted = await get(new URL('/v1/log/cosignatures', options.hubUrl), {
    method: 'POST',
    headers: { ...authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ checkpoint: `${hubSignedNote}${line}\n` }),
  });
  if (!posted.ok) return { outcome: 'hub_refused', status: posted.status, problem: await posted.json().catch(() => null) };
  return { outcome: 'cosigned', treeSize: checkpoint.size, previousSize: state?.size ?? null, status: posted.status };
}

/** Whether the served tree extends the cosigned one: a consistency proof from the hub's tiles, verified against both roots. */
async function consistent(get: typeof fetch, hubUrl: string, headers: Record<string, string>, from: WitnessState, to: { size: number; rootHash: string }): Promise<boolean> {
  const reader = new TileReader(to.size, async (coordinates) =>
    Promise.all(
      coordinates.map(async ({ level, index }) => {
        const width = Math.min(TILE_WIDTH, entriesAt(to.size, level) - index * TILE_WIDTH);
        const res = await get(new URL(`/v1/log/tile/${tilePath(level, index, width)}`, hubUrl), { headers });
        if (!res.ok) throw new Error(`the hub did not serve tile ${tilePath(level, index, width)} (${res.status})`);
        return { level, index, hashes: Buffer.from(await res.arrayBuffer()) };
      }),
    ),
  );
  const ranges = consistencyRanges(from.size, to.size);
  try {
    await reader.load(ranges);
    const proof = ranges.map(([lo, hi]) => reader.hash(lo, hi));
    return verifyConsistency(from.size, to.size, Buffer.from(from.rootHash, 'hex'), Buffer.from(to.rootHash, 'hex'), proof);
  } catch {
    return false;
  }
}

/** Rounds every `intervalMs` until stopped, each outcome reported. */
export function startWitness(options: WitnessOptions & { intervalMs: number; onOutcome: (outcome: WitnessOutcome) => void; onError: (error: unknown) => void }) {
  return repeat(async () => options.onOutcome(await witnessOnce(options)), options.intervalMs, options.onError);
}
