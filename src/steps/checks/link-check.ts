/**
 * Fails the build when any HTML page in the output links to a page, file or
 * #anchor of the site that does not exist. Runs after the other steps, so
 * credentials and cards they write count as link targets. A broken link on an
 * editor's page is reported with the MDX file it came from.
 */
import { contentDirSetting } from '../../lib/build-settings.ts';
import { planPages } from '../../lib/content/content-pages.ts';
import { findBrokenLinks, type PageLinks } from '../../lib/site/internal-links.ts';
import { loadPages } from '../../lib/content/page-files.ts';
import { sitePaths } from '../../lib/site-urls.ts';
import type { BuildContext } from '../context.ts';
import { outputScan } from './output-scan.ts';

/** Output HTML file → the MDX file whose text it shows. */
function pageSources({ model }: BuildContext): Map<string, string> {
  const { locales, defaultLocale } = model.issuer;
  const plan = planPages(loadPages(contentDirSetting(), locales), locales, defaultLocale);
  return new Map(
    plan.map((p) => [`${sitePaths.contentPage(p.key, p.locale, defaultLocale)}index.html`, p.source.file]),
  );
}

export async function checkInternalLinks(context: BuildContext): Promise<void> {
  const started = performance.now();
  const { urls, log } = context;
  // Links and ids come from the shared scan of the output (parsed once per distinct file content).
  const scan = await outputScan(context);
  const files = new Set(scan.files.keys());
  const pages: PageLinks[] = [];
  for (const [file, scanned] of scan.files)
    if (file.endsWith('.html'))
      pages.push({ file, links: scanned.facts?.links ?? [], ids: new Set(scanned.facts?.ids ?? []) });
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
    throw new Error(
      `Broken internal links: ${broken.length} link(s) on ${pageCount} page(s) lead nowhere. Nothing was published.\n${lines.join('\n')}${more}`,
    );
  }
  log(
    `link check: ${linkCount} link(s) on ${pages.length} page(s), all lead somewhere (${Math.round(performance.now() - started)} ms)`,
  );
}
