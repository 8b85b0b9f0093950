/**
 * A Vite plugin serving the award page script's text table as a virtual module
 * (`import texts from 'virtual:emblem/award-page-texts'`): made from the i18n
 * messages when the bundle is built, so the script carries only the few texts it
 * says (src/lib/award-page/award-page-texts.ts), not the whole dictionary, and no one copies
 * them by hand. The dev server makes it once per start.
 */
import type { Plugin } from 'vite';
import { awardPageTextTable } from '../lib/award-page/award-page-text-table.ts';

export const AWARD_PAGE_TEXTS_MODULE = 'virtual:emblem/award-page-texts';
const RESOLVED = `\0${AWARD_PAGE_TEXTS_MODULE}`;

export function awardPageTextsPlugin(): Plugin {
  return {
    name: 'emblem-award-page-texts',
    resolveId: (id) => (id === AWARD_PAGE_TEXTS_MODULE ? RESOLVED : undefined),
    load: (id) => (id === RESOLVED ? `export default ${JSON.stringify(awardPageTextTable())};` : undefined),
  };
}
