import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consistencyProof, inclusionProof, leafHash, nodeHash, rootOf, verifyConsistency, verifyInclusion } from './merkle';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

describe('the RFC 6962 tree', () => {
  it('hashes leaves and nodes with their domain prefixes', () => {
    const a = leafHash(Buffer.from('a'));
    const b = leafHash(Buffer.from('b'));
    expect(rootOf([a, b]).equals(nodeHash(a, b))).toBe(true);
    // The empty tree is SHA-256 of nothing.
    expect(rootOf([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // Three leaves split at two: ((a, b), c).
    const c = leafHash(Buffer.from('c'));
    expect(rootOf([a, b, c]).equals(nodeHash(nodeHash(a, b), c))).toBe(true);
  });

  it('proves and verifies inclusion of every leaf in trees of every size up to 70', () => {
    for (let n = 1; n <= 70; n++) {
      const tree = leaves(n);
      const root = rootOf(tree);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, tree);
        expect(verifyInclusion(i, n, tree[i]!, proof, root)).toBe(true);
        expect(verifyInclusion(i, n, leafHash(Buffer.from('forged')), proof, root)).toBe(false);
        if (n > 1) expect(verifyInclusion((i + 1) % n, n, tree[i]!, proof, root)).toBe(false);
      }
    }
  });

  it('proves and verifies consistency between every pair of sizes up to 40', () => {
    for (let n = 1; n <= 40; n++) {
      const tree = leaves(n);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, tree);
        expect(verifyConsistency(m, n, rootOf(tree.slice(0, m)), rootOf(tree), proof)).toBe(true);
        if (m < n) {
          const rewritten = [...tree.slice(0, m - 1), leafHash(Buffer.from('rewritten')), ...tree.slice(m)];
          expect(verifyConsistency(m, n, rootOf(tree.slice(0, m)), rootOf(rewritten), consistencyProof(m, rewritten))).toBe(false);
        }
      }
    }
  });

  it('rejects any tampered proof node (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 64 }), fc.nat(), fc.nat(), (n, i, j) => {
        const tree = leaves(n);
        const index = i % n;
        const proof = inclusionProof(index, tree);
        if (proof.length === 0) return;
        const bad = proof.map((p, k) => (k === j % proof.length ? leafHash(p) : p));
        expect(verifyInclusion(index, n, tree[index]!, bad, rootOf(tree))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
