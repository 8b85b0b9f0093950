/**
 * Award folders recycled from the site a build replaced.
 *
 * A site has a folder per award (badges/<id>/: page, card, two credentials).
 * Making ten thousand folders and linking forty thousand files into them, then
 * deleting the replaced site's as many, was most of a warm build's time (at
 * 10,000 awards on the development machine `cp -al` of the site takes 2.3 s
 * and `rm -rf` 0.9 s, nearly all of it in the kernel).
 *
 * So the build script keeps the site it replaces as a spare next to the
 * output (`.<name>.spare`), cut down to the award folders' files that the new
 * site shares with it (the same file, linked from the build cache): the spare
 * holds nothing the live site does not. The next build moves the spare's award
 * folders into its staging folder before the steps run. The steps place files
 * as always (a file that already is the right cache entry stays), name every
 * file they place (`notePlaced`), and `pruneAwardFolders` then removes the
 * rest, so the site is the one a build into empty folders writes.
 *
 * Where outputs do not persist (a CI runner) there is no spare, and nothing
 * changes.
 */
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { readdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { AWARD_SHELL_ID } from '../../lib/award-page/award-shell.ts';
import { isSameFile } from './cache-entry.ts';
import type { BuildContext, BuildStep } from '../context.ts';
import { siteRelative } from '../checks/output-scan.ts';

/** The folder of the award folders, in the output. */
const AWARDS = 'badges';

/** Names site-relative files a step placed in recycled award folders (kept by pruneAwardFolders). */
export function notePlaced(context: BuildContext, files: Iterable<string>): void {
  const placed = context.recycledAwardFolders?.placed;
  if (placed) for (const file of files) placed.add(file);
}

/**
 * Moves the spare's award folders into `outDir` (whose own award folder holds
 * only the shell Astro rendered, which moves along). Returns whether it did:
 * not when there is no spare, it is on another file system, or Astro wrote
 * anything else there.
 */
export async function adoptAwardFolders(spare: string, outDir: string): Promise<boolean> {
  const recycled = path.join(spare, AWARDS);
  const fresh = path.join(outDir, AWARDS);
  // Anyone who can write next to the output can plant links in the spare: only real folders are taken
  // (lstat), never a link, which would have the steps write an award's files where it leads.
  if (!isRealFolder(spare) || !isRealFolder(recycled) || statSync(recycled).dev !== statSync(outDir).dev) return false;
  const astroWrote = existsSync(fresh) ? readdirSync(fresh) : [];
  if (astroWrote.some((entry) => entry !== AWARD_SHELL_ID)) return false;
  // Award folders that are links (or anything else that is not a folder) are removed, not followed.
  // Inside the folders, files are never written through: steps replace a file rather than write into it
  // (placeFile), and pruneAwardFolders removes every link and folder no step placed.
  for (const entry of await readdir(recycled, { withFileTypes: true })) {
    if (!entry.isDirectory()) await rm(path.join(recycled, entry.name), { force: true });
  }
  for (const entry of astroWrote) {
    await rm(path.join(recycled, entry), { recursive: true, force: true });
    await rename(path.join(fresh, entry), path.join(recycled, entry));
  }
  if (existsSync(fresh)) await rmdir(fresh);
  await rename(recycled, fresh);
  return true;
}

/** Build step, after the last one that writes award folders: removes from recycled ones every file and folder no step placed. */
export const pruneAwardFolders: BuildStep = async (context) => {
  const placed = context.recycledAwardFolders?.placed;
  if (!placed) return;
  const started = performance.now();
  const kept = new Set<string>();
  for (const file of placed)
    for (let dir = path.posix.dirname(file); dir !== '.' && !kept.has(dir); dir = path.posix.dirname(dir))
      kept.add(dir);
  const outDir = path.resolve(context.outDir);
  const removed: string[] = [];
  for (const entry of await readdir(path.join(outDir, AWARDS), { recursive: true, withFileTypes: true })) {
    const relative = siteRelative(outDir, entry);
    const keep = entry.isDirectory() ? kept.has(relative) : entry.isFile() && placed.has(relative);
    if (!keep) removed.push(relative);
  }
  // Parents before their contents: a removed folder takes what is in it along.
  removed.sort();
  let gone: string | undefined;
  let files = 0;
  for (const relative of removed) {
    if (gone && relative.startsWith(`${gone}/`)) continue;
    await rm(path.join(outDir, relative), { recursive: true, force: true });
    gone = relative;
    files++;
  }
  // Every file is placed by now: the names are not needed again (at 100,000 awards, tens of megabytes).
  placed.clear();
  context.log(
    `award folders: recycled from the site before this one; ${files} file(s) or folder(s) no step placed removed (${Math.round(performance.now() - started)} ms)`,
  );
};

/**
 * After the swap: `previous` (the site just replaced) becomes the spare, cut
 * down to the award folders' files that are the same file in `live`.
 * Everything else, the award folders `live` does not have included, is
 * deleted first, so the spare never keeps an award or a version of one that
 * the live site no longer publishes.
 */
export async function keepAsSpare(previous: string, live: string, spare: string): Promise<void> {
  // An output that was a link to a folder: the link goes, and what it led to is left alone.
  if (!isRealFolder(previous)) {
    await rm(previous, { force: true });
    return rm(spare, { recursive: true, force: true });
  }
  for (const entry of await readdir(previous))
    if (entry !== AWARDS) await rm(path.join(previous, entry), { recursive: true, force: true });
  const awards = path.join(previous, AWARDS);
  if (existsSync(awards)) {
    for (const folder of await readdir(awards, { withFileTypes: true })) {
      const from = path.join(awards, folder.name);
      const to = path.join(live, AWARDS, folder.name);
      if (!folder.isDirectory() || !existsSync(to)) {
        await rm(from, { recursive: true, force: true });
        continue;
      }
      for (const file of await readdir(from))
        if (!isSameFile(path.join(to, file), path.join(from, file)))
          await rm(path.join(from, file), { recursive: true, force: true });
    }
  }
  await rm(spare, { recursive: true, force: true });
  await rename(previous, spare);
}

/** A folder, not a link to one (nor anything else). */
function isRealFolder(folder: string): boolean {
  return lstatSync(folder, { throwIfNoEntry: false })?.isDirectory() === true;
}
