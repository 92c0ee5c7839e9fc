import { nodeHash, type Hash } from './merkle';

/**
 * The right edge of an append-only RFC 6962 tree: the roots of its perfect subtrees, largest
 * first. Appending a leaf merges equal heights like a binary counter; the tree's root folds the
 * edge from the right. Sealing needs only this, never the whole log.
 */
export type Frontier = Array<{ height: number; hash: Hash }>;

/** Appends a leaf to this frontier in place, a leaf at a time (an archive's check). */
export function pushLeaf(frontier: Frontier, leaf: Hash): void {
  frontier.push({ height: 0, hash: leaf });
  while (frontier.length >= 2 && frontier.at(-1)!.height === frontier.at(-2)!.height) {
    const right = frontier.pop()!;
    const left = frontier.pop()!;
    frontier.push({ height: left.height + 1, hash: nodeHash(left.hash, right.hash) });
  }
}

export function rootOfFrontier(frontier: Frontier): Hash | undefined {
  if (frontier.length === 0) return undefined;
  let root = frontier.at(-1)!.hash;
  for (let i = frontier.length - 2; i >= 0; i--) root = nodeHash(frontier[i]!.hash, root);
  return root;
}

export const encodeFrontier = (frontier: Frontier) => frontier.map((f) => ({ height: f.height, hash: f.hash.toString('hex') }));
export const decodeFrontier = (stored: Array<{ height: number; hash: string }>): Frontier => stored.map((f) => ({ height: f.height, hash: Buffer.from(f.hash, 'hex') }));
