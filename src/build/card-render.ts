/**
 * Draws one social card: satori lays out the element tree from og-card.ts as
 * SVG (text as paths, so no font is needed later), sharp rasterizes it to PNG.
 * Used by the card workers and, unpooled, by the benchmark's baseline loop.
 */
import { readFile } from 'node:fs/promises';
import satori, { type Font } from 'satori';
import sharp from 'sharp';
import { CARD_ARTWORK_SIZE, CARD_FONT_FAMILY, CARD_HEIGHT, CARD_WIDTH, cardElement, cardFontFiles, type CardData } from '../lib/og-card.ts';

export async function loadCardFonts(): Promise<Font[]> {
  return Promise.all(
    cardFontFiles().map(async ({ weight, file }) => ({ name: CARD_FONT_FAMILY, data: await readFile(file), weight, style: 'normal' as const })),
  );
}

/** Badge artwork (SVG or PNG) as a square PNG; greyed for muted cards. */
export async function artworkPng(artwork: Buffer, size: number, muted = false): Promise<Buffer> {
  let image = sharp(artwork, { density: 300 }).resize(size, size, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } });
  if (muted) image = image.greyscale();
  return image.png().toBuffer();
}

export interface CardRenderer {
  render(data: CardData, artworkFile: string): Promise<Buffer>;
}

export function cardRenderer(fonts: Font[]): CardRenderer {
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
      const svg = await satori(element as never, { width: CARD_WIDTH, height: CARD_HEIGHT, fonts });
      return sharp(Buffer.from(svg)).png().toBuffer();
    },
  };
}
