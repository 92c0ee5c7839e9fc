import { TokenRejected, type TokenService } from '@ponte/auth';

export const HEAD_TYPE = 'tree-head+jwt';

/** A signed tree head: the log's size and root at a time, linked to the head before it. */
export interface TreeHead {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  previous: { treeSize: number; rootHash: string } | null;
}

export function signHead(tokens: TokenService, head: TreeHead, now: Date): Promise<string> {
  return tokens.sign({ ...head }, HEAD_TYPE, now);
}

/** The head a JWS carries, if the hub's key signed it; otherwise why not. */
export async function readSignedHead(tokens: TokenService, jws: string): Promise<{ head: TreeHead } | { rejected: string }> {
  try {
    // The hub's key and the head type make a head genuine; the hub's address may change over the years.
    const claims = (await tokens.verifySigned(jws, HEAD_TYPE, { checkIssuer: false })) as unknown as TreeHead;
    if (typeof claims.treeSize !== 'number' || typeof claims.rootHash !== 'string') return { rejected: 'claims' };
    return { head: { treeSize: claims.treeSize, rootHash: claims.rootHash, timestamp: claims.timestamp, previous: claims.previous ?? null } };
  } catch (error) {
    if (error instanceof TokenRejected) return { rejected: error.reason };
    throw error;
  }
}
