import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command, CommandContext } from '../command';
import { stringOption } from '../command';
import { configDir, saveProfile } from '../credentials';
import { CliError, EXIT, usageError } from '../exit';
import type { Hub } from '../hub';
import { fields, say } from '../io';

/**
 * The hub's access log as an integrator checks it: the C2SP checkpoint (a signed note) verified
 * against the hub's key, and the consistency of each new checkpoint with the last one kept, from
 * the hub's tiles. The verification is @ponte/audit's, the witnesses' own (loaded only here: it is
 * the heavy part of the command line).
 */
const audit = () => import('@ponte/audit');

interface Verified {
  origin: string;
  size: number;
  rootHash: string;
  /** The hub's key that signed it. */
  hubKey: string;
  /** The note as served, with the hub's signature (and any cosignatures). */
  note: string;
  witnessedBy: string | null;
  witnessed: string | null;
}

/** What `log verify` keeps between runs: the last checkpoint it checked. */
interface LogState {
  origin: string;
  hubKey: string;
  size: number;
  rootHash: string;
  checkpoint: string;
}

const HUB_KEY = { 'hub-key': { type: 'string', value: '<verifier key>', description: 'the hub’s checkpoint verifier key (default: the one pinned at login or first use)' } } as const;

const notVerified = (message: string) => new CliError(EXIT.refused, message);

/**
 * Fetches the latest checkpoint and checks the hub's signature with the key given, else the key
 * pinned for the profile, else (first use) the key the hub names, which is then pinned. A key
 * given beside a pinned one (a rotation announced by the operator) is trusted beside it, and
 * pinned once the hub signs with it.
 */
async function verifiedCheckpoint(ctx: CommandContext, hub: Hub, witnessed: boolean): Promise<Verified> {
  const { openNote, parseVerifierKey, readCheckpoint, signedBy, noteVerifierKey } = await audit();
  const given = stringOption(ctx, 'hub-key');
  if (given !== undefined && 'invalid' in parseVerifierKey(given)) throw usageError('--hub-key is the hub’s checkpoint verifier key, as its Ponte-Checkpoint-Key header gives it', ctx.usage);
  const profile = await ctx.profile();
  const { data: note, response } = await hub.call<string>(hub.api.GET('/v1/log/checkpoint', { params: { query: witnessed ? { witnessed: 'true' } : {} }, parseAs: 'text' }));
  const named = response.headers.get('ponte-checkpoint-key') ?? '';
  const trusted = [...new Set([given ?? profile.hubKey ?? named, ...(given && profile.hubKey ? [profile.hubKey] : [])])].map(parseVerifierKey);
  const opened = openNote(note);
  if ('invalid' in opened) throw notVerified(`the hub's checkpoint is not a signed note (${opened.invalid})`);
  const checkpoint = readCheckpoint(opened.text);
  if ('invalid' in checkpoint) throw notVerified(`the hub's checkpoint is not a C2SP checkpoint (${checkpoint.invalid})`);
  const keys = trusted.filter((k) => !('invalid' in k)) as Array<{ name: string; publicKey: Buffer }>;
  const key = keys.find((k) => k.name === checkpoint.origin && signedBy(opened, k.name, k.publicKey));
  if (!key) throw notVerified(`the hub's checkpoint (tree size ${checkpoint.size}) is NOT signed by the hub key ${given ? 'given' : profile.hubKey ? 'pinned' : 'it names'}${profile.hubKey && !given ? ' (if the operator rotated the hub’s key, pass the new one with --hub-key)' : ''}`);
  const hubKey = noteVerifierKey(key.name, key.publicKey);
  if (profile.hubKey !== hubKey) {
    await saveProfile(ctx.io.env, ctx.profileName, { ...profile, hubKey });
    ctx.io.stderr(`${say(ctx.lang, 'pinned the hub’s checkpoint key', 'fixada a chave de checkpoint do hub')} ${hubKey}${profile.hubKey || given ? '' : say(ctx.lang, ' (first use: compare it with the one the hub’s operator publishes)', ' (primeiro uso: compare-a com a que o operador do hub publica)')}\n`);
  }
  return { origin: checkpoint.origin, size: checkpoint.size, rootHash: checkpoint.rootHash, hubKey, note, witnessedBy: response.headers.get('ponte-witnessed-by'), witnessed: response.headers.get('ponte-witnessed') };
}

export const logCheckpoint: Command = {
  group: 'log',
  verb: 'checkpoint',
  summary: "Fetch the hub's signed checkpoint of its access log and verify its signature.",
  options: { ...HUB_KEY, witnessed: { type: 'boolean', description: 'the latest checkpoint cosigned by as many agencies’ witnesses as the hub requires' } },
  async run(ctx) {
    const hub = await ctx.hub();
    const checkpoint = await verifiedCheckpoint(ctx, hub, ctx.values.witnessed === true);
    ctx.print(
      () => `${say(ctx.lang, 'the checkpoint verifies', 'o checkpoint é válido')}\n${fields(checkpoint as never, [['origin', 'origin'], ['size', 'tree size'], ['rootHash', 'root hash'], ['hubKey', 'hub key'], ['witnessedBy', 'witnessed by']])}`,
      { verified: true, ...checkpoint },
    );
  },
};

async function loadState(path: string): Promise<LogState | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LogState;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw usageError(`${path} is not a state file of ponte log verify`);
  }
}

async function saveState(path: string, state: LogState): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const partial = `${path}.partial`;
  const file = await open(partial, 'w', 0o600);
  try {
    await file.writeFile(`${JSON.stringify(state, null, 2)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(partial, path);
}

/** Whether the tree of `to.size` extends the tree kept: a consistency proof from the hub's tiles, checked against both roots. */
async function consistent(hub: Hub, from: Pick<LogState, 'size' | 'rootHash'>, to: Verified): Promise<boolean> {
  const { TileReader, consistencyRanges, entriesAt, tilePath, TILE_WIDTH, verifyConsistency } = await audit();
  const reader = new TileReader(to.size, (coordinates) =>
    Promise.all(
      coordinates.map(async ({ level, index }) => {
        const width = Math.min(TILE_WIDTH, entriesAt(to.size, level) - index * TILE_WIDTH);
        // The tile's path is C2SP's, slashes and all: put in as it is, not as one encoded segment.
        const { data } = await hub.call<ArrayBuffer>(hub.api.GET('/v1/log/tile/{tilePath}', { params: { path: { tilePath: tilePath(level, index, width) } }, parseAs: 'arrayBuffer', pathSerializer: (template, params) => template.replace('{tilePath}', String(params.tilePath)) }));
        return { level, index, hashes: Buffer.from(data) };
      }),
    ),
  );
  const ranges = consistencyRanges(from.size, to.size);
  try {
    await reader.load(ranges);
    return verifyConsistency(from.size, to.size, Buffer.from(from.rootHash, 'hex'), Buffer.from(to.rootHash, 'hex'), ranges.map(([lo, hi]) => reader.hash(lo, hi)));
  } catch (error) {
    if (error instanceof CliError && error.exitCode !== EXIT.refused) throw error;
    return false;
  }
}

/** What `GET /v1/log/events/{id}/proof` answers: the event, its leaf and audit path, and the head they are against. */
interface InclusionProof {
  event: {
    id: string;
    occurredAt: string;
    actor: { kind: string; id: string; agencyId: string };
    subjectId: string | null;
    owningAgencyId: string | null;
    resource: string;
    resourceId: string | null;
    action: string;
    fields: string[];
    purpose: string | null;
    legalBasis: string | null;
    decision: string;
    rule: string | null;
    breakGlass: boolean;
    requestId: string | null;
  };
  leafHash: string;
  logIndex: number;
  treeSize: number;
  rootHash: string;
  auditPath: string[];
}

const bytesOf = (hash: string) => Buffer.from(hash, /^[0-9a-f]{64}$/i.test(hash) ? 'hex' : 'base64');

/**
 * Whether an access event is in the verified log: its leaf recomputed from the event as served
 * (the log's canonical encoding), its audit path up to the head the hub proved it against, and
 * that head the verified checkpoint or a tree it extends.
 */
async function included(hub: Hub, proof: InclusionProof, latest: Verified): Promise<{ id: string; logIndex: number; treeSize: number }> {
  const { canonicalEvent, leafHash, verifyInclusion } = await audit();
  const e = proof.event;
  const row = {
    id: e.id,
    agency_id: e.actor.agencyId,
    occurred_at: e.occurredAt,
    actor_kind: e.actor.kind,
    actor_id: e.actor.id,
    owning_agency_id: e.owningAgencyId,
    subject_id: e.subjectId,
    resource: e.resource,
    resource_id: e.resourceId,
    action: e.action,
    fields: e.fields,
    purpose: e.purpose,
    legal_basis: e.legalBasis,
    decision: e.decision,
    rule: e.rule,
    break_glass: e.breakGlass,
    request_id: e.requestId,
  };
  const leaf = leafHash(canonicalEvent(row as never, proof.logIndex));
  if (!leaf.equals(bytesOf(proof.leafHash))) throw notVerified(`the hub's leaf for access event ${e.id} is not the event it serves`);
  if (!verifyInclusion(proof.logIndex, proof.treeSize, leaf, proof.auditPath.map(bytesOf), bytesOf(proof.rootHash))) throw notVerified(`access event ${e.id} is NOT in the tree of ${proof.treeSize} the hub proved it against`);
  const root = bytesOf(proof.rootHash).toString('hex');
  if (proof.treeSize > latest.size || (proof.treeSize === latest.size && root !== latest.rootHash)) throw notVerified(`the tree of ${proof.treeSize} access event ${e.id} was proved against is not the verified checkpoint's`);
  if (proof.treeSize < latest.size && !(await consistent(hub, { size: proof.treeSize, rootHash: root }, latest))) throw notVerified(`the tree of ${proof.treeSize} access event ${e.id} was proved against is not extended by the verified checkpoint`);
  return { id: e.id, logIndex: proof.logIndex, treeSize: proof.treeSize };
}

export const logVerify: Command = {
  group: 'log',
  verb: 'verify',
  summary: "Verify the hub's latest checkpoint and that its log only grew since the last one this command kept.",
  notes: [
    'The first run keeps the verified checkpoint in the state file; each later run verifies the new one,',
    'refuses a smaller tree (a rollback) or another root for the same size (a fork), checks a consistency',
    'proof from the hub’s tiles against both roots, and keeps the new checkpoint. Exit 1 when it fails.',
  ].join('\n'),
  options: {
    ...HUB_KEY,
    state: { type: 'string', value: '<file>', description: 'where the last checkpoint is kept (default: log-<profile>.json in the config folder)' },
    event: { type: 'string', multiple: true, value: '<access event id>', description: 'also prove this access event is in the verified log (a privacy officer’s client)' },
  },
  async run(ctx) {
    const statePath = stringOption(ctx, 'state') ?? join(configDir(ctx.io.env), `log-${ctx.profileName}.json`);
    const eventIds = (ctx.values.event as string[] | undefined) ?? [];
    const hub = await ctx.hub();
    // The proofs first: the checkpoint read after them is of their tree or a larger one.
    const proofs: InclusionProof[] = [];
    for (const id of eventIds) proofs.push((await hub.call(hub.api.GET('/v1/log/events/{id}/proof', { params: { path: { id } } }))).data as unknown as InclusionProof);
    const latest = await verifiedCheckpoint(ctx, hub, false);
    const kept = await loadState(statePath);
    const next: LogState = { origin: latest.origin, hubKey: latest.hubKey, size: latest.size, rootHash: latest.rootHash, checkpoint: latest.note };
    const report = { verified: true, origin: latest.origin, previousSize: kept?.size ?? null, size: latest.size, rootHash: latest.rootHash, state: statePath };
    if (kept) {
      if (kept.origin !== latest.origin) throw notVerified(`the checkpoint is of another log (${latest.origin}, not ${kept.origin}); give another --state`);
      if (latest.size < kept.size) throw notVerified(`ROLLBACK: the hub's log has ${latest.size} entries, fewer than the ${kept.size} of the checkpoint kept in ${statePath}`);
      if (latest.size === kept.size && latest.rootHash !== kept.rootHash) throw notVerified(`FORK: the hub signed another root for tree size ${latest.size} than the checkpoint kept in ${statePath}`);
      if (latest.size > kept.size && !(await consistent(hub, kept, latest))) throw notVerified(`INCONSISTENT: the hub's tree of ${latest.size} does not extend the tree of ${kept.size} kept in ${statePath}`);
    }
    await saveState(statePath, next);
    const events: Array<{ id: string; logIndex: number; treeSize: number }> = [];
    for (const proof of proofs) events.push(await included(hub, proof, latest));
    if (events.length > 0) Object.assign(report, { events });
    ctx.print(
      () =>
        `${kept ? say(ctx.lang, `the log is consistent: ${kept.size} → ${latest.size} entries`, `o registo é consistente: ${kept.size} → ${latest.size} entradas`) : say(ctx.lang, `first checkpoint kept (${latest.size} entries); the next run checks the log only grew`, `primeiro checkpoint guardado (${latest.size} entradas); a próxima execução verifica que o registo só cresceu`)}\n${fields(report as never, [['size', 'tree size'], ['rootHash', 'root hash'], ['state', 'state']])}${events.map((e) => `${say(ctx.lang, `access event ${e.id} is in the log at index ${e.logIndex}`, `o evento de acesso ${e.id} está no registo, no índice ${e.logIndex}`)}\n`).join('')}`,
      report,
    );
  },
};
