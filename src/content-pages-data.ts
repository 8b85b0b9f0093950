/**
 * The Astro side of the editors' pages: the `pages` collection -> which file
 * each language's URL shows (see src/lib/content/content-pages.ts), once per build.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { planPages, type PlannedPage } from './lib/content/content-pages.ts';
import type { Locale, PageFrontmatter } from './lib/content/schema.ts';
import { siteModel } from './site-data.ts';

export interface PageEntry {
  locale: Locale;
  data: PageFrontmatter;
  entry: CollectionEntry<'pages'>;
}

let plan: Promise<PlannedPage<PageEntry>[]> | undefined;

/** Every (page, language) URL with the entry it shows. Files are `pages/<locale>/…`, so an entry's id starts with its locale. */
export function contentPagePlan(): Promise<PlannedPage<PageEntry>[]> {
  plan ??= (async () => {
    const [model, entries] = await Promise.all([siteModel(), getCollection('pages')]);
    const pages = entries.map((entry) => ({ locale: entry.id.split('/')[0] as Locale, data: entry.data, entry }));
    return planPages(pages, model.issuer.locales, model.issuer.defaultLocale);
  })();
  return plan;
}
