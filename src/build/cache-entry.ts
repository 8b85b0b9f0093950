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
import { copyFileSync, linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/** Whether `bytes`, read from entry `name`, are what the name says for `key`. */
export function entryHolds(name: string, key: string, bytes: Uint8Array, ext: string): boolean {
  return name === entryName(key, bytes, ext);
}

let partials = 0;

/** Writes an entry (aside, then renamed into place) and returns its file name. */
export function writeEntry(dir: string, key: string, bytes: Uint8Array, ext: string): string {
  const name = entryName(key, bytes, ext);
  // Process, thread and a counter: shards in separate processes may share one cache folder.
  const partial = path.join(dir, `${name}.${process.pid}-${threadId}-${partials++}.partial`);
  writeFileSync(partial, bytes);
  renameSync(partial, path.join(dir, name));
  return name;
}

/** `bytes`: the entry's content when the caller has it (written instead of copied if linking fails). */
export function placeFile(entry: string, target: string, bytes?: Uint8Array): void {
  if (tryLink(entry, target)) return;
  // A file already there (a step run twice into one folder) is replaced, never written through:
  // it may itself be a link to an entry.
  rmSync(target, { force: true });
  if (tryLink(entry, target)) return;
  if (bytes) writeFileSync(target, bytes);
  else copyFileSync(entry, target);
}

function tryLink(entry: string, target: string): boolean {
  try {
    linkSync(entry, target);
    return true;
  } catch {
    return false;
  }
}
