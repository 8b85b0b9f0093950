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
import type { ScanTask } from './scan-worker.ts';
import { inBatches, runOnWorkers, SCAN_IN_PROCESS_BELOW, SCAN_WORKER } from './worker-pool.ts';

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
  const htmlFiles = [...files].filter((file) => file.endsWith('.html'));
  let pages: PageLinks[] = [];
  if (htmlFiles.length < SCAN_IN_PROCESS_BELOW) {
    for (const file of htmlFiles) pages.push(extractLinks(file, await readFile(path.join(outDir, file), 'utf8')));
  } else {
    // Parsing 10,000s of pages is the slow part: spread it over the pool.
    const tasks: ScanTask[] = inBatches(htmlFiles, 500).map((batch) => ({ kind: 'links', outDir, files: batch }));
    const results = await runOnWorkers<ScanTask, { file: string; links: string[]; ids: string[] }[]>(SCAN_WORKER, tasks, {
      workerData: { emails: [], hiddenIds: [] },
    });
    pages = results.flat().map((page) => ({ ...page, ids: new Set(page.ids) }));
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
