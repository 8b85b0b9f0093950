/**
 * The three baked badge images an earner can download (OB 3.0 PNG and SVG,
 * OB 2.0 PNG), made from the badge class's artwork and the award's published
 * JSON. The site does not store them: the award page's script makes the one
 * the earner asks for in the browser (src/browser/award-actions.ts), and the
 * build side (src/steps/credentials/baked-badges.ts: `npm run verify`, tests) makes the
 * same bytes with this same module.
 *
 * Pure and isomorphic: bytes in, bytes out (Uint8Array, no Buffer).
 */
import type { BadgeClass } from '../content/schema.ts';
import { sitePaths } from '../site-urls.ts';
import { bakePng, bakeSvgCredential, OB2_PNG_KEYWORD, OB3_PNG_KEYWORD } from './baking.ts';

export const BAKED_BADGE_KINDS = ['ob3-png', 'ob3-svg', 'ob2-png'] as const;
export type BakedBadgeKind = (typeof BAKED_BADGE_KINDS)[number];

/** What each kind is baked into (the badge class's artwork as PNG or SVG) and served as. */
export const BAKED_BADGES: Record<BakedBadgeKind, { artwork: 'png' | 'svg'; mediaType: string; suffix: string }> = {
  'ob3-png': { artwork: 'png', mediaType: 'image/png', suffix: '-ob3.png' },
  'ob3-svg': { artwork: 'svg', mediaType: 'image/svg+xml', suffix: '-ob3.svg' },
  'ob2-png': { artwork: 'png', mediaType: 'image/png', suffix: '-ob2.png' },
};

export function isBakedBadgeKind(value: unknown): value is BakedBadgeKind {
  return (BAKED_BADGE_KINDS as readonly unknown[]).includes(value);
}

/** The award's published documents, as parsed from assertion.json and credential.json. */
export interface AwardDocuments {
  assertion: unknown;
  credential: unknown;
}

/**
 * Where the artwork to bake is published, per badge class (site-relative): the
 * artwork itself in its own format, and the build's conversion into the other
 * one (`certifications/<id>/artwork.png|svg`, one file per badge class).
 */
export function bakingArtworkPaths(badgeClass: Pick<BadgeClass, 'id' | 'image'>): Record<'png' | 'svg', string> {
  const own = badgeClass.image.endsWith('.svg') ? 'svg' : 'png';
  const image = badgeClass.image.replace(/^\/+/, '');
  return {
    png: own === 'png' ? image : sitePaths.bakingArtwork(badgeClass.id, 'png'),
    svg: own === 'svg' ? image : sitePaths.bakingArtwork(badgeClass.id, 'svg'),
  };
}

/** Keeps a byte order mark, as the SVG text is copied into the baked file unchanged. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

/**
 * One baked badge: `artwork` is the badge class's artwork in the format the
 * kind needs (BAKED_BADGES[kind].artwork), as published. The JSON baked in is
 * the document in its compact form (JSON.stringify of the parsed file).
 */
export function bakeBadge(kind: BakedBadgeKind, artwork: Uint8Array, documents: AwardDocuments): Uint8Array {
  const assertion = documents.assertion as { revoked?: unknown } | null;
  if (!assertion || typeof assertion !== 'object' || assertion.revoked === true)
    throw new Error('the award is revoked: nothing to bake');
  switch (kind) {
    case 'ob3-png':
      return bakePng(artwork, OB3_PNG_KEYWORD, JSON.stringify(documents.credential));
    case 'ob2-png':
      return bakePng(artwork, OB2_PNG_KEYWORD, JSON.stringify(documents.assertion));
    case 'ob3-svg':
      return new TextEncoder().encode(bakeSvgCredential(utf8.decode(artwork), JSON.stringify(documents.credential)));
  }
}
