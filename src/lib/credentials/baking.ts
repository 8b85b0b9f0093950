/**
 * Baking: putting a credential inside the badge image, so the image file alone
 * carries it.
 *
 *   PNG:  one uncompressed iTXt chunk; keyword "openbadges" holds the OB 2.0
 *         assertion (we bake its URL-hosted JSON), "openbadgecredential" the
 *         OB 3.0 credential JSON.
 *   SVG:  OB 3.0 puts the credential JSON in CDATA inside
 *         <openbadges:credential> (namespace https://purl.imsglobal.org/ob/v3p0)
 *         right after the opening <svg> tag; OB 2.0 uses
 *         <openbadges:assertion verify="URL"> (namespace http://openbadges.org).
 *
 * Isomorphic (Uint8Array, no Buffer), so the verify page can read dropped files.
 */
import CRC32 from 'crc-32';

export const OB2_PNG_KEYWORD = 'openbadges';
export const OB3_PNG_KEYWORD = 'openbadgecredential';
export const OB2_SVG_NAMESPACE = 'http://openbadges.org';
export const OB3_SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** iTXt: keyword NUL, compression flag 0, method 0, language NUL, translated keyword NUL, UTF-8 text. */
function iTXtChunk(keyword: string, text: string): { data: Uint8Array } {
  const head = latin1(`${keyword}\0\0\0\0\0`);
  const body = new TextEncoder().encode(text);
  const data = new Uint8Array(head.length + body.length);
  data.set(head);
  data.set(body, head.length);
  return { data };
}

function readITXt(data: Uint8Array): { keyword: string; text: string } | undefined {
  const end = data.indexOf(0);
  if (end < 1) return undefined;
  const keyword = String.fromCharCode(...data.subarray(0, end));
  const compressed = data[end + 1];
  if (compressed !== 0) return undefined; // we never write compressed text
  let i = end + 3;
  i = data.indexOf(0, i) + 1; // language tag
  i = data.indexOf(0, i) + 1; // translated keyword
  if (i === 0) return undefined;
  return { keyword, text: new TextDecoder().decode(data.subarray(i)) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface ChunkSpan {
  type: string;
  /** Offsets in the file: whole chunk [start, end), its data [dataStart, dataEnd). */
  start: number;
  end: number;
  dataStart: number;
  dataEnd: number;
}

/** The chunks of a PNG, as offsets into it (no copying: baked images are read
 * and written by the ten thousand). Throws on a file that is not a whole PNG. */
function pngChunks(png: Uint8Array): ChunkSpan[] {
  if (png.length < 8 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: ChunkSpan[] = [];
  for (let start = 8; ; ) {
    if (start + 12 > png.length) throw new Error('PNG file is truncated');
    const length = view.getUint32(start);
    const type = String.fromCharCode(...png.subarray(start + 4, start + 8));
    const end = start + 12 + length;
    if (end > png.length) throw new Error('PNG file is truncated');
    chunks.push({ type, start, end, dataStart: start + 8, dataEnd: start + 8 + length });
    if (type === 'IEND') return chunks;
    start = end;
  }
}

function crcOf(bytes: Uint8Array): number {
  return CRC32.buf(bytes) >>> 0;
}

function iTXtOf(png: Uint8Array, chunk: ChunkSpan): { keyword: string; text: string } | undefined {
  return chunk.type === 'iTXt' ? readITXt(png.subarray(chunk.dataStart, chunk.dataEnd)) : undefined;
}

/** The PNG with `text` baked under `keyword`, replacing any earlier bake of that keyword. */
export function bakePng(png: Uint8Array, keyword: string, text: string): Uint8Array {
  const chunks = pngChunks(png).filter((c) => iTXtOf(png, c)?.keyword !== keyword);
  const { data } = iTXtChunk(keyword, text);
  const baked = new Uint8Array(12 + data.length);
  const view = new DataView(baked.buffer);
  view.setUint32(0, data.length);
  baked.set(latin1('iTXt'), 4);
  baked.set(data, 8);
  view.setUint32(8 + data.length, crcOf(baked.subarray(4, 8 + data.length)));
  const iend = chunks.at(-1)!;
  const kept = chunks.slice(0, -1).reduce((sum, c) => sum + (c.end - c.start), 0);
  const out = new Uint8Array(8 + kept + baked.length + (iend.end - iend.start));
  out.set(png.subarray(0, 8));
  let at = 8;
  for (const c of chunks.slice(0, -1)) {
    out.set(png.subarray(c.start, c.end), at);
    at += c.end - c.start;
  }
  out.set(baked, at);
  out.set(png.subarray(iend.start, iend.end), at + baked.length);
  return out;
}

/** The text baked under `keyword`, or undefined. Throws on a broken PNG or a damaged text chunk. */
export function readBakedPng(png: Uint8Array, keyword: string): string | undefined {
  for (const chunk of pngChunks(png)) {
    const entry = iTXtOf(png, chunk);
    if (entry?.keyword !== keyword) continue;
    const stored = new DataView(png.buffer, png.byteOffset, png.byteLength).getUint32(chunk.dataEnd);
    if (crcOf(png.subarray(chunk.start + 4, chunk.dataEnd)) !== stored)
      throw new Error(`PNG ${keyword} chunk is damaged (CRC mismatch)`);
    return entry.text;
  }
  return undefined;
}

const SVG_OPEN = /<svg\b[^>]*>/;

/** CDATA cannot contain "]]>"; split it across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function addNamespace(svgOpenTag: string, uri: string): string {
  const withoutOld = svgOpenTag.replace(/\s+xmlns:openbadges\s*=\s*(["'])[^"']*\1/, '');
  return withoutOld.replace(/^<svg\b/, `<svg xmlns:openbadges="${uri}"`);
}

/** OB 3.0 baked SVG: the credential JSON right after the opening <svg> tag. */
export function bakeSvgCredential(svg: string, credentialJson: string): string {
  const open = svg.match(SVG_OPEN);
  if (!open) throw new Error('Not an SVG document: no <svg> element');
  const cleaned = svg.replace(/<openbadges:(credential|assertion)\b[\s\S]*?(<\/openbadges:\1>|\/>)/g, '');
  const tag = cleaned.match(SVG_OPEN)![0];
  const at = cleaned.indexOf(tag);
  return (
    cleaned.slice(0, at) +
    addNamespace(tag, OB3_SVG_NAMESPACE) +
    `<openbadges:credential>${cdata(credentialJson)}</openbadges:credential>` +
    cleaned.slice(at + tag.length)
  );
}

/** OB 2.0 baked SVG (hosted): the assertion URL in `verify`, the JSON as content. */
export function bakeSvgAssertion(svg: string, assertionUrl: string, assertionJson: string): string {
  const cleaned = svg.replace(/<openbadges:(credential|assertion)\b[\s\S]*?(<\/openbadges:\1>|\/>)/g, '');
  const open = cleaned.match(SVG_OPEN);
  if (!open) throw new Error('Not an SVG document: no <svg> element');
  const at = cleaned.indexOf(open[0]);
  const verify = assertionUrl.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  return (
    cleaned.slice(0, at) +
    addNamespace(open[0], OB2_SVG_NAMESPACE) +
    `<openbadges:assertion verify="${verify}">${cdata(assertionJson)}</openbadges:assertion>` +
    cleaned.slice(at + open[0].length)
  );
}

/** The JSON text baked into an SVG (OB 3.0 credential or OB 2.0 assertion), or undefined. */
export function readBakedSvg(svg: string, element: 'credential' | 'assertion' = 'credential'): string | undefined {
  const match = svg.match(new RegExp(`<openbadges:${element}\\b[^>]*>([\\s\\S]*?)</openbadges:${element}>`));
  if (!match) return undefined;
  const inner = match[1]!;
  const sections = [...inner.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((m) => m[1]).join('');
  return sections || inner.trim() || undefined;
}

/** A PNG badge image as an SVG (for SVG baking when the artwork is raster). */
export function svgWrappingPng(png: Uint8Array, width: number, height: number): string {
  let binary = '';
  for (let i = 0; i < png.length; i += 0x8000) binary += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${btoa(binary)}"/></svg>`;
}
