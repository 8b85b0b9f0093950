/**
 * Reads the badge data baked into a PNG (iTXt/tEXt chunk) or SVG (an
 * openbadges element), for both Open Badges 2.0 and 3.0 baking. Returns the
 * embedded text (a JSON document, or for OB 2.0 possibly just its URL).
 */
import extractChunks from 'png-chunks-extract';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const OB3_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';
const OB2_NAMESPACE = 'http://openbadges.org';

export interface BakedData {
  format: 'ob3' | 'ob2';
  /** The embedded JSON text, when the image carries the document itself. */
  json?: string;
  /** The hosted URL, when an OB 2.0 image points to its assertion. */
  url?: string;
}

export function isPng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

export function looksLikeSvg(text: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(text);
}

/** Baked data of a PNG, or undefined when it has none. Throws on a broken PNG. */
export async function readBakedPng(bytes: Uint8Array): Promise<BakedData | undefined> {
  for (const chunk of extractChunks(bytes)) {
    if (chunk.name !== 'iTXt' && chunk.name !== 'tEXt') continue;
    const text = chunk.name === 'iTXt' ? await readITxt(chunk.data) : readTExt(chunk.data);
    if (!text) continue;
    if (text.keyword === 'openbadgecredential') return { format: 'ob3', json: text.value };
    if (text.keyword === 'openbadges') return ob2Value(text.value);
  }
  return undefined;
}

/** Baked data of an SVG document's text, or undefined when it has none. */
export function readBakedSvg(svg: string): BakedData | undefined {
  const prefixes = namespacePrefixes(svg);
  for (const [prefix, namespace] of prefixes) {
    if (namespace === OB3_NAMESPACE) {
      const body = elementBody(svg, `${prefix}:credential`);
      if (body?.content) return { format: 'ob3', json: body.content };
    }
    if (namespace === OB2_NAMESPACE) {
      const body = elementBody(svg, `${prefix}:assertion`);
      if (body) {
        if (body.content) return ob2Value(body.content);
        const verify = /\bverify\s*=\s*"([^"]*)"/.exec(body.attributes)?.[1];
        if (verify) return { format: 'ob2', url: decodeXmlEntities(verify) };
      }
    }
  }
  return undefined;
}

function ob2Value(value: string): BakedData {
  const trimmed = value.trim();
  return /^https?:\/\//.test(trimmed) ? { format: 'ob2', url: trimmed } : { format: 'ob2', json: trimmed };
}

function namespacePrefixes(svg: string): [string, string][] {
  return [...svg.matchAll(/xmlns:([\w.-]+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1]!, m[2]!]);
}

function elementBody(svg: string, qname: string): { attributes: string; content: string } | undefined {
  const name = qname.replace(/[.]/g, '\\.');
  const match = new RegExp(`<${name}(\\s[^>]*?)?(/>|>([\\s\\S]*?)</${name}\\s*>)`).exec(svg);
  if (!match) return undefined;
  const raw = (match[3] ?? '').trim();
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(raw);
  return { attributes: match[1] ?? '', content: cdata ? cdata[1]!.trim() : decodeXmlEntities(raw) };
}

function decodeXmlEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

interface TextChunk {
  keyword: string;
  value: string;
}

/** iTXt: keyword \0 compression-flag compression-method language \0 translated-keyword \0 text (UTF-8). */
async function readITxt(data: Uint8Array): Promise<TextChunk | undefined> {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 0) return undefined;
  const keyword = latin1(data.subarray(0, keywordEnd));
  const compressed = data[keywordEnd + 1] === 1;
  const languageEnd = data.indexOf(0, keywordEnd + 3);
  if (languageEnd < 0) return undefined;
  const translatedEnd = data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return undefined;
  let text = data.subarray(translatedEnd + 1);
  if (compressed) text = await inflate(text);
  return { keyword, value: new TextDecoder().decode(text) };
}

/** tEXt: keyword \0 text (Latin-1). */
function readTExt(data: Uint8Array): TextChunk | undefined {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 0) return undefined;
  return { keyword: latin1(data.subarray(0, keywordEnd)), value: latin1(data.subarray(keywordEnd + 1)) };
}

function latin1(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes);
}

async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
