/**
 * The manifest of a built site: every published file with its SHA-256 and
 * size. Comparing two manifests tells a sync or a CDN invalidation exactly
 * which files to upload, purge or delete, instead of the whole site.
 *
 * Format: plain text, one file per line, sorted by path, so it diffs well
 * and streams at 100,000 awards:
 *   # emblem-manifest 1
 *   <sha256 hex>\t<bytes>\t<path relative to the site root>
 */
import { sitePaths } from '../site-urls.ts';
import type { SiteFootprint } from './host-limits.ts';

export interface ManifestEntry {
  sha256: string;
  bytes: number;
}

export type SiteManifest = Map<string, ManifestEntry>;

const HEADER = '# emblem-manifest 1';
const LINE = /^([0-9a-f]{64})\t(\d+)\t(.+)$/;

/** The manifest's text in pieces of up to `linesPerPiece` lines, so 100,000s of files are never one string. */
export function* manifestText(manifest: ReadonlyMap<string, ManifestEntry>, linesPerPiece = 2000): Generator<string> {
  const paths = [...manifest.keys()].sort();
  yield `${HEADER}\n`;
  for (let start = 0; start < paths.length; start += linesPerPiece) {
    let piece = '';
    for (const p of paths.slice(start, start + linesPerPiece)) {
      const { sha256, bytes } = manifest.get(p)!;
      piece += `${sha256}\t${bytes}\t${p}\n`;
    }
    yield piece;
  }
}

export function formatManifest(manifest: ReadonlyMap<string, ManifestEntry>): string {
  return [...manifestText(manifest)].join('');
}

/** Reads a manifest; a malformed line is an error naming the file and line. */
export function parseManifest(text: string, file: string): SiteManifest {
  const lines = text.split('\n');
  if (lines[0] !== HEADER) throw new Error(`${file}:1: not an Emblem site manifest (expected "${HEADER}")`);
  const manifest: SiteManifest = new Map();
  lines.forEach((line, i) => {
    if (i === 0 || line === '') return;
    const match = LINE.exec(line);
    if (!match)
      throw new Error(`${file}:${i + 1}: expected "<sha256>\\t<bytes>\\t<path>", found "${line.slice(0, 80)}"`);
    manifest.set(match[3]!, { sha256: match[1]!, bytes: Number(match[2]) });
  });
  return manifest;
}

export interface ManifestChanges {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
}

export function diffManifests(before: SiteManifest, after: SiteManifest): ManifestChanges {
  const changes: ManifestChanges = { added: [], changed: [], removed: [], unchanged: 0 };
  for (const [path, entry] of after) {
    const old = before.get(path);
    if (!old) changes.added.push(path);
    else if (old.sha256 !== entry.sha256) changes.changed.push(path);
    else changes.unchanged++;
  }
  for (const path of before.keys()) if (!after.has(path)) changes.removed.push(path);
  for (const list of [changes.added, changes.changed, changes.removed]) list.sort();
  return changes;
}

/** Totals of the site, and of the award folders (badges/<id>/) of the published awards. */
export function footprintOf(
  manifest: ReadonlyMap<string, ManifestEntry>,
  publishedAwardIds: Iterable<string>,
): SiteFootprint {
  const awardFolders = new Set([...publishedAwardIds].map((id) => sitePaths.awardPage(id)));
  const footprint: SiteFootprint = {
    files: 0,
    bytes: 0,
    largestFile: undefined,
    awards: awardFolders.size,
    awardFiles: 0,
    awardBytes: 0,
  };
  for (const [path, { bytes }] of manifest) {
    footprint.files++;
    footprint.bytes += bytes;
    if (!footprint.largestFile || bytes > footprint.largestFile.bytes) footprint.largestFile = { path, bytes };
    const folder = /^badges\/[^/]+\//.exec(path)?.[0];
    if (folder && awardFolders.has(folder)) {
      footprint.awardFiles++;
      footprint.awardBytes += bytes;
    }
  }
  return footprint;
}
