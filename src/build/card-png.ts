/**
 * PNG encoding for cards drawn in layers (card-render.ts): the rows above a
 * card's bottom strip are the same for every card of a frame, so they are
 * compressed once per frame and reused, and only the rows from there down are
 * compressed for each card. A general PNG encoder cannot do that (it compresses
 * the whole image every time, about two thirds of a card's cost); this is the
 * glue around node:zlib that does, and nothing more: 8-bit RGB, no interlace,
 * filter "none" on every row.
 *
 * The zlib stream is the 2-byte header, the prefix rows deflated and ended with
 * a full flush (byte-aligned, and later data never refers back past it), the
 * remaining rows deflated as the final blocks, then the Adler-32 of all rows.
 */
import zlib from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZLIB_HEADER = Buffer.from([0x78, 0x9c]); // deflate, 32K window, default compression
const LEVEL = 6;

/** The first rows of an image, filtered and compressed once, to start many PNGs with. */
export interface PngPrefix {
  width: number;
  rows: number;
  deflated: Buffer;
  adler: number;
  length: number;
}

/** Rows `from`..`to` of RGB pixels as PNG scanlines (filter byte 0, then the row). */
function scanlines(rgb: Buffer, width: number, from: number, to: number): Buffer {
  const stride = width * 3;
  const out = Buffer.allocUnsafe((to - from) * (stride + 1));
  for (let y = from; y < to; y++) {
    const at = (y - from) * (stride + 1);
    out[at] = 0;
    rgb.copy(out, at + 1, y * stride, (y + 1) * stride);
  }
  return out;
}

const ADLER_BASE = 65521;

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  // 5552 bytes is the most that can be summed before the 32-bit sums must be reduced.
  for (let i = 0; i < data.length; ) {
    const end = Math.min(i + 5552, data.length);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= ADLER_BASE;
    b %= ADLER_BASE;
  }
  return ((b << 16) | a) >>> 0;
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

/** Compresses the first `rows` rows of an RGB image, to start PNGs that share them. */
export function pngPrefix(rgb: Buffer, width: number, rows: number): PngPrefix {
  const lines = scanlines(rgb, width, 0, rows);
  return {
    width,
    rows,
    deflated: zlib.deflateRawSync(lines, { level: LEVEL, finishFlush: zlib.constants.Z_FULL_FLUSH }),
    adler: adler32(lines),
    length: lines.length,
  };
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit RGB PNG of `rgb` (width x height); its first `prefix.rows` rows must be the prefix's. */
export function encodeRgbPng(rgb: Buffer, width: number, height: number, prefix?: PngPrefix): Buffer {
  if (prefix && (prefix.width !== width || prefix.rows > height)) throw new Error('PNG prefix does not fit the image');
  const from = prefix?.rows ?? 0;
  const rest = scanlines(rgb, width, from, height);
  const adler = prefix ? adler32Combine(prefix.adler, adler32(rest), rest.length) : adler32(rest);
  const trailer = Buffer.allocUnsafe(4);
  trailer.writeUInt32BE(adler, 0);
  const stream = Buffer.concat([ZLIB_HEADER, ...(prefix ? [prefix.deflated] : []), zlib.deflateRawSync(rest, { level: LEVEL }), trailer]);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', stream), chunk('IEND', Buffer.alloc(0))]);
}
