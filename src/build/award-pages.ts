/**
 * Build step: every published award's page, at /badges/<id>/.
 *
 * Astro renders pages one after another; at tens of thousands of awards that
 * loop dominates the build. Astro renders the award route once as a frame
 * with marker slots (the "shell", see award-shell.ts); this step fills it for
 * every award on a pool of worker threads, then lists the pages in sitemaps of
 * at most 50,000 addresses each (revoked awards are noindex and stay out).
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SitemapStream, streamToPromise } from 'sitemap';
import { AWARD_SHELL_ID } from '../lib/award-shell.ts';
import { isNoindex } from '../lib/page-data.ts';
import { toPublicAward } from '../lib/schema.ts';
import { sitePaths } from '../lib/site-urls.ts';
import { awardPageRenderer, type AwardPageSetup } from './award-page-render.ts';
import type { BuildContext, BuildStep } from './context.ts';
import { startProgress } from './progress.ts';
import { inBatches, poolSize, runOnWorkers } from './worker-pool.ts';

/** Awards per worker task, and below how many awards threads are not worth starting. */
const BATCH = 250;
const IN_PROCESS_BELOW = 1000;
const SITEMAP_PREFIX = 'sitemap-awards-';

export const writeAwardPages: BuildStep = async (context) => {
  const { outDir, model, urls, log } = context;
  const started = performance.now();
  const shellDir = path.join(outDir, sitePaths.awardPage(AWARD_SHELL_ID));
  const shell = await readFile(path.join(shellDir, 'index.html'), 'utf8');
  await rm(shellDir, { recursive: true, force: true });

  const setup: AwardPageSetup = {
    shell,
    outDir,
    siteUrl: urls.site,
    issuer: model.issuer,
    rules: model.rules,
    catalog: model.catalog,
    now: model.now.toISOString(),
  };
  const awards = model.published.map((p) => toPublicAward(p.award));
  const batches = inBatches(awards, BATCH);
  let threads = 0;
  if (awards.length < IN_PROCESS_BELOW) {
    const render = awardPageRenderer(setup);
    for (const batch of batches) await render(batch);
  } else {
    threads = poolSize(batches.length);
    const progress = startProgress('award pages', awards.length);
    await runOnWorkers(new URL('./award-page-worker.ts', import.meta.url), batches, {
      workerData: setup,
      onTaskDone: (i) => progress.advance(batches[i]!.length),
    });
    progress.done();
  }
  await addAwardsToSitemap(context);
  const where = threads ? `on ${threads} worker(s)` : 'in process';
  log(`award pages: ${awards.length} in ${((performance.now() - started) / 1000).toFixed(1)} s ${where}`);
};

/** The sitemap protocol's limit per file (sitemaps.org): search engines refuse larger ones. */
export const SITEMAP_MAX_URLS = 50_000;

/** Award sitemap files: `sitemap-awards-<n>.xml`, each with at most SITEMAP_MAX_URLS addresses, in order. */
export function awardSitemapFiles(pageUrls: readonly string[], perFile = SITEMAP_MAX_URLS): { file: string; urls: string[] }[] {
  return inBatches(pageUrls, perFile).map((urls, n) => ({ file: `${SITEMAP_PREFIX}${n}.xml`, urls }));
}

/** Lists indexable award pages in sitemaps of their own, linked from Astro's sitemap index. */
async function addAwardsToSitemap({ outDir, model, urls }: BuildContext): Promise<void> {
  const indexFile = path.join(outDir, 'sitemap-index.xml');
  const pageUrls = model.published.filter((entry) => !isNoindex(entry)).map((entry) => urls.url(sitePaths.awardPage(entry.award.id)));
  let entries = '';
  for (const { file, urls: listed } of awardSitemapFiles(pageUrls)) {
    const stream = new SitemapStream();
    for (const url of listed) stream.write({ url });
    stream.end();
    await writeFile(path.join(outDir, file), await streamToPromise(stream));
    entries += `<sitemap><loc>${urls.url(file)}</loc></sitemap>`;
  }
  const index = await readFile(indexFile, 'utf8');
  await writeFile(indexFile, index.replace('</sitemapindex>', `${entries}</sitemapindex>`));
}
