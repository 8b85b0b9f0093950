/**
 * Draws one social card: satori lays out the element tree from og-card.ts as
 * SVG (text as paths, so no font is needed later), sharp (librsvg) rasterizes
 * it, and card-png.ts writes it as an 8-bit palette PNG (card-palette.ts).
 * Used by the card workers and, unpooled, by the benchmark.
 */
import { readFile } from 'node:fs/promises';
import satori from 'satori';
import sharp from 'sharp';
import {
  CARD_ARTWORK_SIZE,
  CARD_HEIGHT,
  CARD_PANEL_WIDTH,
  CARD_WIDTH,
  type CardData,
  cardElement,
  cardFrameKey,
  cardTextRuns,
} from '../../lib/social/og-card.ts';
import type { CardFonts } from './card-fonts.ts';
import { PaletteMapper, quantizePalette } from './card-palette.ts';
import { encodePalettePng, type PngPrefix, pngPrefix, scanlines } from './card-png.ts';

/** Badge artwork (SVG or PNG) as a square PNG; greyed for muted cards. */
export async function artworkPng(artwork: Buffer, size: number, muted = false): Promise<Buffer> {
  let image = sharp(artwork, { density: 300 }).resize(size, size, {
    fit: 'contain',
    background: { r: 0, g: 0, b: 0, alpha: 0 },
  });
  if (muted) image = image.greyscale();
  return image.png().toBuffer();
}

/** satori's fonts and emoji images for a card: chosen from its text alone. */
export function cardSatoriOptions(fonts: CardFonts, data: CardData) {
  const { fonts: list, graphemeImages } = fonts.forText(cardTextRuns(data), data.locale);
  return { fonts: list, graphemeImages };
}

/** Part of every card's cache key: bump when the renderer draws or encodes the same card differently. */
export const CARD_RENDERER_VERSION = 'layers+palette-png-5';

/**
 * The largest difference, in any colour channel, between a card as drawn and
 * its PNG (0-255). A card whose pixels the shared palette of its badge cannot
 * draw this closely (a stamp, an emoji in a name) gets its own (ownPalettePng).
 * The palette draws its sample card's smooth areas within 1 level and every
 * other pixel within 30 (card-palette.ts); the worst pixels are single
 * antialiased edge pixels (a stamp's border over the gradient, the text of
 * another name) that miss by up to about 35 levels in one channel: not
 * visible, where writing the whole card as RGB would double its bytes.
 */
export const CARD_PALETTE_TOLERANCE = 40;

export interface CardRenderer {
  render(data: CardData, artworkFile: string): Promise<Buffer>;
  /** The card's RGB pixels before they are reduced to a palette (what render() encodes). */
  drawRgb(data: CardData, artworkFile: string): Promise<Buffer>;
}

/** Frames kept per renderer (each 1200x630 RGB, 2.3 MB); the card step sends cards sorted by frame. */
const FRAME_CACHE_SIZE = 8;

interface Frame {
  /** RGB pixels of the whole frame. */
  pixels: Buffer;
  /** Bottom edge of the frame's text (issuer; title and subtitle on cards without a recipient): the bottom layer is drawn below it. */
  textBottom: number;
  /** The frame's palettes, by palette key (cardPaletteKey). */
  palettes: Map<string, Promise<FramePalette>>;
}

interface FramePalette {
  mapper: PaletteMapper;
  /** The frame's pixels as indices into the palette. */
  indices: Uint8Array;
  /** The worst channel error of the frame's pixels in the palette: a frame the palette does not suit
   * (a thin state stamp the sample under-weighs, say) makes its cards exact RGB PNGs. */
  frameWorst: number;
  /** The PNG rows above a strip, compressed once per strip position (cards of a frame have a few). */
  prefixes: Map<number, PngPrefix>;
}

/** A card drawn in layers (the frame and the bottom strip from row `top`), or at once. */
type Drawn = { frame: Frame; top: number; strip: Buffer } | { frame: Frame; whole: Buffer };

/** Every pixel of a card is opaque, so cards are RGB. */
const rgbOf = (svg: string) => sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer();

const STRIP_WIDTH = CARD_WIDTH - CARD_PANEL_WIDTH;
/** Rows drawn above the bottom block's first line box (diacritics and tall scripts reach above it). */
const STRIP_MARGIN = 24;

/** Text in the palette sample in place of each award's own (the colours it is drawn in are what count). */
const SAMPLE_RECIPIENT = '홍길동 Sample Name';
const SAMPLE_FACT = '발급일 2026년 1월 1일 Issued';

/**
 * The card a palette is made from: this card with its per-award text (recipient
 * and dates) replaced by sample text. Everything else (badge, states, footer)
 * is kept, so cards with equal samples share a palette, and a card's palette
 * depends on its own data alone, not on which cards a worker drew before.
 */
export function paletteSample(data: CardData): CardData {
  return {
    ...data,
    recipient: data.recipient === undefined ? undefined : SAMPLE_RECIPIENT,
    facts: data.facts.map(() => SAMPLE_FACT),
  };
}

/** Cards with equal keys share a frame and a palette: the card step sends them one after another. */
export function cardPaletteKey(data: CardData, artworkFile: string): string {
  return `${cardFrameKey(data, artworkFile)}\n${JSON.stringify(paletteSample(data))}`;
}

/**
 * Draws cards in two layers: rasterizing satori's SVG is most of a card's
 * cost, and most of a card is the same for every award of a badge. The frame
 * (artwork panel, issuer; the title too on cards without a recipient) is drawn once per badge and state and
 * kept; for each card only the bottom block (recipient, dates, states, footer)
 * is laid out and rasterized, in the strip of the card below the frame's text,
 * and put into the frame. The strip's position on the card is a whole number
 * of pixels, so the result is pixel for pixel the whole card drawn at once
 * (tests/unit/lib/social/og-card.test.ts compares them); when the two blocks would
 * overlap, the whole card is drawn at once instead.
 *
 * The palette is made once per frame and sample (paletteSample) and the frame
 * mapped to it once, so a card costs the mapping of its strip; the PNG's rows
 * above the strip are compressed once per frame, palette and strip position
 * too (card-png.ts).
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
        const svg = await satori(
          cardElement(data, await artworkUri(artworkFile, data.mutedArtwork), 'frame') as never,
          {
            width: CARD_WIDTH,
            height: CARD_HEIGHT,
            ...options,
            onNodeDetected: (node) => {
              if (node.textContent) textBottom = Math.max(textBottom, node.top + node.height);
            },
          },
        );
        const pixels = await rgbOf(svg);
        return { pixels, textBottom, palettes: new Map() };
      })();
      if (frames.size >= FRAME_CACHE_SIZE) frames.delete(frames.keys().next().value!);
    }
    frames.set(key, frame);
    return frame;
  };

  const draw = async (data: CardData, artworkFile: string): Promise<Drawn> => {
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
    if (bottomTop < frame.textBottom)
      return { frame, whole: await drawWholeCard(fonts, data, await artworkUri(artworkFile, data.mutedArtwork)) };
    // Just above the bottom block, with room for glyphs that reach out of their line boxes (the rows
    // between the blocks are blank in both layers): the fewer rows a card draws, maps and compresses, the faster.
    const top = Math.max(Math.floor((frame.textBottom + bottomTop) / 2), Math.floor(bottomTop) - STRIP_MARGIN);
    const height = CARD_HEIGHT - top;
    const strip = await rgbOf(
      svg.replace(
        `<svg width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}"`,
        `<svg width="${STRIP_WIDTH}" height="${height}" viewBox="${CARD_PANEL_WIDTH} ${top} ${STRIP_WIDTH} ${height}"`,
      ),
    );
    if (strip.length !== STRIP_WIDTH * height * 3)
      throw new Error("satori's SVG did not start as expected: cannot crop the bottom strip");
    return { frame, top, strip };
  };

  /** The whole card's RGB pixels. */
  const composite = (drawn: Drawn): Buffer => {
    if ('whole' in drawn) return drawn.whole;
    const pixels = Buffer.from(drawn.frame.pixels);
    const rows = CARD_HEIGHT - drawn.top;
    for (let y = 0; y < rows; y++)
      drawn.strip.copy(
        pixels,
        ((drawn.top + y) * CARD_WIDTH + CARD_PANEL_WIDTH) * 3,
        y * STRIP_WIDTH * 3,
        (y + 1) * STRIP_WIDTH * 3,
      );
    return pixels;
  };

  const paletteOf = (frame: Frame, data: CardData, artworkFile: string): Promise<FramePalette> => {
    const key = cardPaletteKey(data, artworkFile);
    let palette = frame.palettes.get(key);
    if (!palette) {
      palette = (async () => {
        const mapper = new PaletteMapper(
          await quantizePalette(composite(await draw(paletteSample(data), artworkFile)), CARD_WIDTH, CARD_HEIGHT),
        );
        const indices = new Uint8Array(CARD_WIDTH * CARD_HEIGHT);
        const frameWorst = mapper.map(frame.pixels, 0, CARD_WIDTH * CARD_HEIGHT, indices, 0);
        return { mapper, indices, frameWorst, prefixes: new Map() };
      })();
      frame.palettes.set(key, palette);
    }
    return palette;
  };

  return {
    drawRgb: async (data, artworkFile) => composite(await draw(data, artworkFile)),
    async render(data, artworkFile) {
      const drawn = await draw(data, artworkFile);
      const palette = await paletteOf(drawn.frame, data, artworkFile);
      if ('whole' in drawn) {
        const indices = new Uint8Array(CARD_WIDTH * CARD_HEIGHT);
        if (palette.mapper.map(drawn.whole, 0, CARD_WIDTH * CARD_HEIGHT, indices, 0) > CARD_PALETTE_TOLERANCE)
          return ownPalettePng(drawn.whole);
        return encodePalettePng(
          CARD_WIDTH,
          CARD_HEIGHT,
          palette.mapper.palette,
          scanlines(indices, CARD_WIDTH, 0, CARD_HEIGHT),
        );
      }
      // The PNG rows from the strip down: the frame's panel part, then the strip mapped to the palette.
      if (palette.frameWorst > CARD_PALETTE_TOLERANCE) return ownPalettePng(composite(drawn));
      const { top, strip } = drawn;
      const rest = Buffer.allocUnsafe((CARD_HEIGHT - top) * (CARD_WIDTH + 1));
      let worst = 0;
      for (let y = top; y < CARD_HEIGHT; y++) {
        const at = (y - top) * (CARD_WIDTH + 1);
        rest[at] = 0;
        rest.set(palette.indices.subarray(y * CARD_WIDTH, y * CARD_WIDTH + CARD_PANEL_WIDTH), at + 1);
        worst = Math.max(
          worst,
          palette.mapper.map(strip, (y - top) * STRIP_WIDTH, STRIP_WIDTH, rest, at + 1 + CARD_PANEL_WIDTH),
        );
      }
      if (worst > CARD_PALETTE_TOLERANCE) return ownPalettePng(composite(drawn));
      let prefix = palette.prefixes.get(top);
      if (!prefix) palette.prefixes.set(top, (prefix = pngPrefix(palette.indices, CARD_WIDTH, top)));
      return encodePalettePng(CARD_WIDTH, CARD_HEIGHT, palette.mapper.palette, rest, prefix);
    },
  };
}

/**
 * A card its badge's shared palette cannot draw within tolerance (a state stamp
 * the sample under-weighs, an emoji's colours) gets a palette of its own, made
 * from its own pixels: still a function of the card alone, at a palette card's
 * size. Only if that palette cannot draw it within tolerance either is it
 * written as an RGB PNG, exactly as drawn: larger, and rare.
 */
async function ownPalettePng(rgb: Buffer): Promise<Buffer> {
  const mapper = new PaletteMapper(await quantizePalette(rgb, CARD_WIDTH, CARD_HEIGHT));
  const indices = new Uint8Array(CARD_WIDTH * CARD_HEIGHT);
  if (mapper.map(rgb, 0, CARD_WIDTH * CARD_HEIGHT, indices, 0) > CARD_PALETTE_TOLERANCE) return exactPng(rgb);
  return encodePalettePng(CARD_WIDTH, CARD_HEIGHT, mapper.palette, scanlines(indices, CARD_WIDTH, 0, CARD_HEIGHT));
}

/** A card written exactly as drawn, as an RGB PNG. */
function exactPng(rgb: Buffer): Promise<Buffer> {
  return sharp(rgb, { raw: { width: CARD_WIDTH, height: CARD_HEIGHT, channels: 3 } })
    .png()
    .toBuffer();
}

/** The whole card drawn at once, as RGB pixels (when the layers cannot be used). */
export async function drawWholeCard(fonts: CardFonts, data: CardData, artworkUri: string): Promise<Buffer> {
  // satori's types name React nodes; the plain-object tree is what it reads.
  const svg = await satori(cardElement(data, artworkUri) as never, {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    ...cardSatoriOptions(fonts, data),
  });
  return rgbOf(svg);
}
