import { consistencyFromTiles } from '@ponte/audit';
import { fieldError, PonteError } from '@ponte/contracts';
import { latestHead, withoutTenant } from '@ponte/db';
import type { Context } from '../context';
import { ensurePrivacyOfficer } from './privacy-officer';
import { withAudit } from './with-audit';

/** Proof that the log of `from` events is a prefix of the log of `to` events (RFC 6962 consistency), read from the tiles. */
export async function logConsistency({ ctx, input }: { ctx: Context; input: { from: number; to: number } }) {
  await withAudit(ctx, async (_tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'consistency');
    log.allow({ resource: 'AccessEvent', action: 'consistency', rule: 'privacy_officer.review' });
  });
  return withoutTenant(ctx.db, 'auditor', async (tx) => {
    const head = await latestHead(tx);
    const size = head?.tree_size ?? 0;
    if (input.from < 1 || input.from > input.to || input.to > size)
      throw new PonteError('invalid_request', { en: 'The sizes are outside the log', pt: 'Os tamanhos estão fora do registo' }, [
        fieldError('query', ['to'], 'in_log', { en: `from ≤ to ≤ ${size}`, pt: `from ≤ to ≤ ${size}` }),
      ]);
    const proof = await consistencyFromTiles(tx, input.from, input.to);
    return { from: input.from, to: input.to, proof: proof.map((h) => h.toString('hex')) };
  });
}
