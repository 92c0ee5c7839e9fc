import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkpointOrigin,
  checkpointText,
  cosignatureLine,
  createWitnessKey,
  loadWitnessKey,
  noteVerifierKey,
  openNote,
  readCheckpoint,
  rootOf,
  sealLog,
  signedBy,
  signNote,
  TileEdge,
  tilePath,
  verifyLog,
  witnessOnce,
  witnessVerifierKey,
  WitnessStateFile,
  type WitnessKey,
} from '@ponte/audit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, ISSUER, type TestHub } from '../support/hub';

/**
 * Agencies as witnesses of the hub's access log: each runs `ponte witness` with its own key; the
 * witness checks every checkpoint extends the last one it cosigned, posts its C2SP cosignature, and
 * refuses a rollback or a fork, keeping the hub's own contradictory signed checkpoints as evidence.
 * The hub stores only sound cosignatures and serves them with the checkpoint.
 */
let hub: TestHub;
let folder: string;
let iomAdmin: string;
let unhcrAdmin: string;
let officer: string;
const keys: Record<string, WitnessKey> = {};
const origin = checkpointOrigin(ISSUER);

/** The hub's app as a witness reaches it, through `fetch`. */
const hubFetch = ((url: URL | string, init?: RequestInit) => hub.app.request(String(url), init)) as typeof fetch;

async function events(count: number) {
  const agency = (await sql<{ id: string }>`select id from agencies where slug = 'iom'`.execute(hub.database.db)).rows[0]!.id;
  await sql`insert into access_events (agency_id, occurred_at, actor_kind, actor_id, resource, action, decision, rule, request_id)
    select ${agency}, now(), 'user', gen_random_uuid(), 'Subject', 'read', 'allow', 'test.generated', 'req-' || n from generate_series(1, ${count}) n`.execute(hub.database.db);
  return sealLog({ db: hub.database.db, tokens: hub.tokens });
}

const witness = (agency: 'iom' | 'unhcr', options: { fetch?: typeof fetch; state?: string } = {}) =>
  witnessOnce({
    hubUrl: ISSUER,
    token: async () => (agency === 'iom' ? iomAdmin : unhcrAdmin),
    key: keys[agency]!,
    state: new WitnessStateFile(options.state ?? join(folder, `${agency}.state.json`)),
    fetch: options.fetch ?? hubFetch,
  });

const cosignatureCount = async () => (await sql<{ n: number }>`select count(*)::int as n from log_cosignatures`.execute(hub.database.db)).rows[0]!.n;

/** A checkpoint the hub's key signs, of any size and root: what a misbehaving hub could show. */
const hubSigned = (size: number, rootHex: string) => signNote(checkpointText(origin, size, rootHex), origin, hub.tokens.publicKeyBytes(), (data) => hub.tokens.signRaw(data));

const METRICS_TOKEN = 'metrics-token-of-the-witness-test-0000000';

beforeAll(async () => {
  hub = await createTestHub({ metricsToken: METRICS_TOKEN });
  folder = await mkdtemp(join(tmpdir(), 'ponte-witness-'));
  iomAdmin = await hub.tokenFor('iom', 'admin');
  unhcrAdmin = await hub.tokenFor('unhcr', 'admin');
  officer = await hub.tokenFor('iom', 'privacy');
  for (const agency of ['iom', 'unhcr']) {
    await createWitnessKey(join(folder, `${agency}.pem`));
    keys[agency] = await loadWitnessKey(join(folder, `${agency}.pem`), `witness.${agency}.example/ponte`);
  }
  await events(300);
});
afterAll(async () => {
  await hub?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('witness keys', () => {
  it('an agency administrator registers its witness’s key; anyone signed in lists every agency’s', async () => {
    for (const [agency, token] of [['iom', iomAdmin], ['unhcr', unhcrAdmin]] as const) {
      const res = await hub.call('POST', '/v1/log/witness-keys', { token, json: { verifierKey: witnessVerifierKey(keys[agency]!) } });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ name: `witness.${agency}.example/ponte`, verifierKey: witnessVerifierKey(keys[agency]!), revokedAt: null });
    }
    const listed = (await (await hub.call('GET', '/v1/log/witness-keys', { token: await hub.tokenFor('iom', 'caseworker') })).json()) as { items: Array<{ verifierKey: string }> };
    expect(listed.items.map((k) => k.verifierKey)).toEqual([witnessVerifierKey(keys.iom!), witnessVerifierKey(keys.unhcr!)]);
  });

  it('refuses a malformed key, a note key (not a cosignature key), a key id that does not match, a second registration, and anyone but an administrator', async () => {
    // The base64 key may hold '+' too: split at the first two only.
    const [, name, id, key] = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(witnessVerifierKey(keys.iom!))! as unknown as [string, string, string, string];
    const noteKey = noteVerifierKey(keys.iom!.name, keys.iom!.publicKey, 0x01);
    const cases: Array<[string, unknown, number, string]> = [
      ['malformed', 'not a key', 400, 'witness_key_format'],
      ['space in the name', `a b+${id}+${key}`, 400, 'witness_key_format'],
      ['a note (0x01) key', noteKey, 400, 'witness_key_type'],
      ['another key id', `${name}+00000000+${key}`, 400, 'witness_key_key_id'],
      ['registered already', witnessVerifierKey(keys.iom!), 409, 'unique'],
    ];
    for (const [what, verifierKey, status, check] of cases) {
      const res = await hub.call('POST', '/v1/log/witness-keys', { token: iomAdmin, json: { verifierKey } });
      expect(res.status, what).toBe(status);
      expect(((await res.json()) as { errors: Array<{ check: string; pointer: string }> }).errors[0], what).toMatchObject({ check, pointer: '/body/verifierKey' });
    }
    expect((await hub.call('POST', '/v1/log/witness-keys', { token: await hub.tokenFor('iom', 'caseworker'), json: { verifierKey: witnessVerifierKey(keys.iom!) } })).status).toBe(403);
  });

  it('a key and its name are one agency’s: another agency cannot register them (it could replay their public cosignatures), nor the hub’s own name', async () => {
    const pgrAdmin = await hub.tokenFor('pgr', 'admin');
    const attempt = async (verifierKey: string) => {
      const res = await hub.call('POST', '/v1/log/witness-keys', { token: pgrAdmin, json: { verifierKey } });
      return { status: res.status, check: ((await res.json()) as { errors?: Array<{ check: string }> }).errors?.[0]?.check };
    };
    expect(await attempt(witnessVerifierKey(keys.unhcr!))).toEqual({ status: 409, check: 'witness_name_taken' });
    // UNHCR's key under a name of PGR's own.
    expect(await attempt(witnessVerifierKey(await loadWitnessKey(join(folder, 'unhcr.pem'), 'witness.pgr.example/ponte')))).toEqual({ status: 409, check: 'unique' });
    const other = join(folder, 'pgr-other.pem');
    await createWitnessKey(other);
    expect(await attempt(witnessVerifierKey(await loadWitnessKey(other, keys.unhcr!.name)))).toEqual({ status: 409, check: 'witness_name_taken' });
    expect(await attempt(witnessVerifierKey(await loadWitnessKey(other, origin)))).toEqual({ status: 400, check: 'witness_key_name' });
    const listed = (await (await hub.call('GET', '/v1/log/witness-keys', { token: pgrAdmin })).json()) as { items: Array<{ agencyId: string }> };
    expect(listed.items).toHaveLength(2);
  });
});

describe('witnessing', () => {
  it('two agencies’ witnesses cosign; the checkpoint carries both cosignatures, each verifiable as C2SP tlog-cosignature says', async () => {
    expect(await witness('iom')).toMatchObject({ outcome: 'cosigned', previousSize: null, status: 201 });
    expect(await witness('unhcr')).toMatchObject({ outcome: 'cosigned', status: 201 });
    // Nothing new: nothing signed again.
    expect(await witness('iom')).toMatchObject({ outcome: 'unchanged' });

    const res = await hub.call('GET', '/v1/log/checkpoint', { token: officer });
    expect(res.headers.get('ponte-witnessed-by')).toBe('2');
    expect(res.headers.get('ponte-witnessed')).toBe('true');
    const note = await res.text();
    const text = note.slice(0, note.indexOf('\n\n') + 1);
    const lines = note.slice(note.indexOf('\n\n') + 2).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    // Read here from the spec alone: key id SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4], then the time
    // (8 bytes, big-endian), then Ed25519 over "cosignature/v1\ntime <t>\n" ‖ the checkpoint.
    for (const agency of ['iom', 'unhcr']) {
      const key = keys[agency]!;
      const line = lines.find((l) => l.startsWith(`\u2014 ${key.name} `))!;
      const bytes = Buffer.from(line.split(' ')[2]!, 'base64');
      expect(bytes.subarray(0, 4)).toEqual(createHash('sha256').update(Buffer.concat([Buffer.from(`${key.name}\n`), Buffer.from([0x04]), key.publicKey])).digest().subarray(0, 4));
      const time = bytes.readBigUInt64BE(4);
      expect(Number(time)).toBeLessThanOrEqual(Date.now() / 1000 + 1);
      const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey.toString('base64url') }, format: 'jwk' });
      expect(verifySignature(null, Buffer.from(`cosignature/v1\ntime ${time}\n${text}`), publicKey, bytes.subarray(12))).toBe(true);
    }
  });

  it('after the log grows past a tile, each witness checks consistency from its tiles and cosigns the larger tree', async () => {
    const before = JSON.parse(await readFile(join(folder, 'iom.state.json'), 'utf8')) as { size: number };
    const { treeSize } = await events(700);
    expect(await witness('iom')).toMatchObject({ outcome: 'cosigned', treeSize, previousSize: before.size });
    expect(await witness('unhcr')).toMatchObject({ outcome: 'cosigned', treeSize });
    const witnessed = await hub.call('GET', '/v1/log/checkpoint?witnessed=true', { token: officer });
    expect(witnessed.status).toBe(200);
    expect((await witnessed.text()).split('\n')[1]).toBe(String(treeSize));

    // The operator sees how far each agency's witness has cosigned, and how long ago.
    const metrics = await (await hub.app.request('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    for (const agency of ['iom', 'unhcr']) {
      expect(metrics).toContain(`ponte_access_log_witness_cosigned_size{agency="${agency}"} ${treeSize}\n`);
      const age = Number(new RegExp(`^ponte_access_log_witness_cosigned_age_seconds\\{agency="${agency}"\\} (\\S+)$`, 'm').exec(metrics)?.[1]);
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThan(60);
    }
  });

  it('`POST /v1/log/verify` and `ponte audit verify` report who witnessed what, each cosignature checked', async () => {
    const report = await verifyLog({ db: hub.database.db, tokens: hub.tokens, witnessesRequired: 2 });
    const agencies = (await sql<{ id: string }>`select id from agencies where slug in ('iom', 'unhcr') order by id`.execute(hub.database.db)).rows.map((r) => r.id);
    expect(report).toMatchObject({ ok: true, witnesses: { required: 2, cosignatures: 4, latestWitnessed: { agencyIds: agencies } } });
    // A cosignature the hub holds for a root that is not the head's is found.
    await sql`update log_cosignatures set root_hash = ${'0'.repeat(64)} where tree_size = (select min(tree_size) from log_cosignatures)`.execute(hub.database.db);
    try {
      expect((await verifyLog({ db: hub.database.db, tokens: hub.tokens })).firstProblem).toMatchObject({ problem: 'cosignature_invalid' });
    } finally {
      await sql`update log_cosignatures c set root_hash = h.root_hash from log_heads h where h.tree_size = c.tree_size`.execute(hub.database.db);
    }
    expect((await verifyLog({ db: hub.database.db, tokens: hub.tokens })).ok).toBe(true);
  });
});

describe('a hub that misbehaves is caught by its witnesses', () => {
  /** The real hub, but for the checkpoint (and, if given, the tiles), which it replaces. */
  const lyingHub =
    (checkpoint: string, tiles?: Map<string, Buffer>, posted: string[] = []): typeof fetch =>
    async (url, init) => {
      const path = new URL(String(url)).pathname;
      if (path === '/v1/log/checkpoint') return new Response(checkpoint, { headers: { 'ponte-checkpoint-key': (await hub.call('GET', '/v1/log/checkpoint', { token: officer })).headers.get('ponte-checkpoint-key')! } });
      if (tiles && path.startsWith('/v1/log/tile/')) {
        const tile = tiles.get(path.slice('/v1/log/tile/'.length));
        return tile ? new Response(new Uint8Array(tile)) : new Response('{}', { status: 404 });
      }
      if (path === '/v1/log/cosignatures') posted.push(String(init?.body));
      return hubFetch(url, init);
    };

  it('a witness never cosigns a rollback: a smaller tree, shown after a larger one, is refused and nothing is posted', async () => {
    const state = JSON.parse(await readFile(join(folder, 'iom.state.json'), 'utf8')) as { size: number };
    const { rows } = await sql<{ tree_size: number; root_hash: string }>`select tree_size, root_hash from log_heads where tree_size < ${state.size} order by tree_size desc limit 1`.execute(hub.database.db);
    const posted: string[] = [];
    expect(await witness('iom', { fetch: lyingHub(hubSigned(rows[0]!.tree_size, rows[0]!.root_hash), undefined, posted) })).toMatchObject({ outcome: 'refused', reason: 'rollback', cosignedSize: state.size });
    expect(posted).toEqual([]);
    expect(JSON.parse(await readFile(join(folder, 'iom.state.json'), 'utf8'))).toMatchObject({ size: state.size });
  });

  it('a fork is caught: two roots for one size shown to two witnesses; each cosigns its own, and the branch the hub cannot keep up is refused with the hub’s two signed checkpoints as evidence', async () => {
    const db = hub.database.db;
    const { treeSize: m } = await events(40);
    // Both witnesses at size m.
    expect(await witness('iom')).toMatchObject({ outcome: 'cosigned', treeSize: m });
    expect(await witness('unhcr')).toMatchObject({ outcome: 'cosigned', treeSize: m });
    // The real log grows to n; a forged branch of the same size n shares the first m leaves.
    const { treeSize: n } = await events(30);
    const leaves = (await sql<{ hashes: Buffer }>`select hashes from log_tiles where level = 0 order by tile_index`.execute(db)).rows.flatMap((t) =>
      Array.from({ length: t.hashes.length / 32 }, (_, i) => t.hashes.subarray(i * 32, i * 32 + 32)),
    );
    const forgedLeaves = Array.from({ length: n }, (_, i) => (i < m ? leaves[i]! : createHash('sha256').update(`forged ${i}`).digest()));
    const forged = new TileEdge(0, []);
    for (const leaf of forgedLeaves) forged.append(leaf);
    const tiles = new Map<string, Buffer>();
    for (const tile of forged.changed()) for (let width = 1; width <= tile.hashes.length / 32; width++) tiles.set(tilePath(tile.level, tile.index, width), tile.hashes.subarray(0, width * 32));
    const forgedRoot = rootOf(forgedLeaves).toString('hex');
    const realHead = (await sql<{ root_hash: string }>`select root_hash from log_heads where tree_size = ${n}`.execute(db)).rows[0]!.root_hash;
    expect(forgedRoot).not.toBe(realHead);

    // The hub shows UNHCR's witness the forged branch (its tiles too) and IOM's the real one: each is consistent with m.
    const forgedCheckpoint = hubSigned(n, forgedRoot);
    const posted: string[] = [];
    expect(await witness('unhcr', { fetch: lyingHub(forgedCheckpoint, tiles, posted) })).toMatchObject({ outcome: 'hub_refused', status: 409 });
    expect(await witness('iom')).toMatchObject({ outcome: 'cosigned', treeSize: n });
    // (This hub kept its real log, so it refused to store the other branch's cosignature: 409, log_root.)
    expect(JSON.parse(posted[0]!).checkpoint).toContain(forgedCheckpoint.split('\n\n')[0]);

    // Whatever the hub does next, UNHCR's witness holds the forged root for size n: the real log, or
    // a rollback, is refused, and the evidence is two checkpoints of size n the hub's key signed.
    const next = await witness('unhcr');
    expect(next).toMatchObject({ outcome: 'refused', reason: 'fork', treeSize: n, cosignedSize: n });
    const evidence = JSON.parse(await readFile((next as { evidence: string }).evidence, 'utf8')) as { cosigned: string; served: string };
    const hubKey = { name: origin, publicKey: hub.tokens.publicKeyBytes() };
    const [a, b] = [openNote(evidence.cosigned), openNote(evidence.served)];
    if ('invalid' in a || 'invalid' in b) throw new Error('evidence is not two notes');
    expect(signedBy(a, hubKey.name, hubKey.publicKey) && signedBy(b, hubKey.name, hubKey.publicKey)).toBe(true);
    const [ca, cb] = [readCheckpoint(a.text), readCheckpoint(b.text)];
    expect(ca).toMatchObject({ size: n });
    expect(cb).toMatchObject({ size: n });
    expect((ca as { rootHash: string }).rootHash).not.toBe((cb as { rootHash: string }).rootHash);

    // And once the log grows, the forked witness finds it inconsistent with what it cosigned.
    await events(5);
    expect(await witness('unhcr')).toMatchObject({ outcome: 'refused', reason: 'inconsistent', cosignedSize: n });
  });

  it('a hub with no checkpoint yet is nothing to witness: no state is written, nothing posted', async () => {
    const statePath = join(folder, 'empty.state.json');
    const posted: string[] = [];
    const empty: typeof fetch = async (url, init) => {
      if (new URL(String(url)).pathname === '/v1/log/checkpoint') return new Response('{}', { status: 404, headers: { 'content-type': 'application/problem+json' } });
      posted.push(String(url));
      return hubFetch(url, init);
    };
    expect(await witness('iom', { state: statePath, fetch: empty })).toEqual({ outcome: 'no_checkpoint' });
    expect(posted).toEqual([]);
    await expect(readFile(statePath, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('the witness records a tree before it posts: a crash after recording cannot lead it to cosign a smaller one', async () => {
    const statePath = join(folder, 'crash.state.json');
    const failing: typeof fetch = async (url, init) => {
      if (new URL(String(url)).pathname === '/v1/log/cosignatures') throw new Error('connection reset');
      return hubFetch(url, init);
    };
    await expect(witness('iom', { state: statePath, fetch: failing })).rejects.toThrow('connection reset');
    const recorded = JSON.parse(await readFile(statePath, 'utf8')) as { size: number };
    const { rows } = await sql<{ tree_size: number; root_hash: string }>`select tree_size, root_hash from log_heads where tree_size < ${recorded.size} order by tree_size desc limit 1`.execute(hub.database.db);
    expect(await witness('iom', { state: statePath, fetch: lyingHub(hubSigned(rows[0]!.tree_size, rows[0]!.root_hash)) })).toMatchObject({ outcome: 'refused', reason: 'rollback' });
  });
});

describe('the hub keeps only sound cosignatures', () => {
  /** The latest checkpoint as served, with IOM's witness's line over `text` (by default the checkpoint's own). */
  async function cosigned(options: { text?: string; key?: WitnessKey; time?: number; note?: string } = {}) {
    const served = options.note ?? (await (await hub.call('GET', '/v1/log/checkpoint', { token: officer })).text());
    const body = served.slice(0, served.indexOf('\n\n') + 1);
    const hubLine = served.slice(served.indexOf('\n\n') + 2).split('\n')[0]!;
    const key = options.key ?? keys.iom!;
    const { sign } = await import('node:crypto');
    const line = cosignatureLine(options.text ?? body, key.name, key.publicKey, options.time ?? Math.floor(Date.now() / 1000), (data) => sign(null, data, key.privateKey));
    return `${body}\n${hubLine}\n${line}\n`;
  }

  it('refuses, storing nothing: not a note, not a checkpoint, not the hub’s, an unknown size, another root, an unknown key, a bad signature, a time ahead, a rollback', async () => {
    await events(3);
    const latest = (await sql<{ tree_size: number; root_hash: string }>`select tree_size, root_hash from log_heads order by tree_size desc limit 1`.execute(hub.database.db)).rows[0]!;
    const older = (await sql<{ tree_size: number; root_hash: string }>`select tree_size, root_hash from log_heads order by tree_size limit 1`.execute(hub.database.db)).rows[0]!;
    const good = await cosigned();
    const flipped = Buffer.from(good.trimEnd().split('\n').at(-1)!.split(' ')[2]!, 'base64');
    flipped[flipped.length - 1]! ^= 1;
    const stranger = { ...keys.iom!, name: 'witness.unknown.example' };
    const cases: Array<[string, string, number, string]> = [
      ['not a signed note', 'hello', 400, 'signed_note'],
      ['a control character', good.replace('\n\n', '\n\u0007\n'), 400, 'signed_note'],
      ['not a checkpoint', good.replace(/\n\d+\n/, '\nlots\n'), 400, 'checkpoint'],
      ['not the hub’s signature', good.replace(/^(\u2014 \S+ )(\S+)$/m, (_, head: string, sig: string) => `${head}${Buffer.from(sig, 'base64').fill(7, 10, 20).toString('base64')}`), 400, 'log_signature'],
      ['an unknown size', await cosigned({ note: hubSigned(latest.tree_size + 1000, latest.root_hash) }), 400, 'known_tree_size'],
      ['another root at a known size', await cosigned({ note: hubSigned(latest.tree_size, 'ab'.repeat(32)) }), 409, 'log_root'],
      ['an unknown key', await cosigned({ key: stranger }), 400, 'known_witness_key'],
      ['another agency’s key', await cosigned({ key: keys.unhcr! }), 400, 'known_witness_key'],
      ['a bad signature', good.replace(good.trimEnd().split('\n').at(-1)!.split(' ')[2]!, flipped.toString('base64')), 400, 'cosignature'],
      ['a time ahead', await cosigned({ time: Math.floor(Date.now() / 1000) + 3600 }), 400, 'cosignature_time'],
      ['a time before the checkpoint', await cosigned({ time: 0 }), 400, 'cosignature_time'],
      ['a rollback', await cosigned({ note: hubSigned(older.tree_size, older.root_hash) }), 409, 'no_rollback'],
    ];
    const before = await cosignatureCount();
    for (const [what, checkpoint, status, check] of cases) {
      const res = await hub.call('POST', '/v1/log/cosignatures', { token: iomAdmin, json: { checkpoint } });
      expect(res.status, what).toBe(status);
      expect(res.headers.get('content-type'), what).toMatch(/problem\+json/);
      expect(((await res.json()) as { errors: Array<{ check: string; pointer: string }> }).errors[0], what).toMatchObject({ check, pointer: '/body/checkpoint' });
    }
    expect(await cosignatureCount()).toBe(before);
    // The good one is stored once; again, it is the same one.
    expect((await hub.call('POST', '/v1/log/cosignatures', { token: iomAdmin, json: { checkpoint: good } })).status).toBe(201);
    expect((await hub.call('POST', '/v1/log/cosignatures', { token: iomAdmin, json: { checkpoint: good } })).status).toBe(200);
    expect(await cosignatureCount()).toBe(before + 1);
  });

  it('a note carrying another witness’s line too: the line by the poster’s own second key is the one stored', async () => {
    const second = join(folder, 'iom-second.pem');
    await createWitnessKey(second);
    const key = await loadWitnessKey(second, 'witness.iom.example/second');
    expect((await hub.call('POST', '/v1/log/witness-keys', { token: iomAdmin, json: { verifierKey: witnessVerifierKey(key) } })).status).toBe(201);
    await events(2);
    // IOM's first witness cosigns; the served note then carries its line.
    expect(await witness('iom')).toMatchObject({ outcome: 'cosigned' });
    const served = await (await hub.call('GET', '/v1/log/checkpoint', { token: officer })).text();
    const { sign } = await import('node:crypto');
    const text = served.slice(0, served.indexOf('\n\n') + 1);
    const line = cosignatureLine(text, key.name, key.publicKey, Math.floor(Date.now() / 1000), (data) => sign(null, data, key.privateKey));
    const res = await hub.call('POST', '/v1/log/cosignatures', { token: iomAdmin, json: { checkpoint: `${served}${line}\n` } });
    expect(res.status).toBe(201);
    const keysListed = (await (await hub.call('GET', '/v1/log/witness-keys', { token: iomAdmin })).json()) as { items: Array<{ id: string; name: string }> };
    expect(((await res.json()) as { witnessKeyId: string }).witnessKeyId).toBe(keysListed.items.find((k) => k.name === key.name)!.id);
  });

  it('a revoked key cosigns no more', async () => {
    const { items } = (await (await hub.call('GET', '/v1/log/witness-keys', { token: iomAdmin })).json()) as { items: Array<{ id: string; agencyId: string; name: string }> };
    const iomKey = items.find((k) => k.name === keys.iom!.name)!;
    // Keys are public: another agency's administrator may know of it, and is refused with 403.
    expect((await hub.call('POST', `/v1/log/witness-keys/${iomKey.id}/revoke`, { token: unhcrAdmin })).status).toBe(403);
    expect((await hub.call('POST', `/v1/log/witness-keys/${iomKey.id}/revoke`, { token: iomAdmin })).status).toBe(200);
    // Gone from the keys in use; still listed with its revocation, for older cosignatures.
    const inUse = (await (await hub.call('GET', '/v1/log/witness-keys', { token: officer })).json()) as { items: Array<{ id: string }> };
    expect(inUse.items.map((k) => k.id)).not.toContain(iomKey.id);
    const all = (await (await hub.call('GET', '/v1/log/witness-keys?revoked=include', { token: officer })).json()) as { items: Array<{ id: string; revokedAt: string | null }> };
    expect(all.items.find((k) => k.id === iomKey.id)?.revokedAt).toEqual(expect.any(String));
    expect((await hub.call('GET', '/v1/log/witness-keys?revoked=yes', { token: officer })).status).toBe(400);
    await events(2);
    const res = await hub.call('POST', '/v1/log/cosignatures', { token: iomAdmin, json: { checkpoint: await cosigned() } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ check: string }> }).errors[0]!.check).toBe('known_witness_key');
  });
});
