/**
 * Entries of the build caches that hold output files (cards, award pages,
 * credential files): named `<key>-<SHA-256 of the bytes>-<seal><ext>`, so an
 * entry is checked against its own name before every use; written aside then
 * renamed, so an interrupted build never leaves part of a file under an
 * entry's name.
 *
 * The seal is an HMAC over the rest of the name, under a key derived from the
 * signing key (cacheSealFrom). The digest alone detects corruption, not
 * substitution: anyone who can write the cache (a restored CI cache, a shard
 * job, a pull request's build) could put other bytes under a key and name
 * them by their own digest. Only a holder of the signing key can make a name
 * that a build accepts, so an entry planted in a shared cache is never used.
 * Files the caches keep about their entries (CheckedEntries, the output scan's
 * facts) carry the same seal over their bytes (writeSealed, readSealed).
 *
 * placeFile puts a checked entry into the output: as a hard link to the entry
 * (no bytes copied: a warm build of a large site writes hundreds of
 * megabytes less), else as a copy (the cache on another file system, or a
 * file system without hard links).
 *
 * Caches that link their entries into the output check an entry's bytes
 * against the digest in its name before every use, so an output file edited
 * in place (which edits the entry too) is never carried into a later build:
 * the entry fails its check and is made again.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

export const sha256Hex = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The key that seals cache entries and cache records, derived from the signing
 * key's secret half (hex, so it can be handed to worker threads). Never written
 * anywhere: the privacy check guards the signing key it comes from.
 */
export type CacheSeal = string;

const CACHE_SEAL_VERSION = 'emblem-cache-seal/1';

export function cacheSealFrom(secretKeyMultibase: string): CacheSeal {
  return createHash('sha256').update(`${CACHE_SEAL_VERSION}\n${secretKeyMultibase}`).digest('hex');
}

const macOf = (seal: CacheSeal, text: string | Uint8Array) =>
  createHmac('sha256', Buffer.from(seal, 'hex')).update(text).digest('hex');

const sealedName = (key: string, digest: string, ext: string, seal: CacheSeal) =>
  `${key}-${digest}-${macOf(seal, `${key}-${digest}${ext}`).slice(0, 32)}${ext}`;

const ENTRY_NAME = /^([0-9a-f]{64})-([0-9a-f]{64})-([0-9a-f]{32})(\.[a-z]+)$/;

/** The entry's file name for these bytes under this key. */
export function entryName(key: string, bytes: Uint8Array, ext: string, seal: CacheSeal): string {
  return sealedName(key, sha256Hex(bytes), ext, seal);
}

/** The key of an entry's file name, if it is one (partial files and strangers are not; the seal is not checked here). */
export function entryKey(name: string, ext: string): string | undefined {
  const match = ENTRY_NAME.exec(name);
  return match && match[4] === ext ? match[1] : undefined;
}

/** The key of an entry's name when its seal holds: a name made by a build with this seal. */
export function sealedEntryKey(name: string, ext: string, seal: CacheSeal): string | undefined {
  const match = ENTRY_NAME.exec(name);
  return match && match[4] === ext && sealedName(match[1]!, match[2]!, ext, seal) === name ? match[1] : undefined;
}

/** The SHA-256 an entry's name gives for its bytes. */
export const entryDigest = (name: string) => name.slice(65, 129);

/** Whether `bytes`, read from entry `name`, are what the name says for `key`, sealed with `seal`. */
export function entryHolds(name: string, key: string, bytes: Uint8Array, ext: string, seal: CacheSeal): boolean {
  return name === entryName(key, bytes, ext, seal);
}

let partials = 0;

/** Writes an entry (aside, then renamed into place) and returns its file name. */
export function writeEntry(dir: string, key: string, bytes: Uint8Array, ext: string, seal: CacheSeal): string {
  const name = entryName(key, bytes, ext, seal);
  writeAside(path.join(dir, name), bytes);
  return name;
}

function writeAside(file: string, bytes: Uint8Array): void {
  // Process, thread and a counter: shards in separate processes may share one cache folder.
  const partial = `${file}.${process.pid}-${threadId}-${partials++}.partial`;
  try {
    writeFileSync(partial, bytes);
  } catch (error) {
    rmSync(partial, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOSPC' && code !== 'EDQUOT') throw error;
    const full = code === 'ENOSPC' ? 'is full' : 'is over its quota';
    const message = `The disk holding the build cache folder ${path.dirname(file)} ${full} (${code}): free space there, or set EMBLEM_BUILD_CACHE to a folder on a disk with room, and build again.`;
    throw Object.assign(new Error(message), { code });
  }
  renameSync(partial, file);
}

const sealFile = (file: string) => `${file}.seal`;

/** Writes a cache record and, beside it, its seal (`<file>.seal`: an HMAC of its bytes). */
export function writeSealed(file: string, bytes: Uint8Array, seal: CacheSeal): void {
  writeAside(file, bytes);
  writeSealOf(file, macOf(seal, bytes));
}

/** Writes the seal of a record written some other way (streamed: `mac` from sealHasher). */
export function writeSealOf(file: string, mac: string): void {
  writeAside(sealFile(file), Buffer.from(mac));
}

/** An HMAC under the seal, fed piece by piece (a record written in chunks). */
export const sealHasher = (seal: CacheSeal) => createHmac('sha256', Buffer.from(seal, 'hex'));

/** A cache record's bytes when its seal holds (written by a build with this seal), else undefined: a missing, edited or foreign record is no record. */
export function readSealed(file: string, seal: CacheSeal): Buffer | undefined {
  const bytes = readIfPresent(file);
  const mac = readIfPresent(sealFile(file));
  if (!bytes || !mac) return undefined;
  const expected = Buffer.from(macOf(seal, bytes));
  return mac.length === expected.length && timingSafeEqual(mac, expected) ? bytes : undefined;
}

/**
 * Output files kept as cache entries (`<key>-<SHA-256><ext>`, as above) for
 * a step whose files cost more to make again than to look up by what they
 * are made from (the credentials). `take` places the entry kept under a key
 * when its bytes still hold their digest; `place` keeps new bytes under a
 * key. Either way the output gets a link to the entry, not a new file.
 * Entries no build used are removed by `prune`.
 */
export class LinkedFiles {
  private readonly dir: string;
  private readonly ext: string;
  private readonly seal: CacheSeal;
  private readonly names: string[];
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(dir: string, ext: string, seal: CacheSeal) {
    this.dir = dir;
    this.ext = ext;
    this.seal = seal;
    mkdirSync(dir, { recursive: true });
    this.names = readdirSync(dir);
    for (const name of this.names) {
      const key = sealedEntryKey(name, ext, seal);
      if (key) this.byKey.set(key, name);
    }
  }

  /** Places the bytes kept under `key` at `target`: undefined when none are, or they fail their digest. */
  take(key: string, target: string): { bytes: Buffer; sha256: string } | undefined {
    const name = this.byKey.get(key);
    if (!name) return undefined;
    const entry = path.join(this.dir, name);
    const bytes = readIfPresent(entry);
    if (!bytes || !entryHolds(name, key, bytes, this.ext, this.seal)) return undefined;
    this.used.add(name);
    placeFile(entry, target, bytes);
    return { bytes, sha256: entryDigest(name) };
  }

  /** Keeps `bytes` under `key` and places them at `target`; returns their SHA-256. */
  place(key: string, target: string, bytes: Uint8Array): string {
    const name = entryName(key, bytes, this.ext, this.seal);
    const entry = path.join(this.dir, name);
    if (!this.used.has(name)) {
      // An entry edited in place (through a link in an output) no longer holds its bytes: written again.
      if (this.byKey.get(key) !== name || !readIfPresent(entry)?.equals(bytes)) writeAside(entry, bytes);
      this.byKey.set(key, name);
      this.used.add(name);
    }
    placeFile(entry, target, bytes);
    return entryDigest(name);
  }

  /** Removes the entries this build did not use. */
  prune(): void {
    for (const name of this.names) if (!this.used.has(name)) rmSync(path.join(this.dir, name), { force: true });
  }
}

/** A file's bytes, or undefined when it cannot be read. */
export function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Entries whose bytes a build checked against their names, with the file's
 * identity at that moment (inode, size, modification and change times): an
 * entry with the same identity now has not been written since, so it is not
 * read and hashed again. An entry edited in place (through a link in an
 * output) has new times; one restored from a CI cache has new inodes and
 * change times (the kernel sets those), so a tampered cache cannot pass as
 * checked. Kept beside the entries' folder (`cards.checked.json` for
 * `cards/`), sealed (writeSealed): records a build without the signing key
 * wrote are ignored. A build keeps only the entries it used.
 */
export class CheckedEntries {
  private readonly before: Record<string, string>;
  private readonly now: Record<string, string> = {};

  constructor(before: Record<string, string>) {
    this.before = before;
  }

  static load(dir: string, seal: CacheSeal): CheckedEntries {
    try {
      const bytes = readSealed(checkedFile(dir), seal);
      return new CheckedEntries(bytes ? (JSON.parse(bytes.toString('utf8')) as Record<string, string>) : {});
    } catch {
      return new CheckedEntries({});
    }
  }

  /** What a worker thread needs to answer `holds` (see `recorded` for the way back). */
  get known(): Record<string, string> {
    return this.before;
  }

  /** Whether the entry `name` (at `file`) is unchanged since a build checked it. */
  holds(file: string, name: string): boolean {
    const checked = this.before[name];
    return checked !== undefined && checked === fileIdentity(file);
  }

  /** Records the entry as checked, as it is now: after it was placed (linking changes its change time). Returns its size. */
  record(file: string, name: string): number {
    const identity = fileIdentity(file);
    if (!identity) return 0;
    this.now[name] = identity;
    return Number(identity.split(':')[1]);
  }

  /** The entries recorded by this build. */
  recorded(): Record<string, string> {
    return this.now;
  }

  merge(recorded: Record<string, string>): void {
    Object.assign(this.now, recorded);
  }

  save(dir: string, seal: CacheSeal): void {
    writeSealed(checkedFile(dir), Buffer.from(JSON.stringify(this.now)), seal);
  }
}

const checkedFile = (dir: string) => `${path.resolve(dir)}.checked.json`;

function fileIdentity(file: string): string | undefined {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  return stat?.isFile() ? `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` : undefined;
}

/** `bytes`: the entry's content when the caller has it (written instead of copied if linking fails). */
export function placeFile(entry: string, target: string, bytes?: Uint8Array): void {
  // Award folders recycled from an earlier build (recycled-output.ts) mostly hold this very entry already.
  // Asked first: a failed link throws, which costs more than the look.
  if (isSameFile(entry, target)) return;
  if (tryLink(entry, target)) return;
  // A file already there (a step run twice into one folder) is replaced, never written through:
  // it may itself be a link to an entry.
  rmSync(target, { force: true });
  if (tryLink(entry, target)) return;
  if (bytes) writeFileSync(target, bytes);
  else copyFileSync(entry, target);
}

/** Whether two paths are one file (a hard link of the other). */
export function isSameFile(a: string, b: string): boolean {
  const target = lstatSync(b, { throwIfNoEntry: false });
  if (!target?.isFile()) return false;
  const entry = statSync(a, { throwIfNoEntry: false });
  return entry !== undefined && entry.ino === target.ino && entry.dev === target.dev;
}

function tryLink(entry: string, target: string): boolean {
  try {
    linkSync(entry, target);
    return true;
  } catch {
    return false;
  }
}
