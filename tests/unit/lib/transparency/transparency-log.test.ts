/**
 * The issuance log's core (issue 28): RFC 6962 hashing and proofs, C2SP
 * tlog-tiles paths and tiles, C2SP signed notes and checkpoints; and the
 * independent check by Go's golang.org/x/mod/sumdb/tlog and sumdb/note
 * (tests/tlog-oracle), which verifies the checkpoint, recomputes the root from
 * the tiles, checks every entry's inclusion, consistency between two
 * checkpoints, and the proofs this code makes.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { TransparencyLog } from '../../../../src/lib/transparency/log.ts';
import {
  checkConsistency,
  checkInclusion,
  consistencyProof,
  EMPTY_TREE_HASH,
  inclusionProof,
  leafHash,
  MerkleTree,
  nodeHash,
  ProofError,
  treeHash,
} from '../../../../src/lib/transparency/merkle.ts';
import {
  logKeyFrom,
  logOrigin,
  NoteError,
  noteSigner,
  noteVerifier,
  openCheckpoint,
  openNote,
  signNote,
} from '../../../../src/lib/transparency/note.ts';
import {
  decodeBundle,
  encodeBundle,
  tileHashSource,
  tileIndexPath,
  tilePath,
  tilesOf,
} from '../../../../src/lib/transparency/tiles.ts';
import { oracleMissing, runOracle } from '../../../helpers/tlog-oracle.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'emblem-tlog-'));
after(() => rmSync(work, { recursive: true, force: true }));

const entry = (i: number) => new TextEncoder().encode(`{"entry":${i}}`);
const logOf = (size: number) => new TransparencyLog(Array.from({ length: size }, (_, i) => entry(i)));
const signer = noteSigner('badges.example.org/log', new Uint8Array(32).fill(7));
const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');

/** Writes a log's files into a folder, as the build does. */
function writeLog(dir: string, log: TransparencyLog): string {
  for (const [relative, bytes] of log.files(signer)) {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), bytes);
  }
  return dir;
}

/** MTH straight from RFC 6962's recursive definition, to check the tree against. */
function mth(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return EMPTY_TREE_HASH;
  if (leaves.length === 1) return leafHash(leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

describe('Merkle tree (RFC 6962)', () => {
  test('the root matches the recursive definition for every size up to 40', () => {
    const entries = Array.from({ length: 40 }, (_, i) => entry(i));
    const tree = new MerkleTree();
    assert.deepEqual(tree.root(), EMPTY_TREE_HASH);
    entries.forEach((e, i) => {
      tree.append(leafHash(e));
      assert.deepEqual(tree.root(), mth(entries.slice(0, i + 1)), `size ${i + 1}`);
    });
    // A smaller tree's root from the same stored hashes (what a checkpoint of an earlier build needs).
    assert.deepEqual(tree.root(13), mth(entries.slice(0, 13)));
  });

  test('inclusion and consistency proofs check, and fail on any other leaf, index, size or root', () => {
    const tree = new MerkleTree(Array.from({ length: 37 }, (_, i) => leafHash(entry(i))));
    for (let size = 1; size <= 37; size++) {
      const root = tree.root(size);
      for (let n = 0; n < size; n++) {
        const proof = inclusionProof(tree.source, size, n);
        checkInclusion(proof, size, root, n, leafHash(entry(n)));
        assert.throws(() => checkInclusion(proof, size, root, n, leafHash(entry(n + 1))), ProofError);
        if (size > 1)
          assert.throws(() => checkInclusion(proof, size, root, (n + 1) % size, leafHash(entry(n))), ProofError);
      }
      for (let old = 1; old <= size; old++) {
        const proof = consistencyProof(tree.source, size, old);
        checkConsistency(proof, size, root, old, tree.root(old));
        assert.throws(() => checkConsistency(proof, size, root, old, leafHash(entry(99))), ProofError);
        if (old < size)
          assert.throws(() => checkConsistency(proof, size, tree.root(size - 1), old, tree.root(old)), ProofError);
      }
    }
  });

  test('a tree with one entry rewritten is not consistent with the original', () => {
    const original = logOf(20);
    const rewritten = new TransparencyLog([
      ...original.entries.slice(0, 5),
      entry(500),
      ...original.entries.slice(6),
      entry(20),
    ]);
    assert.throws(() => rewritten.checkExtends(original.checkpoint('x')), ProofError);
    const appended = new TransparencyLog([...original.entries, entry(20)]);
    appended.checkExtends(original.checkpoint('x'));
  });
});

describe('tiles (C2SP tlog-tiles)', () => {
  test('index paths in groups of three, x on all but the last', () => {
    assert.equal(tileIndexPath(1234067), 'x001/x234/067');
    assert.equal(tileIndexPath(0), '000');
    assert.equal(tileIndexPath(1000), 'x001/000');
    assert.equal(tilePath(0, 5, 112), 'tile/0/005.p/112');
    assert.equal(tilePath('entries', 1234067), 'tile/entries/x001/x234/067');
  });

  test("a tree of 70,000 is the specification's example: 273 full and one partial (112) level-0 tile, one full and one partial (17) level-1 tile, a partial level-2 tile of 1", () => {
    const tiles = tilesOf(70000);
    const at = (level: number | 'entries') => tiles.filter((t) => t.level === level).map((t) => t.width);
    assert.deepEqual(at(0), [...Array(273).fill(256), 112]);
    assert.deepEqual(at(1), [256, 17]);
    assert.deepEqual(at(2), [1]);
    assert.deepEqual(at('entries'), at(0));
    assert.deepEqual(
      tilesOf(256).map((t) => t.path),
      ['tile/entries/000', 'tile/0/000', 'tile/1/000.p/1'],
    );
  });

  test('the root read back through the tiles is the root; bundles decode to the entries', () => {
    for (const size of [1, 255, 256, 257, 300, 65537]) {
      const log = logOf(size);
      const files = new Map(tilesOf(size).map((ref) => [ref.path, log.tile(ref)]));
      const source = tileHashSource(size, (ref) => files.get(ref.path)!);
      assert.deepEqual(Buffer.from(rootThroughTiles(source, size, log)), Buffer.from(log.tree.root()), `size ${size}`);
      const bundles = tilesOf(size).filter((t) => t.level === 'entries');
      assert.deepEqual(
        bundles.flatMap((ref) => decodeBundle(files.get(ref.path)!)).map((e) => Buffer.from(e).toString()),
        log.entries.map((e) => Buffer.from(e).toString()),
      );
    }
    assert.deepEqual(decodeBundle(encodeBundle([])), []);
    assert.throws(() => decodeBundle(Uint8Array.of(0, 5, 1)), /truncated/);
  });
});

function rootThroughTiles(source: ReturnType<typeof tileHashSource>, size: number, log: TransparencyLog) {
  // The root from the tiles' hashes alone, and a proof made from them checks against the tree's root.
  const fromTiles = treeHash(source, size);
  checkInclusion(
    inclusionProof(source, size, size - 1),
    size,
    log.tree.root(),
    size - 1,
    leafHash(log.entries[size - 1]!),
  );
  return fromTiles;
}

describe('signed notes (C2SP signed-note, tlog-checkpoint)', () => {
  test("the specification's example note verifies with its verifier key, and not once changed", () => {
    const vkey = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
    const note =
      'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
    assert.deepEqual(openNote(note, [noteVerifier(vkey)]), {
      text: 'This is an example message.\n',
      verifiedBy: ['example.com/foo'],
    });
    assert.throws(
      () => openNote(note.replace('example message', 'example massage'), [noteVerifier(vkey)]),
      /does not verify/,
    );
    assert.throws(() => noteVerifier(vkey.replace('530d903a', '530d903b')), /key hash/);
  });

  test('a checkpoint signs and opens; another key, another origin or a changed size is refused; unknown signatures are ignored', () => {
    const log = logOf(3);
    const note = new TextDecoder().decode(log.files(signer).get('checkpoint'));
    const lines = note.split('\n');
    assert.equal(lines[0], 'badges.example.org/log');
    assert.equal(lines[1], '3');
    assert.equal(lines[2], b64(log.root()));
    assert.match(lines[4]!, /^— badges\.example\.org\/log [A-Za-z0-9+/]+=*$/);
    const verifier = noteVerifier(signer.vkey);
    assert.equal(openCheckpoint(note, [verifier], 'badges.example.org/log').size, 3);
    assert.throws(() => openCheckpoint(note, [verifier], 'other.example/log'), /not "other.example\/log"/);
    assert.throws(() => openCheckpoint(note.replace('\n3\n', '\n4\n'), [verifier]), NoteError);
    const other = noteSigner('badges.example.org/log', new Uint8Array(32).fill(8));
    assert.throws(() => openCheckpoint(note, [noteVerifier(other.vkey)]), /no signature by a known key/);
    const cosigned = signNote(note.slice(0, note.lastIndexOf('\n\n') + 1), [other, signer]);
    assert.equal(openCheckpoint(cosigned, [verifier]).size, 3);
  });

  test('the log key is derived from the signing key, named for the site', () => {
    const a = logKeyFrom('zrv-secret-1', logOrigin('https://badges.example.org/'));
    assert.equal(a.name, 'badges.example.org/log');
    assert.equal(logOrigin('https://example.org/badges/'), 'example.org/badges/log');
    assert.equal(logKeyFrom('zrv-secret-1', a.name).vkey, a.vkey);
    assert.notEqual(logKeyFrom('zrv-secret-2', a.name).vkey, a.vkey);
    assert.doesNotMatch(a.vkey, /zrv/);
  });
});

describe('Go oracle (golang.org/x/mod/sumdb)', () => {
  const missing = oracleMissing();
  test('checks the checkpoint, the tiles, every inclusion, consistency between two builds, and our proofs', {
    skip: missing,
  }, () => {
    const sizes = [1, 255, 256, 257, 70000];
    let previous: { size: number; checkpoint: string } | undefined;
    for (const size of sizes) {
      const log = logOf(size);
      const dir = writeLog(path.join(work, `log-${size}`), log);
      const proofs = {
        inclusion: [0, Math.floor(size / 2), size - 1].map((index) => ({
          index,
          proof: inclusionProof(log.tree.source, size, index).map(b64),
        })),
        ...(previous
          ? {
              consistency: {
                oldSize: previous.size,
                proof: consistencyProof(log.tree.source, size, previous.size).map(b64),
              },
            }
          : {}),
      };
      writeFileSync(path.join(dir, '../proofs.json'), JSON.stringify(proofs));
      // Every entry's inclusion, but one in 97 in the tree with level-2 tiles (Go re-reads and re-checks tiles for each proof).
      const every = size > 1000 ? 97 : 1;
      const result = runOracle(dir, signer.vkey, {
        old: previous?.checkpoint,
        proofs: path.join(dir, '../proofs.json'),
        every,
      });
      assert.ok(result.ok, result.error ?? '');
      assert.equal(result.summary!.root, b64(log.root()));
      assert.equal(result.summary!.entries, size);
      assert.equal(result.summary!.inclusionChecked, Math.ceil(size / every) + ((size - 1) % every === 0 ? 0 : 1));
      assert.equal(result.summary!.tsInclusionChecked, 3);
      assert.equal(result.summary!.consistentWith, previous?.size);
      assert.equal(result.summary!.tsConsistencyChecked, previous !== undefined);
      previous = { size, checkpoint: path.join(dir, 'checkpoint') };
    }
  });

  test('refuses a rewritten entry, a changed tile, another key, and a log rebuilt from scratch', {
    skip: missing,
  }, () => {
    const old = writeLog(path.join(work, 'old'), logOf(300));
    const rebuilt = writeLog(
      path.join(work, 'rebuilt'),
      new TransparencyLog([entry(1), ...logOf(400).entries.slice(1).reverse()]),
    );
    const result = runOracle(rebuilt, signer.vkey, { old: path.join(old, 'checkpoint') });
    assert.equal(result.ok, false);
    assert.match(result.error!, /does not extend|invalid transparency proof/);

    const tampered = writeLog(path.join(work, 'tampered'), logOf(300));
    const bundle = path.join(tampered, 'tile/entries/000');
    writeFileSync(
      bundle,
      Buffer.from(readFileSync(bundle).toString('latin1').replace('{"entry":7}', '{"entry":8}'), 'latin1'),
    );
    assert.match(runOracle(tampered, signer.vkey).error!, /entry 7 is not in the tree/);

    const tile = path.join(tampered, 'tile/0/000');
    const bytes = readFileSync(tile);
    bytes[40] ^= 1;
    writeFileSync(tile, bytes);
    assert.equal(runOracle(tampered, signer.vkey).ok, false);

    const other = noteSigner('badges.example.org/log', new Uint8Array(32).fill(9));
    assert.match(runOracle(old, other.vkey).error!, /no verifiable signatures/);
  });
});
