import { checkpointOrigin, checkpointText, noteVerifierKey, signNote } from '@ponte/audit';
import { PonteError } from '@ponte/contracts';
import { latestHead, withoutTenant } from '@ponte/db';
import type { Context } from '../context';

/**
 * The latest signed head as a C2SP checkpoint in a signed note, under the key named by the hub's
 * origin, with the verifier key a note reader needs. Like the JWS heads, every agency may fetch it.
 */
export async function getLogCheckpoint({ ctx }: { ctx: Context }) {
  const head = await withoutTenant(ctx.db, 'hub', (tx) => latestHead(tx));
  if (!head) throw new PonteError('not_found', { en: 'The access log has no signed head yet', pt: 'O registo de acessos ainda não tem cabeça assinada' }, undefined, { rule: 'AccessEvent.read' });
  const origin = checkpointOrigin(ctx.settings.publicUrl);
  const publicKey = ctx.tokens.publicKeyBytes();
  return {
    note: signNote(checkpointText(origin, head.tree_size, head.root_hash), origin, publicKey, (data) => ctx.tokens.signRaw(data)),
    treeSize: head.tree_size,
    verifierKey: noteVerifierKey(origin, publicKey),
  };
}
