import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import type { AccessEventRow } from '@ponte/db';
import { canonicalEvent } from './canonical';
import { decodeFrontier, pushLeaf, rootOfFrontier } from './frontier';
import { HEAD_TYPE, type TreeHead } from './heads';
import { HASH_SIZE } from './tiles';
import { leafHash } from './merkle';

/**
 * An archive of one month of the access log, as retention writes it before dropping the month: a
 * gzip of JSON lines. The first line says what it is: the month, the part of the log it covers
 * (`firstIndex` up to the head's `treeSize`), the right edge of the tree before `firstIndex`, the
 * signed head and the hub's public keys. Then the month's events, each with its place, then the
 * leaf hashes from `firstIndex` to `treeSize` (other months' leaves among them are hashes only),
 * and a last line with the counts, so a cut archive cannot pass. Anyone can check it offline:
 * every event hashes to the leaf at its place, and the edge and the leaves give the signed root.
 */
export const ARCHIVE_FORMAT = 'ponte.access-log-archive.v1';

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  partition: string;
  starts: string;
  ends: string;
  firstIndex: number;
  treeSize: number;
  startFrontier: Array<{ height: number; hash: string }>;
  signedHead: string;
  keys: { keys: JWK[] };
}

export type ArchiveLine = { event: AccessEventRow & { log_index: number } } | { leaves: { from: number; hashes: string } } | { end: { events: number; leaves: number } };

/** Writes an archive from its header and its lines (events, then leaves), atomically: a file appears whole or not at all. Returns its SHA-256. */
export async function writeArchive(path: string, header: ArchiveHeader, lines: AsyncIterable<ArchiveLine>): Promise<string> {
  async function* text() {
    yield `${JSON.stringify(header)}\n`;
    for await (const line of lines) yield `${JSON.stringify(line)}\n`;
  }
  const digest = createHash('sha256');
  const partial = `${path}.partial`;
  await pipeline(Readable.from(text()), createGzip(), async function* (chunks) {
    for await (const chunk of chunks as AsyncIterable<Buffer>) {
      digest.update(chunk);
      yield chunk;
    }
  }, createWriteStream(partial, { flags: 'wx' }));
  await rename(partial, path);
  return digest.digest('hex');
}

export type ArchiveFinding =
  | { problem: 'not_an_archive'; line: number; reason: string }
  | { problem: 'head_not_genuine'; reason: string }
  | { problem: 'event_changed'; line: number; logIndex: number; eventId: string }
  | { problem: 'event_outside_archive'; line: number; logIndex: number }
  | { problem: 'event_outside_month'; line: number; eventId: string }
  | { problem: 'leaves_mismatch'; line: number; from: number }
  | { problem: 'root_mismatch'; treeSize: number }
  | { problem: 'archive_cut'; line: number };

export interface ArchiveReport {
  ok: boolean;
  partition: string | null;
  events: number;
  leaves: number;
  treeSize: number | null;
  /** The key that signed the head: `archive` when it is one the archive carries, `given` when one the checker trusts. */
  signedBy: { kid: string | undefined; keys: 'archive' | 'given' } | null;
  firstProblem: ArchiveFinding | null;
}

/**
 * Verifies an archive offline, from the file alone (or against keys the checker trusts, `keys`):
 * names the first entry that does not match.
 */
export async function verifyArchive(path: string, options: { keys?: { keys: JWK[] } } = {}): Promise<ArchiveReport> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity })[Symbol.asyncIterator]();
  let lineNumber = 0;
  let header: ArchiveHeader | undefined;
  const report = (firstProblem: ArchiveFinding | null, extra: Partial<ArchiveReport> = {}): ArchiveReport => ({
    ok: firstProblem === null,
    partition: header?.partition ?? null,
    events: 0,
    leaves: 0,
    treeSize: header?.treeSize ?? null,
    signedBy: null,
    firstProblem,
    ...extra,
  });
  const next = async (): Promise<unknown> => {
    const { value, done } = await lines.next();
    if (done) return undefined;
    lineNumber += 1;
    return JSON.parse(value);
  };
  try {
    const first = (await next()) as ArchiveHeader | undefined;
    if (!first || first.format !== ARCHIVE_FORMAT || !Number.isSafeInteger(first.firstIndex) || !Number.isSafeInteger(first.treeSize) || first.treeSize < first.firstIndex)
      return report({ problem: 'not_an_archive', line: 1, reason: 'header' });
    const edge = Array.isArray(first.startFrontier) ? first.startFrontier : [];
    const edgeSize = edge.reduce((sum, f) => sum + (Number.isInteger(f?.height) && f.height >= 0 && f.height < 64 && /^[0-9a-f]{64}$/.test(String(f?.hash)) ? 2 ** f.height : Number.NaN), 0);
    if (!Array.isArray(first.startFrontier) || edgeSize !== first.firstIndex) return report({ problem: 'not_an_archive', line: 1, reason: 'start_frontier' });
    header = first;
    let head: TreeHead;
    let kid: string | undefined;
    try {
      const verified = await jwtVerify(header.signedHead, createLocalJWKSet(options.keys ?? header.keys), { typ: HEAD_TYPE });
      head = verified.payload as unknown as TreeHead;
      kid = verified.protectedHeader.kid;
    } catch (error) {
      return report({ problem: 'head_not_genuine', reason: (error as { code?: string }).code ?? 'signature' });
    }
    if (head.treeSize !== header.treeSize) return report({ problem: 'head_not_genuine', reason: 'size' });
    const signedBy = { kid, keys: options.keys ? ('given' as const) : ('archive' as const) };

    const span = header.treeSize - header.firstIndex;
    const leaves = Buffer.alloc(span * HASH_SIZE);
    const starts = Date.parse(header.starts);
    const ends = Date.parse(header.ends);
    // Events first: checked against the leaves once those are read; kept as (index, leaf) pairs only.
    const eventLeaves: Array<{ line: number; logIndex: number; eventId: string; leaf: Buffer }> = [];
    let leavesRead = 0;
    for (;;) {
      const line = (await next()) as ArchiveLine | undefined;
      if (line === undefined) return report({ problem: 'archive_cut', line: lineNumber + 1 }, { signedBy });
      if ('event' in line) {
        const event = line.event;
        if (!Number.isSafeInteger(event.log_index) || event.log_index < header.firstIndex || event.log_index >= header.treeSize)
          return report({ problem: 'event_outside_archive', line: lineNumber, logIndex: event.log_index }, { signedBy });
        const at = Date.parse(String(event.occurred_at));
        if (!(at >= starts && at < ends)) return report({ problem: 'event_outside_month', line: lineNumber, eventId: String(event.id) }, { signedBy });
        eventLeaves.push({ line: lineNumber, logIndex: event.log_index, eventId: event.id, leaf: leafHash(canonicalEvent(event, event.log_index)) });
      } else if ('leaves' in line) {
        const hashes = Buffer.from(line.leaves.hashes, 'hex');
        if (line.leaves.from !== header.firstIndex + leavesRead || hashes.length % HASH_SIZE !== 0 || hashes.length === 0 || leavesRead * HASH_SIZE + hashes.length > leaves.length)
          return report({ problem: 'leaves_mismatch', line: lineNumber, from: line.leaves.from }, { signedBy });
        hashes.copy(leaves, leavesRead * HASH_SIZE);
        leavesRead += hashes.length / HASH_SIZE;
      } else if ('end' in line) {
        if (line.end.events !== eventLeaves.length || line.end.leaves !== span || leavesRead !== span) return report({ problem: 'archive_cut', line: lineNumber }, { signedBy });
        break;
      } else return report({ problem: 'not_an_archive', line: lineNumber, reason: 'line' }, { signedBy });
    }
    for (const event of eventLeaves) {
      const offset = (event.logIndex - header.firstIndex) * HASH_SIZE;
      if (!event.leaf.equals(leaves.subarray(offset, offset + HASH_SIZE))) return report({ problem: 'event_changed', line: event.line, logIndex: event.logIndex, eventId: event.eventId }, { signedBy, events: eventLeaves.length, leaves: span });
    }
    const frontier = decodeFrontier(header.startFrontier);
    for (let i = 0; i < span; i++) pushLeaf(frontier, leaves.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
    if (rootOfFrontier(frontier)?.toString('hex') !== head.rootHash) return report({ problem: 'root_mismatch', treeSize: header.treeSize }, { signedBy, events: eventLeaves.length, leaves: span });
    return report(null, { signedBy, events: eventLeaves.length, leaves: span });
  } catch (error) {
    if (error instanceof SyntaxError) return report({ problem: 'not_an_archive', line: lineNumber, reason: 'json' });
    if ((error as { code?: string }).code === 'Z_DATA_ERROR' || (error as { code?: string }).code === 'Z_BUF_ERROR') return report({ problem: 'not_an_archive', line: lineNumber + 1, reason: 'gzip' });
    throw error;
  }
}
