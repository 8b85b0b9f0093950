/**
 * Pages with a URL per language (home, catalogs, FAQ, claim guide, claim,
 * verify, certification pages) suggest, in one line and in the reader's
 * language, the version in that language (src/components/LanguageSuggestion.astro).
 *
 * A suggestion rather than the award pages' switch on first visit: those have one
 * URL for every language, so choosing costs nothing; here it would be a
 * redirect, and a script redirect on a static site paints the page, then loads
 * another (slower than reading a line), sends back a link someone shared in a
 * given language on purpose, and sends search crawlers (which render with
 * en-US) away from the default language's pages (Google advises against
 * redirecting by language for that reason). The line is fixed over the page, so
 * showing it moves nothing.
 *
 * The reader's language: a choice remembered on any page (the language menu
 * here, or on an award page: award-language.js, same storage key), else the
 * first of the browser's languages the site has. Dismissing is remembered.
 */
const CHOICE_KEY = 'emblem-language';
const DISMISSED_KEY = 'emblem-language-suggestion';

const stored = (key: string): string | undefined => {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined; // storage blocked: the suggestion shows on every page, and a choice lasts for one
  }
};
const store = (key: string, value: string) => {
  try {
    localStorage.setItem(key, value);
  } catch {}
};

const current = document.documentElement.lang;
const lines = new Map(
  [...document.querySelectorAll<HTMLElement>('aside[data-language-suggestion]')].map((line) => [
    line.dataset.languageSuggestion!,
    line,
  ]),
);
const locales = [current, ...lines.keys()];

// Choosing a language in the menu is a choice: remembered, as on award pages.
for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-switch-locale]'))
  link.addEventListener('click', () => store(CHOICE_KEY, link.dataset.switchLocale!));

const fromBrowser = (): string | undefined => {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const language = String(tag).toLowerCase().split('-')[0]!;
    if (locales.includes(language)) return language;
  }
  return undefined;
};

const remembered = stored(CHOICE_KEY);
const preferred = remembered && locales.includes(remembered) ? remembered : fromBrowser();
const line = preferred && preferred !== current && !stored(DISMISSED_KEY) ? lines.get(preferred) : undefined;
if (line) {
  const link = line.querySelector<HTMLAnchorElement>('a')!;
  link.addEventListener('click', () => {
    store(CHOICE_KEY, preferred!);
    // Anchors (FAQ questions) are the same in every language: keep the one being read.
    if (location.hash) link.hash = location.hash;
  });
  line.querySelector('[data-language-suggestion-dismiss]')!.addEventListener('click', () => {
    store(DISMISSED_KEY, '1');
    line.hidden = true;
  });
  line.hidden = false;
}
