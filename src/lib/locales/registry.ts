/**
 * The locale registry: one row per language the project can speak. Everything that differs by
 * language and is not a message (tags, Open Graph locale, dates, fonts, direction, particles) is
 * read from here; the messages are the row's message file (./messages/<code>.ts).
 *
 * Adding a language = a row here + its message file + the content's translations (the issuer file's
 * `locales`, the texts, content/pages/<code>/, content/emails/*.<code>.md).
 */
import { en } from './messages/en.ts';
import { ja } from './messages/ja.ts';
import { ko } from './messages/ko.ts';
import type { Messages } from './messages/ko.ts';

export interface LocaleRow {
  /** The code used in content (`{ ko: "…" }`), paths (`/en/`) and `#fragments`. */
  code: string;
  /** BCP 47 tag: `lang` attributes, dates, plural rules, upper case. */
  tag: string;
  /** Open Graph `og:locale` (language_TERRITORY). */
  ogLocale: string;
  /** Text direction of pages in this language. */
  dir: 'ltr' | 'rtl';
  /** How dates are written (Intl.DateTimeFormat options; always read as the calendar day in UTC). */
  date: Intl.DateTimeFormatOptions;
  /**
   * Fonts. `page`: the font family names put before the site's text font in the page stack (a face the
   * font subset step makes, see src/steps/site-files/font-subset.ts, then local fonts). `pageSubset`: the
   * npm file the page face is cut from (undefined: the site's text font, Pretendard, draws it). `card`: npm
   * fontsource packages tried first for this language's text on social cards (kanji in Japanese forms).
   */
  fonts: {
    page: readonly string[];
    pageSubset?: string;
    /** Unicode scripts the language's page face draws even where Pretendard could (kana): they stay out of the
     * core file every page loads, so pages in other languages do not carry them. */
    ownScripts?: readonly string[];
    card: readonly string[];
  };
  /** Korean particles after placeholders ("{issuer}이(가)") are chosen by the word's last syllable. */
  particles?: 'korean';
  /** Command usage texts exist in this language (scripts/lib/cli.ts); other languages read the English ones. */
  cliTexts: boolean;
  messages: Messages;
}

export const LOCALE_ROWS = [
  {
    code: 'ko',
    tag: 'ko-KR',
    ogLocale: 'ko_KR',
    dir: 'ltr',
    date: { dateStyle: 'long' },
    fonts: { page: ['"Apple SD Gothic Neo"', '"Noto Sans KR"'], card: [] },
    particles: 'korean',
    cliTexts: true,
    messages: ko,
  },
  {
    code: 'en',
    tag: 'en-GB',
    ogLocale: 'en_US',
    dir: 'ltr',
    date: { dateStyle: 'long' },
    fonts: { page: [], card: [] },
    cliTexts: true,
    messages: en,
  },
  {
    code: 'ja',
    tag: 'ja-JP',
    ogLocale: 'ja_JP',
    dir: 'ltr',
    date: { dateStyle: 'long' },
    fonts: {
      page: ['"Pretendard JP"', 'Pretendard', '"Hiragino Sans"', '"Noto Sans JP"', '"Yu Gothic"'],
      pageSubset: 'pretendard-jp/dist/public/variable/PretendardJPVariable.ttf',
      ownScripts: ['Hiragana', 'Katakana'],
      card: ['@fontsource/noto-sans-jp'],
    },
    cliTexts: false,
    messages: ja,
  },
] as const satisfies readonly LocaleRow[];

export type Locale = (typeof LOCALE_ROWS)[number]['code'];
/** Every locale code the registry knows, in the registry's order. */
export const LOCALES = LOCALE_ROWS.map((row) => row.code) as [Locale, ...Locale[]];

const byCode = new Map<string, LocaleRow>(LOCALE_ROWS.map((row) => [row.code, row]));

/** The registry row of `code`; an unknown code is an error (never a silent fallback to another language). */
export function localeRow(code: string): LocaleRow {
  const row = byCode.get(code);
  if (!row) throw new Error(`locale registry: no row for the locale "${code}" (known: ${LOCALES.join(', ')})`);
  return row;
}

export function isLocale(code: string): code is Locale {
  return byCode.has(code);
}

/**
 * The table of a text that exists only in some languages (commands' texts, editors' check messages: rows
 * with `cliTexts: false` have none): the locale's own, else English.
 */
export function textsFor<T>(table: Partial<Record<Locale, T>> & { en: T }, locale: Locale): T {
  return table[locale] ?? table.en;
}
