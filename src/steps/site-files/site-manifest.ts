/**
 * After a build has passed every check: the manifest of the site (path ->
 * SHA-256, size) for incremental syncs and CDN invalidation (npm run changes),
 * the site's footprint (files and bytes, per award), and a warning when the
 * site no longer fits the host named in EMBLEM_HOST_PROFILE.
 *
 * The manifest is written outside the site, to $EMBLEM_BUILD_CACHE/site-manifest.tsv,
 * and only once the privacy check has passed: a failed build never replaces it.
 * From `npm run build` it waits beside it (`site-manifest.pending-<pid>.tsv`)
 * until the new site has replaced the old one (publishManifest): a site that
 * could not be copied or swapped in (a full disk) never becomes the manifest
 * that `npm run changes` describes.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatBytes, hostLimitWarnings, hostProfile } from '../../lib/site/host-limits.ts';
import { setting } from '../../lib/settings.ts';
import { footprintOf, manifestText, type SiteManifest } from '../../lib/site/site-manifest.ts';
import type { BuildContext } from '../context.ts';
import { outputScan } from '../checks/output-scan.ts';

export const BUILT_MANIFEST = 'site-manifest.tsv';
export const DEPLOYED_MANIFEST = 'deployed-manifest.tsv';

/** Where this process's manifest waits for its site to be in place. */
export const pendingManifest = (cacheDir: string, pid = process.pid) =>
  path.join(cacheDir, `site-manifest.pending-${pid}.tsv`);

/** The manifest of a site now in place replaces the last one. */
export async function publishManifest(cacheDir: string): Promise<void> {
  // A build that writes no manifest (the pages-only benchmark) leaves the last one as it is.
  if (!existsSync(pendingManifest(cacheDir))) return;
  await rename(pendingManifest(cacheDir), path.join(cacheDir, BUILT_MANIFEST));
}

/** Files hashed at once: enough to keep the disk busy while hashing. */
const CONCURRENCY = 16;

export async function manifestOfFolder(root: string): Promise<SiteManifest> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const manifest: SiteManifest = new Map();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const bytes = await readFile(file);
      const relative = path.relative(root, file).split(path.sep).join('/');
      manifest.set(relative, { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  return manifest;
}

export async function writeSiteManifest(context: BuildContext, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { cacheDir, model, log } = context;
  const started = performance.now();
  // The content hashes come from the shared scan of the output (files written since were read again).
  const scan = await outputScan(context);
  // The scan's own map (its entries carry the hash and size): a copy costs 100s of MB at 100,000 awards.
  const manifest = scan.files;
  const footprint = footprintOf(
    manifest,
    model.published.map((p) => p.award.id),
  );
  const perAward = footprint.awards
    ? `; per award ${(footprint.awardFiles / footprint.awards).toFixed(1)} files, ${formatBytes(footprint.awardBytes / footprint.awards)} (${footprint.awards} awards)`
    : '';
  log(`site: ${footprint.files.toLocaleString('en')} files, ${formatBytes(footprint.bytes)}${perAward}`);
  const hostId = setting('EMBLEM_HOST_PROFILE', env);
  if (hostId) {
    const profile = hostProfile(hostId);
    const warnings = hostLimitWarnings(footprint, profile);
    for (const warning of warnings) log(`WARNING: the site does not fit ${profile.name}: ${warning}`);
    if (!warnings.length) log(`site fits ${profile.name}`);
  }
  await mkdir(cacheDir, { recursive: true });
  const file = path.join(cacheDir, BUILT_MANIFEST);
  await writeFile(pendingManifest(cacheDir), manifestText(manifest));
  if (!context.manifestAfterSwap) await publishManifest(cacheDir);
  log(
    `manifest: ${path.relative(process.cwd(), file)} in ${((performance.now() - started) / 1000).toFixed(1)} s${context.manifestAfterSwap ? ', once the site is in place' : ''} (npm run changes lists what changed since the last deploy)`,
  );
}
