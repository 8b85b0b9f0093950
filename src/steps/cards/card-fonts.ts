/**
 * Fonts for social cards, per card.
 *
 * Pretendard (og-card.ts) draws Hangul, Latin, Greek, Cyrillic and kana. A name
 * in another script falls back to a Noto family from npm: fontsource packages,
 * which split each family into slices by unicode-range (a few dozen KB each; the
 * Han font is about 100 slices). A card gets only the slices that hold the
 * characters Pretendard lacks on that card, so its look follows from its text
 * alone (whichever worker draws it), and a worker reads each slice file once,
 * the first time a card needs it. Emoji are drawn as Twemoji SVG images
 * (satori's graphemeImages), which satori prefers over any font glyph.
 *
 * satori reads WOFF, not WOFF2, so the .woff files are used. It shapes each
 * run with HarfBuzz (Arabic joining, Devanagari conjuncts and vowel signs are
 * right), but has no bidi reordering of words: see rtlWordOrder() in og-card.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, findPackageJSON } from 'node:module';
import path from 'node:path';
import type { Font } from 'satori';
import {
  CARD_FONT_FAMILY,
  CARD_FONT_WEIGHTS,
  type CardFontWeight,
  type CardTextRun,
  cardFontFiles,
} from '../../lib/social/og-card.ts';
import type { Locale } from '../../lib/content/schema.ts';
import { LOCALE_ROWS, localeRow } from '../../lib/locales/registry.ts';

const require = createRequire(import.meta.url);

/**
 * The code points Pretendard draws (read from its character map with fontkit).
 * The card step reads it once and hands it to its workers: loading fontkit
 * and the font in every worker costs a third of a second.
 */
export function primaryFontCoverage(): number[] {
  // Loaded only here, when it is needed.
  const fontkit = require('fontkit') as typeof import('fontkit');
  coverage ??= (fontkit.openSync(cardFontFiles()[0]!.file) as import('fontkit').Font).characterSet;
  return coverage;
}
let coverage: number[] | undefined;

/** Fallback families, in the order they are tried for a character. */
export const FALLBACK_FONT_PACKAGES = [
  '@fontsource/noto-sans-devanagari',
  '@fontsource/noto-sans-arabic',
  '@fontsource/noto-sans-thai',
  '@fontsource/noto-sans-sc', // Han (Chinese, Japanese kanji, Korean hanja), in simplified Chinese forms
] as const;
export const EMOJI_PACKAGE = '@twemoji/svg';
/** The packages locale registry rows put first for their language's cards (Japanese: kanji in Japanese forms). */
const LANGUAGE_FONT_PACKAGES = [...new Set(LOCALE_ROWS.flatMap((row) => row.fonts.card as readonly string[]))];

const WEIGHTS = Object.keys(CARD_FONT_WEIGHTS).map(Number) as CardFontWeight[];

interface Slice {
  /** Unique satori font name of the slice, e.g. "Noto Sans SC 17". */
  name: string;
  /** The slice's file for a weight. */
  file: (weight: CardFontWeight) => string;
  ranges: [number, number][];
}

function parseUnicodeRange(range: string): [number, number][] {
  return range.split(',').map((part) => {
    const [start, end] = part.trim().replace(/^U\+/i, '').split('-');
    return [Number.parseInt(start!, 16), Number.parseInt(end ?? start!, 16)];
  });
}

function packageSlices(pkg: string): Slice[] {
  const dir = path.dirname(require.resolve(`${pkg}/package.json`));
  const { id, family } = JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as {
    id: string;
    family: string;
  };
  const ranges = JSON.parse(readFileSync(path.join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  return Object.entries(ranges).map(([key, range]) => {
    const subset = key.replace(/^\[(\d+)\]$/, '$1');
    return {
      name: `${family} ${subset}`,
      file: (weight) => path.join(dir, 'files', `${id}-${subset}-${weight}-normal.woff`),
      ranges: parseUnicodeRange(range),
    };
  });
}

/** Package name@version of every font and image source a card can use (part of the card cache key). */
export function cardFontVersions(): string[] {
  return ['pretendard', ...LANGUAGE_FONT_PACKAGES, ...FALLBACK_FONT_PACKAGES, EMOJI_PACKAGE].map((name) => {
    const file = findPackageJSON(name, import.meta.url);
    return `${name}@${file ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : '?'}`;
  });
}

/** Twemoji file names: code points in hex joined by "-", without U+FE0F unless the sequence has a ZWJ. */
function twemojiFile(dir: string, grapheme: string): string | undefined {
  const hex = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16)).join('-');
  const candidates = [
    grapheme.includes('\u200d') ? grapheme : grapheme.replaceAll('\ufe0f', ''),
    grapheme.replaceAll('\ufe0f', ''),
  ];
  for (const candidate of candidates) {
    const file = path.join(dir, `${hex(candidate)}.svg`);
    if (existsSync(file)) return file;
  }
  return undefined;
}

const EMOJI = /^\p{RGI_Emoji}$/v;
/** Characters that are never drawn on their own (joiners, variation selectors, spaces, controls). */
const INVISIBLE = /\p{Cc}|\p{Cf}|\p{Z}|\p{Variation_Selector}/u;

/** What satori needs to draw one card's text. */
export interface TextFonts {
  fonts: Font[];
  /** Emoji grapheme -> SVG data URI. */
  graphemeImages: Record<string, string>;
  /** Characters no font here has (drawn as boxes). */
  missing: string[];
}

/** Text to draw: runs with their weights (cardTextRuns), or a string drawn in every card weight. */
export type CardText = readonly CardTextRun[] | string;

export interface CardFonts {
  /** The fonts and emoji images for a card that shows `text` (reads the font files it needs, once); a card in
   * `locale` tries that language's own fonts first (the registry's `fonts.card`). */
  forText(text: CardText, locale?: Locale): TextFonts;
  /** Only the characters of `text` that no card font has (reads no font file but Pretendard's character map). */
  missing(text: CardText): string[];
}

/**
 * Loads each font file on first use, and keeps it: one per worker (satori
 * caches parsed fonts by buffer, so a kept buffer is parsed once).
 */
export function cardFonts({ primaryCoverage }: { primaryCoverage?: readonly number[] } = {}): CardFonts {
  let base: Font[] | undefined;
  let primary: Set<number> | undefined;
  let slices: Slice[] | undefined;
  const sliceFonts = new Map<string, Font>();
  const emojiDir = path.dirname(require.resolve(`${EMOJI_PACKAGE}/package.json`));
  const emojiFiles = new Map<string, string | undefined>();
  const emojiUris = new Map<string, string>();

  const covered = (cp: number) => {
    primary ??= new Set(primaryCoverage ?? primaryFontCoverage());
    return primary.has(cp);
  };
  const languageSlices = new Map<string, Slice[]>();
  const slicesOf = (locale: Locale | undefined): Slice[] => {
    slices ??= FALLBACK_FONT_PACKAGES.flatMap(packageSlices);
    const own = locale ? (localeRow(locale).fonts.card as readonly string[]) : [];
    if (own.length === 0) return slices;
    let list = languageSlices.get(locale!);
    if (!list) languageSlices.set(locale!, (list = [...own.flatMap(packageSlices), ...slices]));
    return list;
  };
  const sliceFor = (cp: number, list: Slice[]) =>
    list.find((s) => s.ranges.some(([start, end]) => cp >= start && cp <= end));
  const emojiFile = (grapheme: string) => {
    if (!emojiFiles.has(grapheme))
      emojiFiles.set(grapheme, EMOJI.test(grapheme) ? twemojiFile(emojiDir, grapheme) : undefined);
    return emojiFiles.get(grapheme);
  };
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  /** Which emoji images and fallback slices (in which weights) `text` needs, and what nothing draws. */
  const plan = (text: CardText, locale?: Locale) => {
    const list = slicesOf(locale);
    const emoji: [grapheme: string, file: string][] = [];
    const needed = new Map<Slice, Set<CardFontWeight>>();
    const missing = new Set<string>();
    for (const run of typeof text === 'string' ? WEIGHTS.map((weight) => ({ weight, text })) : text) {
      for (const { segment } of segmenter.segment(run.text)) {
        const file = emojiFile(segment);
        if (file) {
          emoji.push([segment, file]);
          continue;
        }
        for (const char of segment) {
          const cp = char.codePointAt(0)!;
          if (INVISIBLE.test(char) || covered(cp)) continue;
          const slice = sliceFor(cp, list);
          if (!slice) missing.add(char);
          else if (needed.has(slice)) needed.get(slice)!.add(run.weight);
          else needed.set(slice, new Set([run.weight]));
        }
      }
    }
    return { emoji, needed, missing: [...missing], list };
  };
  const fontOf = (slice: Slice, weight: CardFontWeight): Font => {
    const id = `${slice.name}:${weight}`;
    let font = sliceFonts.get(id);
    if (!font)
      sliceFonts.set(
        id,
        (font = { name: slice.name, data: readFileSync(slice.file(weight)), weight, style: 'normal' }),
      );
    return font;
  };

  return {
    missing: (text) => plan(text).missing,
    forText(text, locale) {
      const { emoji, needed, missing, list } = plan(text, locale);
      base ??= cardFontFiles().map(({ weight, file }) => ({
        name: CARD_FONT_FAMILY,
        data: readFileSync(file),
        weight,
        style: 'normal',
      }));
      const graphemeImages: Record<string, string> = {};
      for (const [grapheme, file] of emoji) {
        let uri = emojiUris.get(file);
        if (!uri) emojiUris.set(file, (uri = `data:image/svg+xml;base64,${readFileSync(file).toString('base64')}`));
        graphemeImages[grapheme] = uri;
      }
      // Slices (and weights) in their fixed order, so the same text always gets the same font list.
      // A slice is loaded only in the weights its characters are drawn in; satori takes the nearest weight of a font name.
      const fonts = needed.size
        ? [
            ...base,
            ...list
              .filter((s) => needed.has(s))
              .flatMap((s) => WEIGHTS.filter((w) => needed.get(s)!.has(w)).map((w) => fontOf(s, w))),
          ]
        : base;
      return { fonts, graphemeImages, missing };
    },
  };
}
