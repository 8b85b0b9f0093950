/**
 * An issuance log as a whole: its entries, their Merkle tree, the files it is
 * served as (tiles.ts), its signed checkpoint (note.ts); and the reading of a
 * published log back, checked from its checkpoint down to every entry.
 */
import {
  type Checkpoint,
  checkpointText,
  type NoteSigner,
  type NoteVerifier,
  openCheckpoint,
  signNote,
} from './note.ts';
import { checkConsistency, consistencyProof, type Hash, leafHash, MerkleTree, ProofError, sameHash } from './merkle.ts';
import { decodeBundle, encodeBundle, TILE_WIDTH, type TileRef, tileBytes, tilesOf } from './tiles.ts';

export const CHECKPOINT_FILE = 'checkpoint';
/** The log's verifier key (vkey), one line. */
export const KEY_FILE = 'key';

export class TransparencyLog {
  readonly entries: Uint8Array[] = [];
  readonly tree = new MerkleTree();

  constructor(entries: readonly Uint8Array[] = []) {
    for (const entry of entries) this.append(entry);
  }

  get size(): number {
    return this.entries.length;
  }

  append(entry: Uint8Array): number {
    this.entries.push(entry);
    this.tree.append(leafHash(entry));
    return this.entries.length - 1;
  }

  root(size = this.size): Hash {
    return this.tree.root(size);
  }

  checkpoint(origin: string, size = this.size): Checkpoint {
    return { origin, size, root: this.root(size) };
  }

  /** Every file of the log (relative to its prefix): checkpoint, hash tiles, entry bundles, key. */
  files(signer: NoteSigner): Map<string, Uint8Array> {
    const files = new Map<string, Uint8Array>();
    for (const ref of tilesOf(this.size)) files.set(ref.path, this.tile(ref));
    files.set(
      CHECKPOINT_FILE,
      new TextEncoder().encode(signNote(checkpointText(this.checkpoint(signer.name)), [signer])),
    );
    files.set(KEY_FILE, new TextEncoder().encode(`${signer.vkey}\n`));
    return files;
  }

  tile(ref: TileRef): Uint8Array {
    if (ref.level !== 'entries') return tileBytes(this.tree.source, ref);
    return encodeBundle(this.entries.slice(ref.n * TILE_WIDTH, ref.n * TILE_WIDTH + ref.width));
  }

  /** Checks that this log extends `old` (a consistency proof from its size to this one). */
  checkExtends(old: Checkpoint): void {
    if (old.size > this.size)
      throw new ProofError(
        `the log has ${this.size} entries, fewer than the ${old.size} of the checkpoint it should extend`,
      );
    if (old.size === 0) return;
    checkConsistency(
      consistencyProof(this.tree.source, this.size, old.size),
      this.size,
      this.root(),
      old.size,
      old.root,
    );
  }
}

/** Reads a file of a published log (path relative to the log's prefix); undefined when it has none. */
export type LogFileReader = (relative: string) => Promise<Uint8Array | undefined>;

export interface ReadLog {
  checkpoint: Checkpoint & { note: string };
  log: TransparencyLog;
  /** Hash tiles served that differ from the ones the entries make (a complete check reads them all). */
  badTiles: string[];
}

/**
 * A published log read back: its checkpoint (signed by a known key, for
 * `origin`), every entry bundle, the tree rebuilt from the entries and its root
 * compared with the checkpoint's. With `tiles`, every hash tile is also read and
 * compared with the rebuilt one. Throws, saying what did not match.
 */
export async function readPublishedLog(
  read: LogFileReader,
  known: readonly NoteVerifier[],
  origin: string,
  { tiles = false, checkpoint: given }: { tiles?: boolean; checkpoint?: string } = {},
): Promise<ReadLog | undefined> {
  const note = given ?? (await readText(read, CHECKPOINT_FILE));
  if (note === undefined) return undefined;
  const checkpoint = openCheckpoint(note, known, origin);
  const log = new TransparencyLog();
  for (const ref of tilesOf(checkpoint.size)) {
    if (ref.level !== 'entries') continue;
    const bytes = await read(ref.path);
    if (!bytes) throw new Error(`the log has no ${ref.path}, which its checkpoint of ${checkpoint.size} entries needs`);
    const entries = decodeBundle(bytes);
    if (entries.length !== ref.width) throw new Error(`${ref.path} holds ${entries.length} entries, not ${ref.width}`);
    for (const entry of entries) log.append(entry);
  }
  if (!sameHash(log.root(), checkpoint.root))
    throw new Error(
      `the entries do not hash to the checkpoint's root (${checkpoint.size} entries): an entry was changed, added or removed`,
    );
  const badTiles: string[] = [];
  if (tiles)
    for (const ref of tilesOf(checkpoint.size)) {
      if (ref.level === 'entries') continue;
      const bytes = await read(ref.path);
      if (!bytes || !sameHash(bytes, log.tile(ref))) badTiles.push(ref.path);
    }
  return { checkpoint, log, badTiles };
}

export async function readText(read: LogFileReader, relative: string): Promise<string | undefined> {
  const bytes = await read(relative);
  return bytes && new TextDecoder().decode(bytes);
}
