/**
 * Which characters go into which font file, and the @font-face rules that
 * load them. The site's text font (Pretendard) is cut at build time to the
 * characters the built pages use: one core file every page needs, plus, on a
 * large site, slices (with `unicode-range`) for characters only a few award
 * pages use (rare syllables in recipients' names), so a page downloads the
 * core and at most the slices its own names need.
 *
 * A second pair of faces wraps local system fonts, scaled to Pretendard's
 * widths and vertical metrics, so text drawn before (or without) the web font
 * takes the same room.
 */

/** Counts, per code point, how many files use it: one pass over each file's text, no per-file sets. */
export class CodePointCounter {
  /** Files that use each code point. */
  readonly files = new Uint32Array(0x110000);
  /** Index of the last file that counted each code point (so a code point counts once per file). */
  private readonly lastFile = new Uint32Array(0x110000);
  private fileIndex = 0;

  /** Counts one file's text. `escapes` also reads `\uXXXX` and `\u{…}` (scripts keep some text escaped). */
  add(text: string, options: { escapes?: boolean } = {}): void {
    this.addUtf8(Buffer.from(text, 'utf8'), options);
  }

  /** Counts one file, read as UTF-8 bytes: decoding only the non-ASCII bytes is what keeps 10,000 pages fast.
   * ASCII is not counted: every subset carries all of printable ASCII (most of a page is markup). */
  addUtf8(bytes: Uint8Array, { escapes = false }: { escapes?: boolean } = {}): void {
    const file = ++this.fileIndex;
    const { files, lastFile } = this;
    const mark = (cp: number) => {
      if (lastFile[cp] !== file) {
        lastFile[cp] = file;
        files[cp]!++;
      }
    };
    const n = bytes.length;
    for (let i = 0; i < n; i++) {
      const b = bytes[i]!;
      if (b < 0x80) continue;
      let cp: number;
      if (b >= 0xf0) {
        cp =
          ((b & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) | ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f);
        i += 3;
      } else if (b >= 0xe0) {
        cp = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
        i += 2;
      } else if (b >= 0xc0) {
        cp = ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
        i += 1;
      } else continue; // a stray continuation byte: not valid UTF-8
      if (cp <= 0x10ffff) mark(cp);
    }
    if (!escapes) return;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    for (const m of text.matchAll(/\\u(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))/g)) {
      const cp = Number.parseInt(m[1] ?? m[2]!, 16);
      if (cp >= 0x80 && cp <= 0x10ffff) mark(cp);
    }
  }

  /** Code points used by at least `minFiles` of the counted files, ascending. */
  used(minFiles = 1): number[] {
    const out: number[] = [];
    for (let cp = 0; cp < this.files.length; cp++) if (this.files[cp]! >= minFiles) out.push(cp);
    return out;
  }
}

/** Text no font draws: controls, surrogates, private use, noncharacters. */
export function isDrawable(cp: number): boolean {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if (cp >= 0xe000 && cp <= 0xf8ff) return false;
  return (cp & 0xfffe) !== 0xfffe;
}

export interface SubsetPlan {
  /** Every page needs these (shared text, the site's frame, ASCII). */
  core: number[];
  /** Characters only some award pages use, most used first, in slices. */
  slices: number[][];
}

export interface PlanInput {
  /** Code points used by any page other than an award page (or by its scripts and styles). */
  shared: Iterable<number>;
  /** Per code point, how many award pages use it. */
  awardFiles: Uint32Array;
  awardPageCount: number;
  /** Code points the font can draw: others are left to the system fonts. */
  covered: (cp: number) => boolean;
  /** A character on at least this share of award pages goes into the core. */
  coreShare?: number;
  /** Most glyphs in one slice. */
  sliceSize?: number;
}

/** Splits the site's characters into the core file and the slices for rarer ones. */
export function planSubsets({
  shared,
  awardFiles,
  awardPageCount,
  covered,
  coreShare = 0.02,
  sliceSize = 250,
}: PlanInput): SubsetPlan {
  const core = new Set<number>();
  // Printable ASCII always: numbers, codes and text that scripts write in the browser.
  for (let cp = 0x20; cp < 0x7f; cp++) core.add(cp);
  for (const cp of shared) core.add(cp);
  const threshold = Math.max(1, Math.ceil(awardPageCount * coreShare));
  const rare: number[] = [];
  for (let cp = 0; cp < awardFiles.length; cp++) {
    const n = awardFiles[cp]!;
    if (n === 0 || core.has(cp)) continue;
    if (n >= threshold) core.add(cp);
    else rare.push(cp);
  }
  const keep = (cps: Iterable<number>) => [...cps].filter((cp) => isDrawable(cp) && covered(cp));
  // Most used first, so the common name syllables share slices and most pages need few of them.
  const rareCovered = keep(rare).sort((a, b) => awardFiles[b]! - awardFiles[a]! || a - b);
  const slices: number[][] = [];
  for (let i = 0; i < rareCovered.length; i += sliceSize)
    slices.push(rareCovered.slice(i, i + sliceSize).sort((a, b) => a - b));
  return { core: keep(core).sort((a, b) => a - b), slices };
}

/** CSS `unicode-range` for a sorted list of code points, runs merged ("U+20-7E, U+AC00"). */
export function unicodeRange(sorted: number[]): string {
  const parts: string[] = [];
  const hex = (cp: number) => cp.toString(16).toUpperCase();
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(sorted[i] === sorted[j] ? `U+${hex(sorted[i]!)}` : `U+${hex(sorted[i]!)}-${hex(sorted[j]!)}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** What a font's layout needs from its metrics, in em. */
export interface FontMetrics {
  ascent: number;
  /** Positive: below the baseline. */
  descent: number;
  lineGap: number;
  /** Mean advance of Latin sample text (LATIN_SAMPLE). */
  latinAdvance: number;
  /** Mean advance of a Hangul syllable. */
  hangulAdvance: number;
}

/** Sample text whose mean advance compares Latin widths of two fonts (letters, digits, spaces). */
export const LATIN_SAMPLE = 'The quick brown fox jumps over the lazy dog. Certification 2026 Exam 74-343';
export const HANGUL_SAMPLE = '가나다라마바사아자차카타파하인증시험';

/**
 * Arial's metrics (hhea ascent 1854, descent 434, line gap 67 at 2048 units per em), the local font
 * most systems have; Liberation Sans has the same metrics and the test measures it where installed.
 */
export const ARIAL_METRICS: FontMetrics = {
  ascent: 1854 / 2048,
  descent: 434 / 2048,
  lineGap: 67 / 2048,
  latinAdvance: 0.458,
  hangulAdvance: Number.NaN,
};

/** System Hangul fonts (Apple SD Gothic Neo, Malgun Gothic, Noto Sans CJK KR) set every syllable 1 em wide. */
const SYSTEM_HANGUL_ADVANCE = 1;

const percent = (n: number) => `${(n * 100).toFixed(2)}%`;

/** Overrides that make a local font take the room of the web font: widths by size-adjust, lines by the overrides. */
export function fallbackOverrides(font: FontMetrics, widthRatio: number): string {
  // The overrides apply to the scaled font, so they are divided by the same factor.
  return [
    `size-adjust: ${percent(widthRatio)}`,
    `ascent-override: ${percent(font.ascent / widthRatio)}`,
    `descent-override: ${percent(font.descent / widthRatio)}`,
    `line-gap-override: ${percent(font.lineGap / widthRatio)}`,
  ].join('; ');
}

/** Where the font files live in the output (the layout links the stylesheet and preloads the core file). */
export const FONT_DIR = 'fonts';
export const FONT_STYLESHEET = `${FONT_DIR}/pretendard.css`;
export const FONT_CORE = `${FONT_DIR}/pretendard-core.woff2`;

/** The file of a language's own face (LanguageFace), e.g. fonts/ja.woff2. */
export function languageFontFile(locale: string): string {
  return `${FONT_DIR}/${locale}.woff2`;
}

export const FONT_FAMILY = 'Pretendard';
export const LATIN_FALLBACK = 'Pretendard Fallback';
export const HANGUL_FALLBACK = 'Pretendard Hangul Fallback';

export interface FontFile {
  /** Site-relative path of the WOFF2 file's name from the stylesheet ("pretendard-core.woff2"). */
  href: string;
  codePoints: number[];
}

/**
 * The stylesheet: the subset faces (one weight range, 400 to 700, from the variable font) and the two
 * size-adjusted local fallbacks. `font-display: optional`: the core file is preloaded and small, so it is
 * usually there for the first paint; when it is not, the page keeps the fallback and never reflows.
 */
/** A language's own face (src/lib/locales/registry.ts `fonts.pageSubset`): the characters of its script the site uses
 * that Pretendard has not (kana and kanji in Japanese forms), loaded only by pages that show them. */
export interface LanguageFace {
  family: string;
  href: string;
  codePoints: number[];
}

export function fontStylesheet(files: FontFile[], metrics: FontMetrics, languageFaces: LanguageFace[] = []): string {
  const faces = files.map(
    (file) =>
      `@font-face { font-family: "${FONT_FAMILY}"; src: url("${file.href}") format("woff2"); font-weight: 400 700; font-style: normal; font-display: optional;${
        files.length > 1 ? ` unicode-range: ${unicodeRange(file.codePoints)};` : ''
      } }`,
  );
  const latin = `@font-face { font-family: "${LATIN_FALLBACK}"; src: local("Arial"), local("ArialMT"), local("Liberation Sans"), local("LiberationSans"); ${fallbackOverrides(
    metrics,
    metrics.latinAdvance / ARIAL_METRICS.latinAdvance,
  )}; }`;
  const hangul = `@font-face { font-family: "${HANGUL_FALLBACK}"; src: local("Apple SD Gothic Neo"), local("AppleSDGothicNeo-Regular"), local("Malgun Gothic"), local("Noto Sans CJK KR"), local("NotoSansCJKkr-Regular"), local("Noto Sans KR"); unicode-range: U+1100-11FF, U+3130-318F, U+AC00-D7AF; ${fallbackOverrides(
    metrics,
    metrics.hangulAdvance / SYSTEM_HANGUL_ADVANCE,
  )}; }`;
  // `swap` for a language's face: award pages show every language and preload none of them, and a reader without
  // a local Japanese font would otherwise keep blanks. Its characters (kanji) are 1 em wide in every font and lines
  // have a fixed height, so the swap moves nothing.
  const own = languageFaces.map(
    (face) =>
      `@font-face { font-family: "${face.family}"; src: url("${face.href}") format("woff2"); font-weight: 400 700; font-style: normal; font-display: swap; unicode-range: ${unicodeRange(face.codePoints)}; }`,
  );
  return `/* Built by the build's font subset step from the site's text: do not edit. */\n${[...faces, latin, hangul, ...own].join('\n')}\n`;
}
