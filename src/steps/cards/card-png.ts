/**
 * PNG encoding for cards drawn in layers (card-render.ts): 8-bit palette PNGs
 * (colour type 3), a byte per pixel. The rows above a card's bottom strip are
 * the same for every card of a frame and palette, so they are compressed once
 * and reused, and only the rows from there down are compressed for each card.
 * A general PNG encoder cannot do that (it compresses the whole image every
 * time); this is the glue around node:zlib that does, and nothing more: no
 * interlace, filter "none" on every row (the best filter for palette images).
 *
 * The zlib stream is the 2-byte header, the prefix rows deflated and ended with
 * a full flush (byte-aligned, and later data never refers back past it), the
 * remaining rows deflated as the final blocks, then the Adler-32 of all rows.
 */
import zlib from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZLIB_HEADER = Buffer.from([0x78, 0x9c]); // deflate, 32K window, default compression
/**
 * Each card's own rows: level 4, about as small as level 6 (1% larger) at half
 * its time; level 8 saves 6% more of a card's bytes but adds a quarter to the
 * time a card takes. A prefix is compressed once for many cards: level 8
 * (level 9 saves about 1% of its bytes and takes twice as long).
 */
const CARD_ROWS = { level: 4 } as const;
const PREFIX_ROWS = { level: 8 } as const;

/** An image of one byte per pixel (palette indices), `width` bytes a row. */
export interface IndexedImage {
  width: number;
  height: number;
  /** Palette indices, row after row. */
  indices: Uint8Array;
  /** RGB triples, at most 256 of them. */
  palette: Uint8Array;
}

/** The first rows of an image, filtered and compressed once, to start many PNGs with. */
export interface PngPrefix {
  width: number;
  rows: number;
  deflated: Buffer;
  adler: number;
  length: number;
}

/** Rows `from`..`to` of one-byte pixels as PNG scanlines (filter byte 0, then the row). */
export function scanlines(indices: Uint8Array, width: number, from: number, to: number): Buffer {
  const out = Buffer.allocUnsafe((to - from) * (width + 1));
  for (let y = from; y < to; y++) {
    const at = (y - from) * (width + 1);
    out[at] = 0;
    out.set(indices.subarray(y * width, (y + 1) * width), at + 1);
  }
  return out;
}

const ADLER_BASE = 65521;

/**
 * Raw deflate of `data` and its Adler-32, both from zlib: a zlib stream is a
 * 2-byte header, the raw deflate data and the Adler-32 of the input.
 */
function deflateWithAdler(data: Uint8Array, options: zlib.ZlibOptions): { deflated: Buffer; adler: number } {
  const stream = zlib.deflateSync(data, options);
  return { deflated: stream.subarray(2, stream.length - 4), adler: stream.readUInt32BE(stream.length - 4) };
}

/** Adler-32 of A followed by B, from the checksums of A and B and B's length (zlib's adler32_combine). */
function adler32Combine(adlerA: number, adlerB: number, lengthB: number): number {
  const rem = lengthB % ADLER_BASE;
  let sum1 = adlerA & 0xffff;
  let sum2 = (rem * sum1) % ADLER_BASE;
  sum1 += (adlerB & 0xffff) + ADLER_BASE - 1;
  sum2 += (adlerA >>> 16) + (adlerB >>> 16) + ADLER_BASE - rem;
  if (sum1 >= ADLER_BASE) sum1 -= ADLER_BASE;
  if (sum1 >= ADLER_BASE) sum1 -= ADLER_BASE;
  if (sum2 >= ADLER_BASE << 1) sum2 -= ADLER_BASE << 1;
  if (sum2 >= ADLER_BASE) sum2 -= ADLER_BASE;
  return ((sum2 << 16) | sum1) >>> 0;
}

/** Compresses the first `rows` rows of an indexed image, to start PNGs that share them. */
export function pngPrefix(indices: Uint8Array, width: number, rows: number): PngPrefix {
  const lines = scanlines(indices, width, 0, rows);
  return {
    width,
    rows,
    // Ended with a full flush, not as the final block: each card's own rows follow. (An unfinished
    // zlib stream has no Adler-32 at its end, so the prefix's is taken from a stored-only stream.)
    deflated: zlib.deflateRawSync(lines, { ...PREFIX_ROWS, finishFlush: zlib.constants.Z_FULL_FLUSH }),
    adler: deflateWithAdler(lines, { level: 0 }).adler,
    length: lines.length,
  };
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * An 8-bit palette PNG. `rest` is the image's scanlines from row `prefix.rows`
 * (or 0) down, as scanlines() makes them; the prefix's rows come first.
 */
export function encodePalettePng(
  width: number,
  height: number,
  palette: Uint8Array,
  rest: Buffer,
  prefix?: PngPrefix,
): Buffer {
  const from = prefix?.rows ?? 0;
  if (prefix && (prefix.width !== width || prefix.rows > height)) throw new Error('PNG prefix does not fit the image');
  if (rest.length !== (height - from) * (width + 1)) throw new Error('PNG rows do not fit the image');
  if (palette.length % 3 !== 0 || palette.length === 0 || palette.length > 256 * 3)
    throw new Error('a PNG palette holds 1 to 256 RGB colours');
  const own = deflateWithAdler(rest, CARD_ROWS);
  const trailer = Buffer.allocUnsafe(4);
  trailer.writeUInt32BE(prefix ? adler32Combine(prefix.adler, own.adler, rest.length) : own.adler, 0);
  const stream = Buffer.concat([ZLIB_HEADER, ...(prefix ? [prefix.deflated] : []), own.deflated, trailer]);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 3; // colour type: palette
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('PLTE', palette),
    chunk('IDAT', stream),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** An indexed image as a PNG. */
export function encodeIndexedPng(image: IndexedImage): Buffer {
  return encodePalettePng(
    image.width,
    image.height,
    image.palette,
    scanlines(image.indices, image.width, 0, image.height),
  );
}

/** The PLTE chunk's colours (RGB triples) of a palette PNG, e.g. one sharp quantized. */
export function readPngPalette(png: Uint8Array): Uint8Array {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'PLTE') return Uint8Array.from(bytes.subarray(at + 8, at + 8 + length));
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + length;
  }
  throw new Error('the PNG has no palette');
}
