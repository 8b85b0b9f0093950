/**
 * A real full disk for tests: a tmpfs of a few kilobytes, mounted for one
 * test and unmounted after it. Mounting needs root: where it is not allowed,
 * tinyDisk returns undefined and the test skips.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A folder on a tmpfs of `size` (mount's notation: 64k, 1m), unmounted after the test; undefined when mounting is not allowed here. */
export function tinyDisk(t: { after: (fn: () => void) => void }, size: string): string | undefined {
  const folder = mkdtempSync(path.join(tmpdir(), 'emblem-full-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder]).status === 0;
  // One hook, unmounting before removing: removing first would empty the tmpfs and leave it mounted.
  t.after(() => {
    if (mounted) spawnSync('umount', [folder]);
    rmSync(folder, { recursive: true, force: true });
  });
  return mounted ? folder : undefined;
}
