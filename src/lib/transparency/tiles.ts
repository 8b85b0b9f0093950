/**
 * The C2SP tlog-tiles layout (https://c2sp.org/tlog-tiles): the tree served
 * as static files under the log's prefix.
 *
 *   checkpoint                      the signed tree head (note.ts)
 *   tile/<L>/<N>[.p/<W>]            256 hashes (8,192 bytes) of tree level 8·L; a partial tile has W < 256
 *   tile/entries/<N>[.p/<W>]        the entries of level-0 tile N, each a big-endian uint16 length and the bytes
 *
 * <N> in 3-digit groups, every group but the last with an x: 1234067 is
 * x001/x234/067. Tiles have height 8 (the specification's only height).
 * A tile's hashes are those of the complete subtrees of 256^L leaves (L = the
 * tile level), so a tile hashes to one hash of the tile above.
 */
import { HASH_SIZE, type Hash, type HashSource, nodeHash } from './merkle.ts';
import { TILE_WIDTH, tilePath } from './tile-paths.ts';

export { TILE_WIDTH, tileIndexPath, tilePath } from './tile-paths.ts';

export const TILE_HEIGHT = 8;
/** Entries are uint16 length-prefixed in a bundle. */
export const MAX_ENTRY_BYTES = 0xffff;

export interface TileRef {
  /** Tile level (tree level 8·level), or 'entries'. */
  level: number | 'entries';
  n: number;
  width: number;
  path: string;
}

/** Every tile (and entry bundle) a tree of `size` leaves is served as: full tiles, then the partial one, level by level. */
export function tilesOf(size: number): TileRef[] {
  const refs: TileRef[] = [];
  const add = (level: number | 'entries', count: number) => {
    const full = Math.floor(count / TILE_WIDTH);
    for (let n = 0; n < full; n++) refs.push({ level, n, width: TILE_WIDTH, path: tilePath(level, n) });
    const rest = count % TILE_WIDTH;
    if (rest) refs.push({ level, n: full, width: rest, path: tilePath(level, full, rest) });
  };
  add('entries', size);
  for (let level = 0; Math.floor(size / TILE_WIDTH ** level) > 0; level++)
    add(level, Math.floor(size / TILE_WIDTH ** level));
  return refs;
}

/** A hash tile's bytes: the hashes of tree level 8·L numbered n·256 … n·256+width-1. */
export function tileBytes(source: HashSource, ref: TileRef): Uint8Array {
  if (ref.level === 'entries') throw new Error('tileBytes: an entry bundle is not a hash tile');
  const bytes = new Uint8Array(ref.width * HASH_SIZE);
  for (let i = 0; i < ref.width; i++) bytes.set(source(TILE_HEIGHT * ref.level, ref.n * TILE_WIDTH + i), i * HASH_SIZE);
  return bytes;
}

export function encodeBundle(entries: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(entries.reduce((sum, e) => sum + 2 + e.length, 0));
  let at = 0;
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_BYTES)
      throw new RangeError(`a log entry of ${entry.length} bytes does not fit a bundle`);
    bytes[at] = entry.length >> 8;
    bytes[at + 1] = entry.length & 0xff;
    bytes.set(entry, at + 2);
    at += 2 + entry.length;
  }
  return bytes;
}

export function decodeBundle(bytes: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw new Error('entry bundle: truncated length');
    const length = (bytes[at]! << 8) | bytes[at + 1]!;
    if (at + 2 + length > bytes.length) throw new Error('entry bundle: truncated entry');
    entries.push(bytes.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}

/** MTH of a run of 2^k hashes laid end to end (Go: tileHash). */
function hashRun(data: Uint8Array): Hash {
  if (data.length === HASH_SIZE) return data;
  const half = data.length / 2;
  return nodeHash(hashRun(data.subarray(0, half)), hashRun(data.subarray(half)));
}

/**
 * A HashSource over hash tiles for a tree of `size` leaves: `tile(ref)` gives
 * a tile's bytes (full, or partial as the tree has it). A subtree below a
 * tile's level is rebuilt from the tile's hashes, as the specification says.
 */
export function tileHashSource(size: number, tile: (ref: TileRef) => Uint8Array): HashSource {
  return (level, n) => {
    const tileLevel = Math.floor(level / TILE_HEIGHT);
    const within = level - tileLevel * TILE_HEIGHT;
    const first = n * 2 ** within;
    const tileN = Math.floor(first / TILE_WIDTH);
    const stored = Math.floor(size / TILE_WIDTH ** tileLevel);
    const width = Math.min(TILE_WIDTH, stored - tileN * TILE_WIDTH);
    if (width <= 0) throw new Error(`tiles: subtree ${n} at level ${level} is not in a tree of ${size}`);
    const data = tile({ level: tileLevel, n: tileN, width, path: tilePath(tileLevel, tileN, width) });
    const start = (first - tileN * TILE_WIDTH) * HASH_SIZE;
    const end = start + 2 ** within * HASH_SIZE;
    if (data.length !== width * HASH_SIZE || end > data.length)
      throw new Error(`tiles: ${tilePath(tileLevel, tileN, width)} has ${data.length} bytes`);
    return hashRun(data.subarray(start, end));
  };
}
