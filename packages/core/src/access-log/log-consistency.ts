import { consistencyFromTiles, fullTilesFor } from '@ponte/audit';
import { fieldError, PonteError } from '@ponte/contracts';
import { latestHead } from '@ponte/db';
import type { Context } from '../context';
import { ensurePrivacyOfficer } from './privacy-officer';
import { withAudit } from './with-audit';

/**
 * Proof that the log of `from` events is a prefix of the log of `to` events (RFC 6962 consistency),
 * in one unit of work: the head and a few tiles (the full ones the process already read are not
 * read again). The tiles are hashes: they disclose nothing about any agency's events.
 */
export async function logConsistency({ ctx, input }: { ctx: Context; input: { from: number; to: number } }) {
  return withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'consistency');
    const head = await latestHead(tx);
    const size = head?.tree_size ?? 0;
    if (input.from < 1 || input.from > input.to || input.to > size)
      throw new PonteError('invalid_request', { en: 'The sizes are outside the log', pt: 'Os tamanhos estão fora do registo' }, [
        fieldError('query', ['to'], 'in_log', { en: `from ≤ to ≤ ${size}`, pt: `from ≤ to ≤ ${size}` }),
      ]);
    log.allow({ resource: 'AccessEvent', action: 'consistency', rule: 'privacy_officer.review' });
    const proof = await consistencyFromTiles(tx, input.from, input.to, fullTilesFor(ctx.db));
    return { from: input.from, to: input.to, proof: proof.map((h) => h.toString('hex')) };
  });
}
