/**
 * Interface strings and locale-aware formatting, read from the locale registry
 * (src/lib/locales/registry.ts: one row and one message file per language).
 * Content text (names, descriptions) is localized in the content files;
 * everything the site itself says comes from the message files.
 */
import { josa } from 'es-hangul';
import { LOCALE_ROWS, type Locale, localeRow } from './locales/registry.ts';
import type { MessageKey as Key, Messages } from './locales/messages/ko.ts';

export const messages = Object.fromEntries(LOCALE_ROWS.map((row) => [row.code, row.messages])) as Record<
  Locale,
  Messages
>;
export type MessageKey = Key;

/** Looks up an interface string and fills `{name}` placeholders. */
export function t(locale: Locale, key: Key, vars: Record<string, string | number> = {}): string {
  const table = messages[locale];
  if (!table)
    throw new Error(`i18n: no messages for the locale "${locale}" (add a row to src/lib/locales/registry.ts)`);
  const message = table[key];
  if (!message.includes('{')) return message;
  const particles = localeRow(locale).particles === 'korean';
  return message.replace(PLACEHOLDER, (_, name: string, particle: string | undefined) => {
    const value = String(vars[name] ?? `{${name}}`);
    if (!particle) return value;
    return particles ? value + withParticle(value, particle) : value + particle;
  });
}

const languageNames = new Map<string, Intl.DisplayNames>();
/** The name of the language `of`, in the language `locale` ("영어", "英語"): from the registry's tags and Intl, so
 * a new language needs no key in every other message file. */
export function languageName(locale: Locale, of: Locale): string {
  let names = languageNames.get(locale);
  if (!names) languageNames.set(locale, (names = new Intl.DisplayNames([localeRow(locale).tag], { type: 'language' })));
  return names.of(localeRow(of).code) ?? of;
}

/**
 * A label as it reads at the start of a line ("Certification · NT-300C"): its first letter in
 * upper case, in the locale's rules. Labels such as `kind.*` are lower case in English because
 * sentences use them ("This {kind} was retired"); Korean has no case and is unchanged.
 */
export function atLineStart(locale: Locale, label: string): string {
  const [first = '', ...rest] = label;
  return first.toLocaleUpperCase(dateLocaleTag(locale)) + rest.join('');
}

/** A placeholder, and the Korean particle written after it in both forms ("이(가)"). */
const PLACEHOLDER = /\{(\w+)\}(이\(가\)|을\(를\)|은\(는\)|과\(와\)|\(으\)로)?/g;
const PARTICLES = {
  '이(가)': '이/가',
  '을(를)': '을/를',
  '은(는)': '은/는',
  '과(와)': '와/과',
  '(으)로': '으로/로',
} as const;

/**
 * The particle that fits the word's final consonant ("프로그램이", "기관은"). A word that
 * does not end in a Hangul syllable (a URL, a Latin name, a digit) has no reading the
 * site can be sure of, so it keeps the written-out pair.
 */
export function withParticle(word: string, pair: string): string {
  const option = PARTICLES[pair as keyof typeof PARTICLES];
  if (!option) return pair;
  return /[\uAC00-\uD7A3]$/.test(word) ? josa.pick(word, option) : pair;
}

/** The BCP 47 tag dates are formatted with, per locale (also used by page scripts). An unknown locale is an
 * error: a silent fallback would write Japanese dates in British English. */
export function dateLocaleTag(locale: Locale): string {
  return localeRow(locale).tag;
}

const dateFormats: Partial<Record<Locale, Intl.DateTimeFormat>> = {};
const formattedDates = new Map<string, string>();
/**
 * A date as readers of the locale expect it. The day shown is the calendar day
 * written in the value, i.e. in the award's own time zone, so "issued on the
 * 14th" in Seoul never becomes the 13th for a reader elsewhere. Memoized: a
 * site with 10,000s of awards formats the same days over and over.
 */
export function formatDate(locale: Locale, value: string): string {
  const day = value.slice(0, 10);
  const key = locale + day;
  let text = formattedDates.get(key);
  if (text === undefined) {
    const format = (dateFormats[locale] ??= new Intl.DateTimeFormat(dateLocaleTag(locale), {
      ...localeRow(locale).date,
      timeZone: 'UTC',
    }));
    text = format.format(new Date(`${day}T00:00:00Z`));
    formattedDates.set(key, text);
  }
  return text;
}

/** The `datetime` of a <time> showing formatDate(value): the same calendar day, as YYYY-MM-DD. */
export function dateAttribute(value: string): string {
  return value.slice(0, 10);
}

/** A message cut around one placeholder, so a page can put an element there (a <time> for `{date}`). */
export function messageAround(
  locale: Locale,
  key: Key,
  name: string,
  vars: Record<string, string | number> = {},
): [before: string, after: string] {
  const mark = '\u0000';
  const [before = '', after = ''] = t(locale, key, { ...vars, [name]: mark }).split(mark);
  return [before, after];
}
