/**
 * Which badge a baked image carries, using the baking module's readers
 * (credentials/baking.ts): OB 3.0 credential JSON, or an OB 2.0 assertion as
 * JSON or as the URL of its hosted copy.
 */
import {
  OB2_PNG_KEYWORD,
  OB3_PNG_KEYWORD,
  readBakedPng as readPngText,
  readBakedSvg as readSvgText,
} from '../credentials/baking.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface BakedData {
  format: 'ob3' | 'ob2';
  /** The embedded JSON text, when the image carries the document itself. */
  json?: string;
  /** The hosted URL, when an OB 2.0 image only points to its assertion. */
  url?: string;
}

export function isPng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

export function looksLikeSvg(text: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(text);
}

/** Baked data of a PNG, or undefined when it has none. Throws on a broken PNG. */
export function readBakedPng(bytes: Uint8Array): BakedData | undefined {
  const ob3 = readPngText(bytes, OB3_PNG_KEYWORD);
  if (ob3) return { format: 'ob3', json: ob3 };
  const ob2 = readPngText(bytes, OB2_PNG_KEYWORD);
  return ob2 ? ob2Value(ob2) : undefined;
}

/** Baked data of an SVG document, or undefined when it has none. */
export function readBakedSvg(svg: string): BakedData | undefined {
  const ob3 = readSvgText(svg, 'credential');
  if (ob3) return { format: 'ob3', json: ob3 };
  const ob2 = readSvgText(svg, 'assertion');
  if (ob2) return ob2Value(ob2);
  // An OB 2.0 SVG may carry only the hosted URL, in the verify attribute.
  const verify = /<openbadges:assertion\b[^>]*\bverify\s*=\s*"([^"]*)"/.exec(svg)?.[1];
  return verify ? { format: 'ob2', url: verify.replaceAll('&quot;', '"').replaceAll('&amp;', '&') } : undefined;
}

function ob2Value(value: string): BakedData {
  const trimmed = value.trim();
  return /^https?:\/\/\S+$/.test(trimmed) ? { format: 'ob2', url: trimmed } : { format: 'ob2', json: trimmed };
}
