import { checkpointOrigin, checkpointText, noteVerifierKey, signNote } from '@ponte/audit';
import { PonteError } from '@ponte/contracts';
import { cosignaturesOf, findHead, latestHead, latestWitnessed, withoutTenant } from '@ponte/db';
import type { Context } from '../context';

/**
 * A signed head as a C2SP checkpoint in a signed note, under the key named by the hub's origin,
 * with the cosignatures agencies' witnesses posted for it and the verifier key a note reader needs.
 * The latest head; or, `witnessed`, the latest one cosigned by witnesses of as many agencies as the
 * hub requires. Like the JWS heads, every agency may fetch it.
 */
export async function getLogCheckpoint({ ctx, input = {} }: { ctx: Context; input?: { witnessed?: boolean | undefined } }) {
  const required = ctx.settings.witnessesRequired ?? 1;
  const { head, cosignatures } = await withoutTenant(ctx.db, 'auditor', async (tx) => {
    const witnessed = input.witnessed ? await latestWitnessed(tx, required) : undefined;
    const head = input.witnessed ? (witnessed ? await findHead(tx, witnessed.tree_size) : undefined) : await latestHead(tx);
    return { head, cosignatures: head ? await cosignaturesOf(tx, head.tree_size) : [] };
  });
  if (!head)
    throw new PonteError(
      'not_found',
      input.witnessed
        ? { en: `No checkpoint has been cosigned by witnesses of ${required} agencies yet`, pt: `Nenhum ponto de controlo foi ainda cossinado por testemunhas de ${required} agências` }
        : { en: 'The access log has no signed head yet', pt: 'O registo de acessos ainda não tem cabeça assinada' },
      undefined,
      { rule: 'AccessEvent.read' },
    );
  const origin = checkpointOrigin(ctx.settings.publicUrl);
  // One key for the key id, the signature and the verifier key, whatever a rotation does meanwhile.
  const signer = ctx.tokens.signer(ctx.now());
  const publicKey = signer.publicKey;
  const text = checkpointText(origin, head.tree_size, head.root_hash);
  // A cosignature is of the note's text, origin included: one made under another address is left out.
  const ofThisNote = cosignatures.filter((c) => c.body === text);
  const witnessedBy = new Set(ofThisNote.map((c) => c.agency_id)).size;
  return {
    note: signNote(text, origin, publicKey, signer.sign) + ofThisNote.map((c) => `\u2014 ${c.name} ${c.signature.toString('base64')}\n`).join(''),
    treeSize: head.tree_size,
    verifierKey: noteVerifierKey(origin, publicKey),
    witnessedBy,
    witnessed: witnessedBy >= required,
  };
}
