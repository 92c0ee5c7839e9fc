import { checkpointOrigin, cosignedAt, COSIGNATURE_V1, noteVerifierKey, openNote, parseVerifierKey, readCheckpoint, signedBy } from '@ponte/audit';
import { fieldError, PonteError, type Cosignature, type WitnessKey } from '@ponte/contracts';
import {
  findHead,
  findWitnessKey,
  insertCosignature,
  insertWitnessKey,
  isUniqueViolation,
  latestCosignature,
  cosignaturesOf,
  witnessKeysNamed,
  type LogCosignatureRow,
  listWitnessKeys as selectWitnessKeys,
  revokeWitnessKey as markRevoked,
  withoutTenant,
  type LogWitnessKeyRow,
} from '@ponte/db';
import { ensureCan, ensureCanCreate } from '@ponte/policy';
import type { Context } from '../context';
import { iso, notFound } from '../util';
import { withAudit } from './with-audit';

/**
 * Agencies as witnesses of the hub's access log. An agency's administrators register the keys of
 * the witnesses its own systems run; a witness posts its C2SP cosignature of a checkpoint it found
 * consistent with the last one it cosigned. The hub stores a cosignature only when every part of
 * it holds: the note is its own checkpoint of a head it has, the key is one of the caller's
 * agency's, the signature verifies, and the witness is not going back to a smaller tree.
 */

export function toWitnessKey(row: LogWitnessKeyRow): WitnessKey {
  return {
    id: row.id,
    agencyId: row.agency_id,
    name: row.name,
    keyId: row.key_id.toString('hex'),
    verifierKey: noteVerifierKey(row.name, row.public_key, COSIGNATURE_V1),
    createdAt: iso(row.created_at),
    revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
  };
}

const KEY_CHECKS = {
  format: { en: 'not a verifier key (`<name>+<key id>+<base64 key>`)', pt: 'não é uma chave de verificação (`<nome>+<id da chave>+<chave em base64>`)' },
  type: { en: 'not a cosignature/v1 Ed25519 key (type 0x04)', pt: 'não é uma chave Ed25519 de cossinatura/v1 (tipo 0x04)' },
  key_id: { en: 'the key id is not the one the name and key give', pt: 'o id da chave não é o que o nome e a chave dão' },
} as const;

/** An agency administrator registers a witness key of the agency's (its verifier key, as the witness prints it). */
export async function registerWitnessKey({ ctx, input }: { ctx: Context; input: { verifierKey: string } }) {
  const key = parseVerifierKey(input.verifierKey);
  const invalid = 'invalid' in key ? key.invalid : key.type !== COSIGNATURE_V1 ? 'type' : undefined;
  if (invalid || 'invalid' in key)
    throw new PonteError('invalid_request', { en: 'The witness key is not valid', pt: 'A chave da testemunha não é válida' }, [
      fieldError('body', ['verifierKey'], `witness_key_${invalid}`, KEY_CHECKS[invalid ?? 'type']),
    ]);
  const agencyId = ctx.principal.agencyId ?? '';
  // A line named after the hub is the hub's signature; a name is one agency's.
  if (key.name === checkpointOrigin(ctx.settings.publicUrl))
    throw new PonteError('invalid_request', { en: 'The witness key is not valid', pt: 'A chave da testemunha não é válida' }, [
      fieldError('body', ['verifierKey'], 'witness_key_name', { en: 'the name is the hub’s own', pt: 'o nome é o do próprio hub' }),
    ]);
  const sameName = await withoutTenant(ctx.db, 'auditor', (tx) => witnessKeysNamed(tx, key.name));
  return withAudit(ctx, async (tx, log) => {
    log.refusing({ resource: 'LogWitness', action: 'create' }, () => ensureCanCreate(ctx.ability, 'LogWitness', { agencyId }));
    if (sameName.some((k) => k.agency_id !== agencyId))
      throw new PonteError('conflict', { en: 'Another agency’s witness has this name', pt: 'Uma testemunha de outra agência tem este nome' }, [
        fieldError('body', ['verifierKey'], 'witness_name_taken', { en: 'another agency’s witness has this name', pt: 'uma testemunha de outra agência tem este nome' }),
      ]);
    try {
      const row = await insertWitnessKey(tx, { agency_id: agencyId, name: key.name, key_id: key.keyId, public_key: key.publicKey, created_by: ctx.principal.id, created_at: ctx.now() });
      log.allow({ resource: 'LogWitness', resourceId: row.id, action: 'create', rule: 'LogWitness.create' });
      return toWitnessKey(row);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new PonteError('conflict', { en: 'This witness key is registered already (a key is one agency’s)', pt: 'Esta chave de testemunha já está registada (uma chave é de uma só agência)' }, [
          fieldError('body', ['verifierKey'], 'unique', { en: 'registered already, by this agency or another', pt: 'já registada, por esta ou por outra agência' }),
        ]);
      throw error;
    }
  });
}

/**
 * Every agency's witness keys still in use (or, `includeRevoked`, every one ever registered): public,
 * so anyone can check a cosignature the hub serves, an older one included.
 */
export async function listWitnessKeys({ ctx, input = {} }: { ctx: Context; input?: { includeRevoked?: boolean } }) {
  const rows = await withoutTenant(ctx.db, 'auditor', (tx) => selectWitnessKeys(tx, { activeOnly: !input.includeRevoked }));
  return { items: rows.map(toWitnessKey) };
}

/** An agency administrator revokes a witness key: its cosignatures stay, it signs no more. */
export async function revokeWitnessKey({ ctx, input }: { ctx: Context; input: { id: string } }) {
  // Keys are public: one of another agency's is found, and refused as one the caller may know of.
  const row = await withoutTenant(ctx.db, 'auditor', (tx) => findWitnessKey(tx, input.id));
  return withAudit(ctx, async (tx, log) => {
    if (!row) throw log.refuse({ resource: 'LogWitness', resourceId: input.id, action: 'revoke' }, notFound('witness key', 'Chave de testemunha inexistente'));
    log.refusing({ resource: 'LogWitness', action: 'revoke', resourceId: row.id }, () => ensureCan(ctx.ability, 'revoke', 'LogWitness', { agencyId: row.agency_id }));
    const revoked = (await markRevoked(tx, row.id, ctx.now())) ?? row;
    log.allow({ resource: 'LogWitness', resourceId: row.id, action: 'revoke', rule: 'LogWitness.revoke' });
    return toWitnessKey(revoked);
  });
}

const badCosignature = (check: string, en: string, pt: string, code: 'invalid_request' | 'conflict' = 'invalid_request') =>
  new PonteError(code, { en: `The cosignature is not accepted: ${en}`, pt: `A cossinatura não é aceite: ${pt}` }, [fieldError('body', ['checkpoint'], check, { en, pt })]);

/** A witness of the caller's agency cosigns a checkpoint of the hub's (C2SP tlog-cosignature). */
export async function postCosignature({ ctx, input }: { ctx: Context; input: { checkpoint: string } }): Promise<{ cosignature: Cosignature; created: boolean }> {
  const agencyId = ctx.principal.agencyId ?? '';
  const note = openNote(input.checkpoint);
  if ('invalid' in note) throw badCosignature('signed_note', 'not a signed note', 'não é uma nota assinada');
  const checkpoint = readCheckpoint(note.text);
  if ('invalid' in checkpoint) throw badCosignature('checkpoint', 'the note is not a checkpoint', 'a nota não é um ponto de controlo');
  const origin = checkpointOrigin(ctx.settings.publicUrl);
  // Any published key: a checkpoint served just before a rotation may be cosigned just after it.
  if (checkpoint.origin !== origin || !ctx.tokens.verificationKeys().some((key) => signedBy(note, origin, key.publicKey)))
    throw badCosignature('log_signature', 'the checkpoint does not carry this hub’s signature', 'o ponto de controlo não tem a assinatura deste hub');
  // The head first, on its own: a unit of work does not open another inside it.
  const head = await withoutTenant(ctx.db, 'auditor', (auditor) => findHead(auditor, checkpoint.size));
  const result = await withAudit(ctx, async (tx, log) => {
    log.refusing({ resource: 'LogWitness', action: 'cosign' }, () => ensureCan(ctx.ability, 'cosign', 'LogWitness', { agencyId }));
    // Every line by one of the agency's keys counts: the note may carry other witnesses' lines too.
    const keys = (await selectWitnessKeys(tx, { activeOnly: true })).filter((k) => note.signatures.some((s) => s.name === k.name && s.keyId.equals(k.key_id)));
    if (keys.length === 0) throw badCosignature('known_witness_key', 'no signature by a witness key your agency registered', 'nenhuma assinatura de uma chave de testemunha registada pela sua agência');
    const signed = keys.flatMap((key) => {
      const cosigned = cosignedAt(note, { name: key.name, publicKey: key.public_key });
      return cosigned ? [{ key, ...cosigned }] : [];
    });
    if (signed.length === 0) throw badCosignature('cosignature', 'the witness’s signature does not verify', 'a assinatura da testemunha não é válida');
    if (!head) throw badCosignature('known_tree_size', 'the log has no checkpoint of this size', 'o registo não tem ponto de controlo deste tamanho');
    if (head.root_hash !== checkpoint.rootHash) throw badCosignature('log_root', 'the log’s root at this size is another', 'a raiz do registo neste tamanho é outra', 'conflict');
    // A cosignature states what the witness saw at its time: not before the head was signed, not ahead of now.
    for (const { timestamp } of signed)
      if (timestamp * 1000 > ctx.now().getTime() + 600_000 || timestamp * 1000 < head.created_at.getTime() - 600_000)
        throw badCosignature('cosignature_time', 'the cosignature’s time is before the checkpoint or in the future', 'a hora da cossinatura é anterior ao ponto de controlo ou futura');
    const kept: Array<{ row: LogCosignatureRow; created: boolean; keyId: string }> = [];
    for (const { key, timestamp, signature } of signed) {
      const latest = await latestCosignature(tx, key.id);
      if (latest && latest.tree_size > checkpoint.size)
        throw badCosignature('no_rollback', `this witness has cosigned a larger tree (${latest.tree_size})`, `esta testemunha já cossinou uma árvore maior (${latest.tree_size})`, 'conflict');
      // A size cosigned before keeps its first cosignature.
      if (latest && latest.tree_size === checkpoint.size) {
        kept.push({ row: latest, created: false, keyId: key.id });
        continue;
      }
      const row = await insertCosignature(tx, { agency_id: agencyId, witness_key_id: key.id, tree_size: checkpoint.size, root_hash: checkpoint.rootHash, body: note.text, signed_at: timestamp, signature, created_at: ctx.now() });
      kept.push({ row, created: true, keyId: key.id });
    }
    // Not an access event: a cosignature is a statement about the log, not a read of anyone's
    // record, and logging each one would grow the log by every witness round, for ever.
    return kept.find((k) => k.created) ?? kept[0]!;
  });
  const cosigners = await withoutTenant(ctx.db, 'auditor', (auditor) => cosignaturesOf(auditor, result.row.tree_size));
  return {
    created: result.created,
    cosignature: {
      treeSize: result.row.tree_size,
      rootHash: result.row.root_hash,
      agencyId,
      witnessKeyId: result.keyId,
      signedAt: iso(new Date(result.row.signed_at * 1000)),
      witnessed: new Set(cosigners.map((c) => c.agency_id)).size >= (ctx.settings.witnessesRequired ?? 1),
    },
  };
}
