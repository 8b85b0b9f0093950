/**
 * Colour palettes for social cards. A card is a few flat colours, a gradient,
 * the badge artwork and antialiased text: 256 colours draw it with no visible
 * change, and an 8-bit palette PNG is half the size of the RGB one.
 *
 * The palette comes from libimagequant (through sharp), without dithering
 * (dither noise costs bytes and blurs text edges). Pixels are then mapped to
 * their nearest palette colour here, rather than by libimagequant, so that a
 * palette made once can be used for many cards: each card's pixels are mapped
 * with the same rule, whoever draws it, and the mapper reports how far the
 * worst pixel lies from its colour, so a card the palette does not suit can be
 * given its own.
 */
import sharp from 'sharp';
import { readPngPalette } from './card-png.ts';

/**
 * A palette of at most 256 colours for an RGB image (libimagequant through
 * sharp; the same pixels always give the same palette). The quantizer reads
 * every second pixel of every second row, picked as they are (no blending, so
 * no colour the image does not have): a quarter of the work, the same colours.
 * Effort 3 of 10: a third faster than the default 7, files a few percent
 * smaller, and still within about 0.25 of a level on average per channel.
 */
export async function quantizePalette(rgb: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const png = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .resize(Math.ceil(width / 2), Math.ceil(height / 2), { kernel: 'nearest' })
    .png({ palette: true, dither: 0, quality: 100, effort: 3 })
    .toBuffer();
  return readPngPalette(png);
}

/** Maps RGB pixels to the nearest colour of a palette (squared RGB distance; ties go to the lower index). */
export class PaletteMapper {
  readonly palette: Uint8Array;
  /** 0xRRGGBB -> palette index | (largest channel difference << 8). */
  readonly #known = new Map<number, number>();

  constructor(palette: Uint8Array) {
    if (palette.length % 3 !== 0 || palette.length === 0 || palette.length > 256 * 3) throw new Error('a palette holds 1 to 256 RGB colours');
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
