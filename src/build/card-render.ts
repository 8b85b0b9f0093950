/**
 * Draws one social card: satori lays out the element tree from og-card.ts as
 * SVG (text as paths, so no font is needed later), sharp rasterizes it to PNG.
 * Used by the card workers and, unpooled, by the benchmark's baseline loop.
 */
import { readFile } from 'node:fs/promises';
import satori from 'satori';
import sharp from 'sharp';
import { CARD_ARTWORK_SIZE, CARD_HEIGHT, CARD_WIDTH, cardElement, cardTextRuns, type CardData } from '../lib/og-card.ts';
import type { CardFonts } from './card-fonts.ts';

/** Badge artwork (SVG or PNG) as a square PNG; greyed for muted cards. */
export async function artworkPng(artwork: Buffer, size: number, muted = false): Promise<Buffer> {
  let image = sharp(artwork, { density: 300 }).resize(size, size, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } });
  if (muted) image = image.greyscale();
  return image.png().toBuffer();
}

/** satori's fonts and emoji images for a card: chosen from its text alone. */
export function cardSatoriOptions(fonts: CardFonts, data: CardData) {
  const { fonts: list, graphemeImages } = fonts.forText(cardTextRuns(data));
  return { fonts: list, graphemeImages };
}

export interface CardRenderer {
  render(data: CardData, artworkFile: string): Promise<Buffer>;
}

export function cardRenderer(fonts: CardFonts): CardRenderer {
  // A card set uses a handful of artworks: convert each (and its muted form) once.
  const artworks = new Map<string, Promise<string>>();
  const artworkUri = (file: string, muted: boolean) => {
    const key = `${muted ? 'muted' : 'plain'}:${file}`;
    let uri = artworks.get(key);
    if (!uri) {
      uri = readFile(file)
        .then((bytes) => artworkPng(bytes, CARD_ARTWORK_SIZE, muted))
        .then((png) => `data:image/png;base64,${png.toString('base64')}`);
      artworks.set(key, uri);
    }
    return uri;
  };
  return {
    async render(data, artworkFile) {
      const element = cardElement(data, await artworkUri(artworkFile, data.mutedArtwork));
      // satori's types name React nodes; the plain-object tree is what it reads.
      const svg = await satori(element as never, { width: CARD_WIDTH, height: CARD_HEIGHT, ...cardSatoriOptions(fonts, data) });
      return sharp(Buffer.from(svg)).png().toBuffer();
    },
  };
}
