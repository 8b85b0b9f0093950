/**
 * Titles of link previews and search results: short enough for what LinkedIn
 * (mobile) and X show before cutting a title wherever it falls, and, when they
 * must be cut, cut here at a word boundary in the text's own language, never
 * inside a user-perceived character (a surrogate pair, a Hangul syllable written
 * as jamo, an emoji sequence, a letter with its combining marks).
 */
import { t } from '../i18n.ts';
import type { Locale } from '../content/schema.ts';

/** The most characters (graphemes) a page's <title> should have: search results cut longer ones. */
export const TITLE_LIMIT = 70;

/** The most characters of an award's preview title: LinkedIn's mobile feed shows about 60 before its own cut. */
export const PREVIEW_TITLE_LIMIT = 60;

const ELLIPSIS = '…';
/** Separators and spaces a cut text does not end with ("Name —…" reads as "Name…"). */
const TRAILING = /[\s·:,;/|–—-]+$/u;

const segmenters = new Map<string, { graphemes: Intl.Segmenter; words: Intl.Segmenter }>();
function segmentersOf(locale: Locale | undefined) {
  // A locale code is a BCP 47 language tag: the word segmenter uses its dictionary (Japanese, Thai).
  const tag = locale ?? '';
  let pair = segmenters.get(tag);
  if (!pair) {
    pair = {
      graphemes: new Intl.Segmenter(locale, { granularity: 'grapheme' }),
      words: new Intl.Segmenter(locale, { granularity: 'word' }),
    };
    segmenters.set(tag, pair);
  }
  return pair;
}

/** How many user-perceived characters `text` has. */
export function graphemeCount(text: string, locale?: Locale): number {
  let count = 0;
  for (const _ of segmentersOf(locale).graphemes.segment(text)) count++;
  return count;
}

/**
 * `text` in at most `limit` graphemes: whole, or cut with an ellipsis at the
 * last word boundary (the locale's: Japanese words have no spaces between them)
 * that leaves room for it. A first word too long alone is cut at a grapheme.
 */
export function cutText(text: string, limit: number, locale?: Locale): string {
  const { graphemes, words } = segmentersOf(locale);
  // UTF-16 length bounds the grapheme count: most texts need no segmenting.
  if (text.length <= limit || graphemeCount(text, locale) <= limit) return text;
  const room = limit - 1; // the ellipsis takes one
  // The string offset just after the `room`-th grapheme: nothing may be kept past it.
  let end = 0;
  let count = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (count === room) break;
    end = index + segment.length;
    count++;
  }
  // The last boundary at or before `end` that ends a word (not inside one), with something kept before it.
  let cut = 0;
  for (const { index, segment, isWordLike } of words.segment(text)) {
    const after = index + segment.length;
    if (after > end) {
      if (index <= end && !isWordLike) cut = index; // the spaces or punctuation after the last whole word
      break;
    }
    cut = after;
  }
  const kept = text.slice(0, cut).replace(TRAILING, '');
  const head = kept.length > 0 ? kept : text.slice(0, end).replace(TRAILING, '');
  return `${head}${ELLIPSIS}`;
}

/**
 * An award's preview title, person first: "Name — Badge" in `locale`'s words,
 * in PREVIEW_TITLE_LIMIT graphemes. Cut at the end, so the badge loses words
 * before the name does; a name too long alone is cut too.
 */
export function awardPreviewTitle(recipient: string, badge: string, locale: Locale): string {
  return cutText(t(locale, 'meta.awardTitle', { recipient, badge }), PREVIEW_TITLE_LIMIT, locale);
}
