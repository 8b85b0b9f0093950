/*
 * The language of a one-URL page (award pages), decided before first paint.
 *
 * Loaded as a classic, render-blocking script in <head> (a file: the CSP allows
 * no inline script), it sets <html lang> and data-lang, which the stylesheet
 * follows; without it the page falls back to CSS :target (#en). Plain
 * JavaScript on purpose: the bundler copies this file as is (`?url`).
 *
 * Order: an explicit choice in the address (#en, #ko: the language menu and
 * shared links) wins and is remembered; then a remembered choice; then the
 * first of the browser's languages the page has; then the issuer's default.
 * Other fragments (#main, the skip link) change nothing.
 */
(() => {
  const root = document.documentElement;
  const locales = (root.getAttribute('data-locales') || '').split(' ').filter(Boolean);
  if (!locales.length) return;
  const STORAGE_KEY = 'emblem-language';

  const fromAddress = () => {
    const fragment = decodeURIComponent(location.hash.slice(1));
    return locales.includes(fragment) ? fragment : undefined;
  };
  const remembered = () => {
    try {
      const value = localStorage.getItem(STORAGE_KEY);
      return value && locales.includes(value) ? value : undefined;
    } catch {
      return undefined; // storage blocked: the choice lasts for this page only
    }
  };
  const remember = (locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {}
  };
  const fromBrowser = () => {
    for (const tag of navigator.languages || [navigator.language]) {
      const language = String(tag).toLowerCase().split('-')[0];
      if (locales.includes(language)) return language;
    }
    return undefined;
  };

  /** Texts outside the CSS switch: the tab title, the language menu's label and current entry. */
  const labelPage = (locale) => {
    const version = document.querySelector(`.award-locale[data-locale="${locale}"]`);
    if (version?.getAttribute('data-title')) document.title = version.getAttribute('data-title');
    const menu = document.querySelector('nav.languages');
    const label = menu?.getAttribute(`data-label-${locale}`);
    if (label) menu.setAttribute('aria-label', label);
    for (const link of document.querySelectorAll('a[data-switch-locale]')) {
      if (link.getAttribute('data-switch-locale') === locale) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    }
  };
  const show = (locale) => {
    root.lang = locale;
    root.setAttribute('data-lang', locale);
    if (document.readyState === 'loading')
      document.addEventListener('DOMContentLoaded', () => labelPage(root.getAttribute('data-lang')), { once: true });
    else labelPage(locale);
  };

  const chosen = fromAddress();
  if (chosen) remember(chosen);
  show(chosen || remembered() || fromBrowser() || locales[0]);
  addEventListener('hashchange', () => {
    const locale = fromAddress();
    if (!locale) return;
    remember(locale);
    show(locale);
  });
})();
