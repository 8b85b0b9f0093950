/**
 * Editors' MDX pages (FAQ, claim guide, …): frontmatter checks, which file
 * each language's URL shows, and what the build reports. Pure: reading the
 * files is in page-files.ts, rendering in src/pages/[...lang]/[page]/.
 *
 * Files live in `pages/<locale>/<name>.mdx`; pages in different languages are
 * paired by `translationKey`, which is also the URL (`/faq/`, `/en/faq/`).
 */
import { ContentError, describeZodIssue, type ContentIssue } from './content-model.ts';
import { LOCALES, pageFrontmatterSchema, type Locale, type PageFrontmatter } from './schema.ts';

/** A page file as read from disk, before its frontmatter is checked. */
export interface RawPageFile {
  /** Path for messages, relative to the project. */
  file: string;
  /** First folder under pages/: must be a site locale. */
  folder: string;
  /** Parsed frontmatter, or the reason it could not be parsed. */
  frontmatter: unknown;
  parseError?: string;
}

export interface ContentPage {
  file: string;
  locale: Locale;
  data: PageFrontmatter;
}

/** First-level URL segments the site's own routes and files use: a page key
 * equal to one of these would collide with them. */
export const RESERVED_PAGE_KEYS: ReadonlySet<string> = new Set([
  ...LOCALES,
  'badges',
  'certifications',
  'retired-certifications',
  'verify',
  'status',
  'images',
  'fonts',
  'well-known',
  'issuer',
  'revocations',
  'sitemap',
  '404',
]);

/** Checks every page's folder and frontmatter, and that keys are unique per
 * language and free; reports all problems at once, naming file and field. */
export function validatePages(files: readonly RawPageFile[], locales: readonly Locale[]): ContentPage[] {
  const issues: ContentIssue[] = [];
  const pages: ContentPage[] = [];
  const seen = new Map<string, string>();
  for (const raw of files) {
    const issue = (field: string, message: string) =>
      issues.push({ file: raw.file, record: 'frontmatter', field, message });
    if (raw.parseError !== undefined) {
      issues.push({
        file: raw.file,
        record: '',
        field: '',
        message: `frontmatter cannot be parsed: ${raw.parseError}`,
      });
      continue;
    }
    if (!(locales as readonly string[]).includes(raw.folder)) {
      issues.push({
        file: raw.file,
        record: '',
        field: '',
        message: `is not in a language folder: put it in ${locales.map((l) => `pages/${l}/`).join(' or ')}`,
      });
      continue;
    }
    const result = pageFrontmatterSchema.safeParse(raw.frontmatter ?? {});
    if (!result.success) {
      for (const zodIssue of result.error.issues)
        issue(zodIssue.path.map(String).join('.'), describeZodIssue(zodIssue));
      continue;
    }
    const data = result.data;
    if (RESERVED_PAGE_KEYS.has(data.translationKey)) {
      issue('translationKey', `"${data.translationKey}" is used by the site itself; choose another key`);
      continue;
    }
    const slot = `${raw.folder}/${data.translationKey}`;
    const other = seen.get(slot);
    if (other) {
      issue('translationKey', `"${data.translationKey}" is already used by ${other} in the same language`);
      continue;
    }
    seen.set(slot, raw.file);
    pages.push({ file: raw.file, locale: raw.folder as Locale, data });
  }
  if (issues.length) throw new ContentError(issues);
  return pages;
}

/** What one URL shows: the page in its own language, or a fallback. */
export interface PlannedPage<P extends { locale: Locale; data: PageFrontmatter } = ContentPage> {
  key: string;
  /** Language of the URL (and of the interface around the text). */
  locale: Locale;
  /** The file whose text is shown; its locale differs from `locale` on a fallback. */
  source: P;
  fallback: boolean;
  /** The page in every language that has its own file (for hreflang). */
  translations: Locale[];
}

/**
 * Every translation key gets a URL in every site locale. A language without
 * its own file shows the default language's text (or, failing that, the first
 * language that has one) with a notice.
 */
export function planPages<P extends { locale: Locale; data: PageFrontmatter }>(
  pages: readonly P[],
  locales: readonly Locale[],
  defaultLocale: Locale,
): PlannedPage<P>[] {
  const byKey = Map.groupBy(pages, (p) => p.data.translationKey);
  const order = (list: readonly P[]) => Math.min(...list.map((p) => p.data.order));
  const keys = [...byKey.keys()].sort((a, b) => order(byKey.get(a)!) - order(byKey.get(b)!) || a.localeCompare(b));
  const preference = [defaultLocale, ...locales.filter((l) => l !== defaultLocale)];
  const plan: PlannedPage<P>[] = [];
  for (const key of keys) {
    const versions = byKey.get(key)!;
    const translations = locales.filter((l) => versions.some((p) => p.locale === l));
    for (const locale of locales) {
      const own = versions.find((p) => p.locale === locale);
      const source = own ?? preference.map((l) => versions.find((p) => p.locale === l)).find((p) => p !== undefined)!;
      plan.push({ key, locale, source, fallback: !own, translations });
    }
  }
  return plan;
}

/** Build-log lines: how many pages, and every URL that shows a fallback. */
export function pagesReport(
  plan: readonly PlannedPage<ContentPage>[],
  pathOf: (key: string, locale: Locale) => string,
): string {
  const keys = new Set(plan.map((p) => p.key));
  const lines = [
    `Pages: ${keys.size} page(s), ${plan.length} URL(s); ${plan.filter((p) => p.fallback).length} shown in another language.`,
  ];
  for (const entry of plan.filter((p) => p.fallback)) {
    lines.push(
      `  missing translation: "${entry.key}" has no ${entry.locale} file (pages/${entry.locale}/); ` +
        `${pathOf(entry.key, entry.locale)} shows the ${entry.source.locale} text of ${entry.source.file} with a notice`,
    );
  }
  return lines.join('\n');
}

export interface NavEntry {
  key: string;
  label: string;
  order: number;
}

/** Pages that asked for a menu entry, for one language, in menu order. */
export function navEntries(
  plan: readonly PlannedPage<{ locale: Locale; data: PageFrontmatter }>[],
  locale: Locale,
): NavEntry[] {
  return plan
    .filter((p) => p.locale === locale && p.source.data.navLabel)
    .map((p) => ({ key: p.key, label: p.source.data.navLabel!, order: p.source.data.order }))
    .sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
}
