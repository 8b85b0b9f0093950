/**
 * RFC 6962 Merkle trees (section 2.1): leaf hash SHA-256(0x00 || entry), node
 * hash SHA-256(0x01 || left || right), the empty tree's hash SHA-256(""), and
 * the audit (inclusion) and consistency proofs of sections 2.1.1 and 2.1.2.
 *
 * Hand-written: no npm package implements C2SP tlog-tiles, and the algorithms
 * are short. They follow golang.org/x/mod/sumdb/tlog (tlog.go: subTreeHash,
 * leafProof, treeProof, runRecordProof, runTreeProof) step for step, so that
 * proofs made here check there and the other way round (tests/tlog-oracle).
 *
 * A tree is read through a HashSource: the hash of the complete subtree of
 * 2^level leaves numbered n at that level (a stored hash in Go's terms). The
 * build holds every level in memory (MerkleTree); a client reads them from
 * tiles (tiles.ts).
 */
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;
export type Hash = Uint8Array;

/** The hash of the complete subtree of 2^level leaves with index n at that level. */
export type HashSource = (level: number, n: number) => Hash;

export class ProofError extends Error {
  constructor(message = 'the proof does not verify') {
    super(message);
    this.name = 'ProofError';
  }
}

export function leafHash(entry: Uint8Array): Hash {
  return createHash('sha256').update(Uint8Array.of(0)).update(entry).digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(Uint8Array.of(1)).update(left).update(right).digest();
}

export const EMPTY_TREE_HASH: Hash = createHash('sha256').digest();

export function sameHash(a: Hash, b: Hash): boolean {
  return (
    a.length === b.length &&
    Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))
  );
}

/** The largest power of two below n (n > 1), and its log2: where RFC 6962 splits [lo, lo+n). */
function split(n: number): { k: number; level: number } {
  let level = 0;
  while (2 ** (level + 1) < n) level++;
  return { k: 2 ** level, level };
}

/** MTH(D[lo:hi]) for lo < hi, from the complete subtrees that tile the range (Go: subTreeIndex + subTreeHash). */
export function subtreeHash(source: HashSource, lo: number, hi: number): Hash {
  const parts: Hash[] = [];
  while (lo < hi) {
    const { k, level } = split(hi - lo + 1);
    if (lo % k !== 0) throw new Error('merkle: bad subtree range');
    parts.push(source(level, lo / k));
    lo += k;
  }
  let hash = parts[parts.length - 1]!;
  for (let i = parts.length - 2; i >= 0; i--) hash = nodeHash(parts[i]!, hash);
  return hash;
}

/** The root hash of the tree of the first `size` leaves. */
export function treeHash(source: HashSource, size: number): Hash {
  return size === 0 ? EMPTY_TREE_HASH : subtreeHash(source, 0, size);
}

/** The proof that leaf n is in the tree of `size` leaves (RFC 6962 PATH; Go: ProveRecord). */
export function inclusionProof(source: HashSource, size: number, n: number): Hash[] {
  if (!(n >= 0 && n < size)) throw new RangeError(`merkle: entry ${n} is not in a tree of ${size}`);
  const walk = (lo: number, hi: number): Hash[] => {
    if (lo + 1 === hi) return [];
    const { k } = split(hi - lo);
    if (n < lo + k) return [...walk(lo, lo + k), subtreeHash(source, lo + k, hi)];
    return [...walk(lo + k, hi), subtreeHash(source, lo, lo + k)];
  };
  return walk(0, size);
}

/** Checks that `proof` shows leaf n with hash `leaf` in the tree of `size` leaves with root `root` (Go: CheckRecord). */
export function checkInclusion(proof: readonly Hash[], size: number, root: Hash, n: number, leaf: Hash): void {
  if (!(n >= 0 && n < size)) throw new ProofError(`entry ${n} is not in a tree of ${size}`);
  const run = (p: readonly Hash[], lo: number, hi: number): Hash => {
    if (lo + 1 === hi) {
      if (p.length !== 0) throw new ProofError();
      return leaf;
    }
    if (p.length === 0) throw new ProofError();
    const { k } = split(hi - lo);
    const last = p[p.length - 1]!;
    const rest = p.slice(0, -1);
    return n < lo + k ? nodeHash(run(rest, lo, lo + k), last) : nodeHash(last, run(rest, lo + k, hi));
  };
  if (!sameHash(run(proof, 0, size), root)) throw new ProofError();
}

/** The proof that the tree of `size` leaves extends the tree of its first `oldSize` (RFC 6962 PROOF; Go: ProveTree). */
export function consistencyProof(source: HashSource, size: number, oldSize: number): Hash[] {
  if (!(oldSize >= 1 && oldSize <= size))
    throw new RangeError(`merkle: no consistency proof from ${oldSize} to ${size}`);
  const walk = (lo: number, hi: number): Hash[] => {
    if (oldSize === hi) return lo === 0 ? [] : [subtreeHash(source, lo, hi)];
    const { k } = split(hi - lo);
    if (oldSize <= lo + k) return [...walk(lo, lo + k), subtreeHash(source, lo + k, hi)];
    return [...walk(lo + k, hi), subtreeHash(source, lo, lo + k)];
  };
  return walk(0, size);
}

/** Checks that the tree (`size`, `root`) extends the tree (`oldSize`, `oldRoot`) (Go: CheckTree). An empty old tree is extended by every tree. */
export function checkConsistency(
  proof: readonly Hash[],
  size: number,
  root: Hash,
  oldSize: number,
  oldRoot: Hash,
): void {
  if (oldSize === 0) {
    if (proof.length !== 0 || !sameHash(oldRoot, EMPTY_TREE_HASH)) throw new ProofError();
    return;
  }
  if (!(oldSize <= size)) throw new ProofError(`a tree of ${size} cannot extend a tree of ${oldSize}`);
  const run = (p: readonly Hash[], lo: number, hi: number): [Hash, Hash] => {
    if (oldSize === hi) {
      if (lo === 0) {
        if (p.length !== 0) throw new ProofError();
        return [oldRoot, oldRoot];
      }
      if (p.length !== 1) throw new ProofError();
      return [p[0]!, p[0]!];
    }
    if (p.length === 0) throw new ProofError();
    const { k } = split(hi - lo);
    const last = p[p.length - 1]!;
    const rest = p.slice(0, -1);
    if (oldSize <= lo + k) {
      const [oh, th] = run(rest, lo, lo + k);
      return [oh, nodeHash(th, last)];
    }
    const [oh, th] = run(rest, lo + k, hi);
    return [nodeHash(last, oh), nodeHash(last, th)];
  };
  const [oh, th] = run(proof, 0, size);
  if (!sameHash(oh, oldRoot) || !sameHash(th, root)) throw new ProofError();
}

/** Every complete subtree's hash, level by level, from the leaf hashes: what the build writes as tiles. */
export class MerkleTree {
  /** levels[l][n]: the hash of the complete subtree of 2^l leaves numbered n. */
  readonly levels: Hash[][] = [[]];

  constructor(leaves: readonly Hash[] = []) {
    for (const leaf of leaves) this.append(leaf);
  }

  get size(): number {
    return this.levels[0]!.length;
  }

  /** Adds a leaf hash, completing the subtrees it closes (Go: StoredHashes). */
  append(leaf: Hash): void {
    let hash = leaf;
    for (let level = 0; ; level++) {
      const row = (this.levels[level] ??= []);
      row.push(hash);
      if (row.length % 2 === 1) return;
      hash = nodeHash(row[row.length - 2]!, hash);
    }
  }

  readonly source: HashSource = (level, n) => {
    const hash = this.levels[level]?.[n];
    if (!hash) throw new Error(`merkle: no complete subtree ${n} at level ${level}`);
    return hash;
  };

  root(size = this.size): Hash {
    return treeHash(this.source, size);
  }
}
