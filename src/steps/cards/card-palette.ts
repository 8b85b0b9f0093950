/**
 * Colour palettes for social cards. A card is a few flat colours, a gradient,
 * the badge artwork and antialiased text: an 8-bit palette PNG draws it with
 * no visible change at a fraction of the RGB PNG's size.
 *
 * Most of a card's bytes are the antialiased edges of its text, and each
 * palette colour those edges may take costs bits, so the palette is small:
 * libimagequant (through sharp) picks the fewest colours that reach quality
 * PALETTE_QUALITY, without dithering (dither noise costs bytes and blurs text
 * edges). Two kinds of colour are then added back (completePalette): every
 * colour of a smooth area (a gradient's rows, flat fills), so gradients keep
 * all their steps and show no bands, and any rare colour (a stamp's edge) the
 * small palette misses by more than RARE_TOLERANCE.
 *
 * Pixels are mapped to their nearest palette colour here, rather than by
 * libimagequant, so that a palette made once can be used for many cards: each
 * card's pixels are mapped with the same rule, whoever draws it, and the
 * mapper reports how far the worst pixel lies from its colour, so a card the
 * palette does not suit can be given its own.
 */
import sharp from 'sharp';
import { readPngPalette } from './card-png.ts';

/** libimagequant's quality target (0-100): 85 gives about 30-40 colours on a card (256 at 100), and a quarter fewer bytes. */
const PALETTE_QUALITY = 85;
/** A colour in horizontal runs of at least this many pixels belongs to a smooth area (text edges make short runs). */
const SMOOTH_RUN = 16;
/** ...if it covers at least this many pixels in such runs. */
const SMOOTH_AREA = 100;
/** Smooth-area colours are drawn within this many levels per channel: a gradient keeps every step. */
const SMOOTH_TOLERANCE = 1;
/** Any other colour of the image within this many levels (below CARD_PALETTE_TOLERANCE, leaving room for the text of other cards). */
const RARE_TOLERANCE = 30;

/**
 * A palette of at most 256 colours for an RGB image (the same pixels always
 * give the same palette). The quantizer reads every second pixel of every
 * second row, picked as they are (no blending, so no colour the image does not
 * have): a quarter of the work, the same colours. Effort 3 of 10: a third
 * faster than the default 7, files a few percent smaller.
 */
export async function quantizePalette(rgb: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const png = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .resize(Math.ceil(width / 2), Math.ceil(height / 2), { kernel: 'nearest' })
    .png({ palette: true, dither: 0, quality: PALETTE_QUALITY, effort: 3 })
    .toBuffer();
  return completePalette(readPngPalette(png), rgb, width);
}

/** Squared distance to the nearest palette colour, and that colour's largest channel difference. */
function nearestError(palette: readonly number[], colour: number): number {
  const r = colour >>> 16;
  const g = (colour >>> 8) & 255;
  const b = colour & 255;
  let best = Infinity;
  let error = 0;
  for (let p = 0; p < palette.length; p += 3) {
    const dr = palette[p]! - r;
    const dg = palette[p + 1]! - g;
    const db = palette[p + 2]! - b;
    const distance = dr * dr + dg * dg + db * db;
    if (distance < best) {
      best = distance;
      error = Math.max(Math.abs(dr), Math.abs(dg), Math.abs(db));
    }
  }
  return error;
}

/**
 * Adds to `palette` the image's colours it does not draw closely enough: those
 * of smooth areas beyond SMOOTH_TOLERANCE, any other beyond RARE_TOLERANCE.
 * Largest areas first, each only if the colours added before do not already
 * draw it, up to 256 colours. Deterministic: the same pixels, the same palette.
 */
export function completePalette(palette: Uint8Array, rgb: Uint8Array, width: number): Uint8Array {
  // Pixels of each colour in horizontal runs of SMOOTH_RUN or more (0 for colours seen only in shorter runs).
  const smooth = new Map<number, number>();
  const rowBytes = width * 3;
  for (let row = 0; row < rgb.length; row += rowBytes) {
    for (let p = row; p < row + rowBytes; ) {
      const colour = (rgb[p]! << 16) | (rgb[p + 1]! << 8) | rgb[p + 2]!;
      let end = p + 3;
      while (end < row + rowBytes && rgb[end] === rgb[p] && rgb[end + 1] === rgb[p + 1] && rgb[end + 2] === rgb[p + 2])
        end += 3;
      const run = (end - p) / 3;
      smooth.set(colour, (smooth.get(colour) ?? 0) + (run >= SMOOTH_RUN ? run : 0));
      p = end;
    }
  }
  const colours = [...palette];
  const tolerance = (area: number) => (area >= SMOOTH_AREA ? SMOOTH_TOLERANCE : RARE_TOLERANCE);
  const missed = [...smooth]
    .filter(([colour, area]) => nearestError(colours, colour) > tolerance(area))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  for (const [colour, area] of missed) {
    if (colours.length >= 256 * 3) break;
    if (nearestError(colours, colour) > tolerance(area))
      colours.push(colour >>> 16, (colour >>> 8) & 255, colour & 255);
  }
  return Uint8Array.from(colours);
}

/** Maps RGB pixels to the nearest colour of a palette (squared RGB distance; ties go to the lower index). */
export class PaletteMapper {
  readonly palette: Uint8Array;
  /** 0xRRGGBB -> palette index | (largest channel difference << 8). */
  readonly #known = new Map<number, number>();

  constructor(palette: Uint8Array) {
    if (palette.length % 3 !== 0 || palette.length === 0 || palette.length > 256 * 3)
      throw new Error('a palette holds 1 to 256 RGB colours');
    this.palette = palette;
  }

  #nearest(colour: number): number {
    const r = colour >>> 16;
    const g = (colour >>> 8) & 255;
    const b = colour & 255;
    const palette = this.palette;
    let best = 0;
    let bestDistance = Infinity;
    for (let i = 0, p = 0; p < palette.length; i++, p += 3) {
      const dr = palette[p]! - r;
      const dg = palette[p + 1]! - g;
      const db = palette[p + 2]! - b;
      const distance = dr * dr + dg * dg + db * db;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = i;
      }
    }
    const p = best * 3;
    const error = Math.max(Math.abs(palette[p]! - r), Math.abs(palette[p + 1]! - g), Math.abs(palette[p + 2]! - b));
    const value = best | (error << 8);
    this.#known.set(colour, value);
    return value;
  }

  /**
   * Maps `count` RGB pixels, starting at pixel `from` of `rgb`, to palette
   * indices written from `out[at]`. Returns the largest difference, in any
   * channel, between a pixel and its palette colour.
   */
  map(rgb: Uint8Array, from: number, count: number, out: Uint8Array, at: number): number {
    let worst = 0;
    let last = -1;
    let value = 0;
    for (let i = 0, p = from * 3; i < count; i++, p += 3) {
      const colour = (rgb[p]! << 16) | (rgb[p + 1]! << 8) | rgb[p + 2]!;
      if (colour !== last) {
        last = colour;
        value = this.#known.get(colour) ?? this.#nearest(colour);
        if (value >>> 8 > worst) worst = value >>> 8;
      }
      out[at + i] = value & 255;
    }
    return worst;
  }
}
