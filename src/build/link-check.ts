/**
 * Fails the build when any HTML page in the output links to a page, file or
 * #anchor of the site that does not exist. Runs after the other steps, so
 * credentials and cards they write count as link targets. A broken link on an
 * editor's page is reported with the MDX file it came from.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { contentDirSetting } from '../lib/build-settings.ts';
import { planPages } from '../lib/content-pages.ts';
import { extractLinks, findBrokenLinks, type PageLinks } from '../lib/internal-links.ts';
import { loadPages } from '../lib/page-files.ts';
import { sitePaths } from '../lib/site-urls.ts';
import type { BuildContext } from './context.ts';

/** Output HTML file → the MDX file whose text it shows. */
function pageSources({ model }: BuildContext): Map<string, string> {
  const { locales, defaultLocale } = model.issuer;
  const plan = planPages(loadPages(contentDirSetting(), locales), locales, defaultLocale);
  return new Map(plan.map((p) => [`${sitePaths.contentPage(p.key, p.locale, defaultLocale)}index.html`, p.source.file]));
}

export async function checkInternalLinks(context: BuildContext): Promise<void> {
  const started = performance.now();
  const { outDir, urls, log } = context;
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  const files = new Set(entries.filter((e) => e.isFile()).map((e) => path.relative(outDir, path.join(e.parentPath, e.name)).split(path.sep).join('/')));
  const pages: PageLinks[] = [];
  for (const file of files) {
    if (file.endsWith('.html')) pages.push(extractLinks(file, await readFile(path.join(outDir, file), 'utf8')));
  }
  const broken = findBrokenLinks(pages, files, urls);
  const linkCount = pages.reduce((sum, p) => sum + p.links.length, 0);
  if (broken.length) {
    const sources = pageSources(context);
    const lines = broken.slice(0, 50).map((b) => {
      const source = sources.get(b.file);
      return `  ${b.file}${source ? ` (from ${source})` : ''}: "${b.url}" ${b.problem}`;
    });
    const more = broken.length > 50 ? `\n  … and ${broken.length - 50} more` : '';
    const pageCount = new Set(broken.map((b) => b.file)).size;
    throw new Error(`Broken internal links: ${broken.length} link(s) on ${pageCount} page(s) lead nowhere. Nothing was published.\n${lines.join('\n')}${more}`);
  }
  log(`link check: ${linkCount} link(s) on ${pages.length} page(s), all lead somewhere (${Math.round(performance.now() - started)} ms)`);
}
