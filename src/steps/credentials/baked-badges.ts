/**
 * Baked badges on the build side. The site stores no baked image per award:
 * the award page bakes the one the earner downloads, in the browser, from the
 * badge class's artwork and the award's JSON. This module
 *
 *   - writes, once per badge class, the artwork in the format it is not in
 *     (SVG artwork rasterized to a PNG, PNG artwork wrapped in an SVG), where
 *     the page's script fetches it (bakingArtworkPaths);
 *   - makes the same baked files in Node from a built site
 *     (bakedBadgesFromSite), with the same bakeBadge function the page runs:
 *     for tests, which hold the two byte for byte against each other.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import {
  BAKED_BADGE_KINDS,
  BAKED_BADGES,
  bakeBadge,
  bakingArtworkPaths,
  type BakedBadgeKind,
} from '../../lib/credentials/baked-badges.ts';
import { svgWrappingPng } from '../../lib/credentials/baking.ts';
import type { BadgeClass } from '../../lib/content/schema.ts';
import { sitePaths } from '../../lib/site-urls.ts';

/** Pixel size of baked PNGs made from SVG artwork. */
export const BAKED_PNG_SIZE = 512;

type ArtworkSource = Pick<BadgeClass, 'id' | 'image'>;

/** A badge class's artwork as PNG and SVG bytes: one is the file in public/ (copied into
 * the output), the other converted from it. Converted once per image. */
export function artworkLoader(
  outDir: string,
): (badgeClass: ArtworkSource) => Promise<Record<'png' | 'svg', Uint8Array>> {
  const cache = new Map<string, Promise<Record<'png' | 'svg', Uint8Array>>>();
  const load = async (image: string) => {
    const source = new Uint8Array(await readFile(path.join(outDir, image)));
    if (image.endsWith('.svg')) {
      const png = await sharp(source, { density: 144 })
        .resize(BAKED_PNG_SIZE, BAKED_PNG_SIZE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
        .png()
        .toBuffer();
      return { png: new Uint8Array(png), svg: source };
    }
    const { width = BAKED_PNG_SIZE, height = BAKED_PNG_SIZE } = await sharp(source).metadata();
    return { png: source, svg: new TextEncoder().encode(svgWrappingPng(source, width, height)) };
  };
  return (badgeClass) => {
    if (!cache.has(badgeClass.image)) cache.set(badgeClass.image, load(badgeClass.image));
    return cache.get(badgeClass.image)!;
  };
}

/** Writes each badge class's converted artwork (one file per class) where the award pages' script fetches it. */
export async function writeBakingArtwork(outDir: string, badgeClasses: Iterable<ArtworkSource>): Promise<number> {
  const artwork = artworkLoader(outDir);
  let written = 0;
  for (const badgeClass of badgeClasses) {
    const paths = bakingArtworkPaths(badgeClass);
    const bytes = await artwork(badgeClass);
    for (const format of ['png', 'svg'] as const) {
      if (paths[format] !== sitePaths.bakingArtwork(badgeClass.id, format)) continue; // the artwork itself
      const file = path.join(outDir, paths[format]);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes[format]);
      written++;
    }
  }
  return written;
}

/**
 * The baked badges of one published award, made from a built site the way the
 * award page makes them: its assertion.json and credential.json, and its badge
 * class's artwork (found through the assertion's badge class, as a reader
 * would), converted here from the source image rather than read from the
 * converted file the page fetches.
 */
export async function bakedBadgesFromSite(
  outDir: string,
  awardId: string,
): Promise<Record<BakedBadgeKind, Uint8Array>> {
  const readJson = async (relative: string) =>
    JSON.parse(await readFile(path.join(outDir, relative), 'utf8')) as Record<string, unknown>;
  const assertion = await readJson(sitePaths.ob2Assertion(awardId));
  const credential = await readJson(sitePaths.ob3Credential(awardId));
  const site = String(assertion.id).slice(0, -sitePaths.ob2Assertion(awardId).length);
  const siteRelative = (url: unknown) => {
    if (typeof url !== 'string' || !url.startsWith(site))
      throw new Error(`award ${awardId}: ${String(url)} is not on the site ${site}`);
    return url.slice(site.length);
  };
  if (assertion.revoked === true) throw new Error(`award ${awardId} is revoked: it has no baked badges`);
  const badgeClassPath = siteRelative(assertion.badge);
  const badgeClass = await readJson(badgeClassPath);
  const id = badgeClassPath.match(/^certifications\/([^/]+)\/badgeclass\.json$/)?.[1];
  if (!id) throw new Error(`award ${awardId}: unexpected badge class address ${String(assertion.badge)}`);
  const artwork = await artworkLoader(outDir)({ id, image: `/${siteRelative(badgeClass.image)}` });
  const documents = { assertion, credential };
  return Object.fromEntries(
    BAKED_BADGE_KINDS.map((kind) => [kind, bakeBadge(kind, artwork[BAKED_BADGES[kind].artwork], documents)]),
  ) as Record<BakedBadgeKind, Uint8Array>;
}
