/**
 * Draws one social card: satori lays out the element tree from og-card.ts as
 * SVG (text as paths, so no font is needed later), sharp rasterizes it to PNG.
 * Used by the card workers and, unpooled, by the benchmark.
 */
import { readFile } from 'node:fs/promises';
import satori from 'satori';
import sharp from 'sharp';
import { CARD_ARTWORK_SIZE, CARD_HEIGHT, CARD_PANEL_WIDTH, CARD_WIDTH, type CardData, cardElement, cardFrameKey, cardTextRuns } from '../lib/og-card.ts';
import type { CardFonts } from './card-fonts.ts';
import { encodeRgbPng, type PngPrefix, pngPrefix } from './card-png.ts';

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

/** Frames kept per renderer (each 1200x630 RGB, 2.3 MB); the card step sends cards sorted by frame. */
const FRAME_CACHE_SIZE = 8;

interface Frame {
  /** RGB pixels of the whole frame. */
  pixels: Buffer;
  /** Bottom edge of the frame's text (title, subtitle): the bottom layer is drawn below it. */
  textBottom: number;
  /** The rows above a strip, compressed once per strip position (cards of a frame have a few). */
  prefixes: Map<number, PngPrefix>;
}

/** Every pixel of a card is opaque, so cards are RGB: smaller, and faster to encode. */
const rgbOf = (svg: string) => sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer();

/**
 * Draws cards in two layers: rasterizing satori's SVG is most of a card's
 * cost, and most of a card is the same for every award of a badge. The frame
 * (artwork panel, issuer, title, subtitle) is drawn once per badge and state and
 * kept; for each card only the bottom block (recipient, dates, states, footer)
 * is laid out and rasterized, in the strip of the card below the frame's text,
 * and copied into a copy of the frame. The strip's position on the card is a
 * whole number of pixels, so the result is pixel for pixel the whole card drawn
 * at once (tests/unit/og-card.test.ts compares them); when the two blocks would
 * overlap, the whole card is drawn at once instead. The PNG's rows above the
 * strip are compressed once per frame and strip position too (card-png.ts).
 */
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
  const frames = new Map<string, Promise<Frame>>();
  const frameOf = (data: CardData, artworkFile: string, options: ReturnType<typeof cardSatoriOptions>) => {
    const key = cardFrameKey(data, artworkFile);
    let frame = frames.get(key);
    if (frame) {
      frames.delete(key); // most recently used last
    } else {
      frame = (async () => {
        let textBottom = 0;
        const svg = await satori(cardElement(data, await artworkUri(artworkFile, data.mutedArtwork), 'frame') as never, {
          width: CARD_WIDTH,
          height: CARD_HEIGHT,
          ...options,
          onNodeDetected: (node) => {
            if (node.textContent) textBottom = Math.max(textBottom, node.top + node.height);
          },
        });
        const pixels = await rgbOf(svg);
        return { pixels, textBottom, prefixes: new Map() };
      })();
      if (frames.size >= FRAME_CACHE_SIZE) frames.delete(frames.keys().next().value!);
    }
    frames.set(key, frame);
    return frame;
  };
  return {
    async render(data, artworkFile) {
      const options = cardSatoriOptions(fonts, data);
      const frame = await frameOf(data, artworkFile, options);
      let bottomTop = CARD_HEIGHT;
      const svg = await satori(cardElement(data, '', 'bottom') as never, {
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        ...options,
        onNodeDetected: (node) => {
          if (node.textContent) bottomTop = Math.min(bottomTop, node.top);
        },
      });
      if (bottomTop < frame.textBottom) return renderWholeCard(fonts, data, await artworkUri(artworkFile, data.mutedArtwork));
      // Halfway between the blocks: room for glyphs that reach out of their line boxes.
      const top = Math.floor((frame.textBottom + bottomTop) / 2);
      const width = CARD_WIDTH - CARD_PANEL_WIDTH;
      const height = CARD_HEIGHT - top;
      const strip = await rgbOf(
        svg.replace(
          `<svg width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}"`,
          `<svg width="${width}" height="${height}" viewBox="${CARD_PANEL_WIDTH} ${top} ${width} ${height}"`,
        ),
      );
      if (strip.length !== width * height * 3) throw new Error("satori's SVG did not start as expected: cannot crop the bottom strip");
      const pixels = Buffer.from(frame.pixels);
      for (let y = 0; y < height; y++) strip.copy(pixels, ((top + y) * CARD_WIDTH + CARD_PANEL_WIDTH) * 3, y * width * 3, (y + 1) * width * 3);
      let prefix = frame.prefixes.get(top);
      if (!prefix) frame.prefixes.set(top, (prefix = pngPrefix(frame.pixels, CARD_WIDTH, top)));
      return encodeRgbPng(pixels, CARD_WIDTH, CARD_HEIGHT, prefix);
    },
  };
}

/** The whole card drawn at once (when the layers cannot be used). */
export async function renderWholeCard(fonts: CardFonts, data: CardData, artworkUri: string): Promise<Buffer> {
  // satori's types name React nodes; the plain-object tree is what it reads.
  const svg = await satori(cardElement(data, artworkUri) as never, { width: CARD_WIDTH, height: CARD_HEIGHT, ...cardSatoriOptions(fonts, data) });
  return encodeRgbPng(await rgbOf(svg), CARD_WIDTH, CARD_HEIGHT);
}
