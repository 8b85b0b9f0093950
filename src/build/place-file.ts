/**
 * Puts a checked cache entry into the output: as a hard link to the entry
 * (no bytes copied: a warm build of a large site writes hundreds of
 * megabytes less), else as a copy (the cache on another file system, or a
 * file system without hard links).
 *
 * Caches that link their entries into the output check an entry's bytes
 * against the digest in its name before every use, so an output file edited
 * in place (which edits the entry too) is never carried into a later build:
 * the entry fails its check and is made again.
 */
import { copyFileSync, linkSync, rmSync, writeFileSync } from 'node:fs';

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
