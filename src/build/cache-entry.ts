/**
 * Entries of the build caches that hold output files (cards, award pages):
 * named `<key>-<SHA-256 of the bytes><ext>`, so an entry is checked against
 * its own name before every use; written aside then renamed, so an
 * interrupted build never leaves part of a file under an entry's name.
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
import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

export const sha256Hex = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The entry's file name for these bytes under this key. */
export function entryName(key: string, bytes: Uint8Array, ext: string): string {
  return `${key}-${sha256Hex(bytes)}${ext}`;
}

/** The key of an entry's file name, if it is one (partial files and strangers are not). */
export function entryKey(name: string, ext: string): string | undefined {
  const match = /^([0-9a-f]{64})-[0-9a-f]{64}(\.[a-z]+)$/.exec(name);
  return match && match[2] === ext ? match[1] : undefined;
}

/** The SHA-256 an entry's name gives for its bytes. */
export const entryDigest = (name: string) => name.slice(65, 129);

/** Whether `bytes`, read from entry `name`, are what the name says for `key`. */
export function entryHolds(name: string, key: string, bytes: Uint8Array, ext: string): boolean {
  return name === entryName(key, bytes, ext);
}

let partials = 0;

/** Writes an entry (aside, then renamed into place) and returns its file name. */
export function writeEntry(dir: string, key: string, bytes: Uint8Array, ext: string): string {
  const name = entryName(key, bytes, ext);
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
  private readonly names: string[];
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(dir: string, ext: string) {
    this.dir = dir;
    this.ext = ext;
    mkdirSync(dir, { recursive: true });
    this.names = readdirSync(dir);
    for (const name of this.names) {
      const key = entryKey(name, ext);
      if (key) this.byKey.set(key, name);
    }
  }

  /** Places the bytes kept under `key` at `target`: undefined when none are, or they fail their digest. */
  take(key: string, target: string): { bytes: Buffer; sha256: string } | undefined {
    const name = this.byKey.get(key);
    if (!name) return undefined;
    const entry = path.join(this.dir, name);
    const bytes = readIfPresent(entry);
    if (!bytes || !entryHolds(name, key, bytes, this.ext)) return undefined;
    this.used.add(name);
    placeFile(entry, target, bytes);
    return { bytes, sha256: entryDigest(name) };
  }

  /** Keeps `bytes` under `key` and places them at `target`; returns their SHA-256. */
  place(key: string, target: string, bytes: Uint8Array): string {
    const name = entryName(key, bytes, this.ext);
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
 * `cards/`); a build keeps only the entries it used.
 */
export class CheckedEntries {
  private readonly before: Record<string, string>;
  private readonly now: Record<string, string> = {};

  constructor(before: Record<string, string>) {
    this.before = before;
  }

  static load(dir: string): CheckedEntries {
    try {
      return new CheckedEntries(JSON.parse(readFileSync(checkedFile(dir), 'utf8')) as Record<string, string>);
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

  save(dir: string): void {
    writeAside(checkedFile(dir), Buffer.from(JSON.stringify(this.now)));
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
