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
import encodeChunks from 'png-chunks-encode';
import extractChunks from 'png-chunks-extract';

export const OB2_PNG_KEYWORD = 'openbadges';
export const OB3_PNG_KEYWORD = 'openbadgecredential';
export const OB2_SVG_NAMESPACE = 'http://openbadges.org';
export const OB3_SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** iTXt: keyword NUL, compression flag 0, method 0, language NUL, translated keyword NUL, UTF-8 text. */
function iTXtChunk(keyword: string, text: string): { name: string; data: Uint8Array } {
  const head = latin1(`${keyword}\0\0\0\0\0`);
  const body = new TextEncoder().encode(text);
  const data = new Uint8Array(head.length + body.length);
  data.set(head);
  data.set(body, head.length);
  return { name: 'iTXt', data };
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

/** The PNG with `text` baked under `keyword`, replacing any earlier bake of that keyword. */
export function bakePng(png: Uint8Array, keyword: string, text: string): Uint8Array {
  const chunks = extractChunks(png).filter((c) => !(c.name === 'iTXt' && readITXt(c.data)?.keyword === keyword));
  const iend = chunks.findIndex((c) => c.name === 'IEND');
  chunks.splice(iend, 0, iTXtChunk(keyword, text));
  return encodeChunks(chunks);
}

/** The text baked under `keyword`, or undefined. */
export function readBakedPng(png: Uint8Array, keyword: string): string | undefined {
  for (const chunk of extractChunks(png)) {
    if (chunk.name !== 'iTXt') continue;
    const entry = readITXt(chunk.data);
    if (entry?.keyword === keyword) return entry.text;
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
  return cleaned.slice(0, at) + addNamespace(tag, OB3_SVG_NAMESPACE) + `<openbadges:credential>${cdata(credentialJson)}</openbadges:credential>` + cleaned.slice(at + tag.length);
}

/** OB 2.0 baked SVG (hosted): the assertion URL in `verify`, the JSON as content. */
export function bakeSvgAssertion(svg: string, assertionUrl: string, assertionJson: string): string {
  const cleaned = svg.replace(/<openbadges:(credential|assertion)\b[\s\S]*?(<\/openbadges:\1>|\/>)/g, '');
  const open = cleaned.match(SVG_OPEN);
  if (!open) throw new Error('Not an SVG document: no <svg> element');
  const at = cleaned.indexOf(open[0]);
  const verify = assertionUrl.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  return cleaned.slice(0, at) + addNamespace(open[0], OB2_SVG_NAMESPACE) + `<openbadges:assertion verify="${verify}">${cdata(assertionJson)}</openbadges:assertion>` + cleaned.slice(at + open[0].length);
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
