/**
 * Build step: every published award's page, at /badges/<id>/.
 *
 * Astro renders pages one after another; at tens of thousands of awards that
 * loop dominates the build. Astro renders the award route once as a frame
 * with marker slots (the "shell", see award-shell.ts); this step fills it for
 * every award on a pool of worker threads, then lists the pages in sitemaps of
 * at most 50,000 addresses each (revoked awards are noindex and stay out).
 *
 * A page whose inputs did not change since an earlier build is copied from
 * the page cache (`<cacheDir>/award-pages/`, see award-page-render.ts) rather
 * than rendered; entries no build asked for are pruned, so the cache stays
 * the size of one site.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SitemapStream, streamToPromise } from 'sitemap';
import { AWARD_SHELL_ID } from '../../lib/award-page/award-shell.ts';
import { isNoindex } from '../../lib/award-page/page-data.ts';
import { type PublicAward, toPublicAward } from '../../lib/content/schema.ts';
import { sitePaths } from '../../lib/site-urls.ts';
import {
  awardPageEntryKey,
  awardPageRenderer,
  awardPagesPrefix,
  type AwardPagesDone,
  type AwardPageSetup,
} from './award-page-render.ts';
import { CheckedEntries, entryKey } from '../infrastructure/cache-entry.ts';
import { codeVersion } from '../infrastructure/code-version.ts';
import type { BuildContext, BuildStep } from '../context.ts';
import { startProgress } from '../infrastructure/progress.ts';
import { notePlaced } from '../infrastructure/recycled-output.ts';
import { buildCacheSeal } from '../credentials/signing-key.ts';
import { inBatches, poolSize, runOnWorkers } from '../infrastructure/worker-pool.ts';

/** Awards per worker task, and below how many awards threads are not worth starting. */
const BATCH = 250;
const IN_PROCESS_BELOW = 1000;
const SITEMAP_PREFIX = 'sitemap-awards-';

export const writeAwardPages: BuildStep = async (context) => {
  const { outDir, cacheDir, model, urls, log } = context;
  const started = performance.now();
  const shellDir = path.join(outDir, sitePaths.awardPage(AWARD_SHELL_ID));
  const shell = await readFile(path.join(shellDir, 'index.html'), 'utf8');
  await rm(shellDir, { recursive: true, force: true });

  const pageCache = path.join(cacheDir, 'award-pages');
  await mkdir(pageCache, { recursive: true });
  const cachedNames = await readdir(pageCache);
  const seal = await buildCacheSeal(context);
  const checked = CheckedEntries.load(pageCache, seal);
  const entries: Record<string, string> = {};
  let foreign = 0;
  for (const name of cachedNames) {
    const key = awardPageEntryKey(name, seal);
    if (key) entries[key] = name;
    else if (entryKey(name, '.html')) foreign++;
  }
  const shared = { shell, siteUrl: urls.site, issuer: model.issuer, rules: model.rules, catalog: model.catalog };
  const setup: AwardPageSetup = {
    ...shared,
    outDir,
    profiles: model.profiles.map(({ id, indexed, since, awards }) => ({
      id,
      indexed,
      since,
      awardIds: awards.map((e) => e.award.id),
    })),
    now: model.now.toISOString(),
    cache: { dir: pageCache, prefix: awardPagesPrefix(shared, codeVersion()), entries, checked: checked.known, seal },
  };
  const awards = model.published.map((p) => toPublicAward(p.award));
  const batches = inBatches(awards, BATCH);
  let threads = 0;
  const results: AwardPagesDone[] = [];
  if (awards.length < IN_PROCESS_BELOW) {
    const render = awardPageRenderer(setup);
    for (const batch of batches) results.push(await render(batch));
  } else {
    threads = poolSize(batches.length);
    const progress = startProgress('award pages', awards.length);
    results.push(
      ...(await runOnWorkers<PublicAward[], AwardPagesDone>(
        new URL('./award-page-worker.ts', import.meta.url),
        batches,
        {
          workerData: setup,
          onTaskDone: (i) => progress.advance(batches[i]!.length),
        },
      )),
    );
    progress.done();
  }
  notePlaced(
    context,
    awards.map((award) => `${sitePaths.awardPage(award.id)}index.html`),
  );
  const used = new Set(results.flatMap((r) => r.entries));
  for (const name of cachedNames) if (!used.has(name)) await rm(path.join(pageCache, name), { force: true });
  for (const result of results) checked.merge(result.checked);
  checked.save(pageCache, seal);
  await addAwardsToSitemap(context);
  const where = threads ? `on ${threads} worker(s)` : 'in process';
  const count = (field: 'rendered' | 'reused') => results.reduce((n, r) => n + r[field], 0);
  const rejected = results.reduce((n, r) => n + r.rejected.length, 0);
  log(
    `award pages: ${awards.length} (${count('rendered')} rendered ${where}, ${count('reused')} unchanged from the cache${rejected ? `, ${rejected} damaged cache entr${rejected === 1 ? 'y' : 'ies'} rendered again` : ''}${foreign ? `, ${foreign} cache entr${foreign === 1 ? 'y' : 'ies'} not sealed by this signing key ignored` : ''}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
};

/** The sitemap protocol's limit per file (sitemaps.org): search engines refuse larger ones. */
export const SITEMAP_MAX_URLS = 50_000;

/** Award sitemap files: `sitemap-awards-<n>.xml`, each with at most SITEMAP_MAX_URLS addresses, in order. */
export function awardSitemapFiles(
  pageUrls: readonly string[],
  perFile = SITEMAP_MAX_URLS,
): { file: string; urls: string[] }[] {
  return inBatches(pageUrls, perFile).map((urls, n) => ({ file: `${SITEMAP_PREFIX}${n}.xml`, urls }));
}

/** Lists indexable award pages in sitemaps of their own, linked from Astro's sitemap index. */
async function addAwardsToSitemap({ outDir, model, urls }: BuildContext): Promise<void> {
  const indexFile = path.join(outDir, 'sitemap-index.xml');
  const pageUrls = model.published
    .filter((entry) => !isNoindex(entry))
    .map((entry) => urls.url(sitePaths.awardPage(entry.award.id)));
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
