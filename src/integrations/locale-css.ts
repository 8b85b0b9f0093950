/**
 * A Vite plugin serving the stylesheet rules that name a language (src/lib/locales/locale-css.ts) as a
 * virtual stylesheet (`import 'virtual:emblem/locales.css'`), made from the locale registry: a new row
 * needs no edit of site.css.
 */
import type { Plugin } from 'vite';
import { localeCss } from '../lib/locales/locale-css.ts';
import { LOCALE_ROWS } from '../lib/locales/registry.ts';

export const LOCALE_CSS_MODULE = 'virtual:emblem/locales.css';
const RESOLVED = `\0${LOCALE_CSS_MODULE}`;

export function localeCssPlugin(): Plugin {
  return {
    name: 'emblem-locale-css',
    resolveId: (id) => (id === LOCALE_CSS_MODULE ? RESOLVED : undefined),
    load: (id) => (id === RESOLVED ? localeCss(LOCALE_ROWS) : undefined),
  };
}
