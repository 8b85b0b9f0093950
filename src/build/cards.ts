/**
 * Build step: a 1200x630 social card for every published award and every
 * catalog entry, plus a small PNG of each badge artwork (for embeds).
 *
 * Astro renders pages one after another, so cards are not drawn in page
 * endpoints: this step draws them after the pages, on a pool of worker
 * threads (one per core). Each card is keyed by a SHA-256 of everything that
 * shapes it (the drawn text, the artwork bytes, the layout version and the
 * satori/sharp/font versions) and kept in `<cacheDir>/cards/`; a card whose
 * key is already there is copied, not drawn. Keep that folder between CI runs
 * (it is EMBLEM_BUILD_CACHE, default .emblem/cache) to skip unchanged cards.
 * Entries no build asked for are pruned, so the cache stays the size of one site.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { findPackageJSON } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { awardCardData, CARD_LAYOUT_VERSION, certificationCardData, type CardData } from '../lib/og-card.ts';
import type { SiteModel } from '../lib/site-model.ts';
import { sitePaths, type SiteUrls } from '../lib/site-urls.ts';
import { artworkPng } from './card-render.ts';
import type { BuildStep } from './context.ts';
import { poolSize, runOnWorkers } from './worker-pool.ts';

/** What a worker is asked to do. */
export interface CardTask {
  data: CardData;
  artworkFile: string;
  /** Where to write the PNG (a cache entry). */
  file: string;
}

/** One card of the site. */
export interface CardJob {
  /** Site-relative output path (sitePaths.awardCard / certificationCard). */
  output: string;
  data: CardData;
  /** Absolute path of the badge artwork. */
  artworkFile: string;
}

export function cardJobs(model: SiteModel, urls: SiteUrls, publicRoot: string): CardJob[] {
  const artwork = (image: string) => path.join(publicRoot, image);
  return [
    ...model.published.map((entry) => ({
      output: sitePaths.awardCard(entry.award.id),
      data: awardCardData(model, entry, urls),
      artworkFile: artwork(entry.badgeClass.image),
    })),
    ...model.catalog.map((badgeClass) => ({
      output: sitePaths.certificationCard(badgeClass.id),
      data: certificationCardData(model, badgeClass, urls),
      artworkFile: artwork(badgeClass.image),
    })),
  ];
}

const RENDERER_VERSIONS = ['satori', 'sharp', 'pretendard'].map((name) => {
  const file = findPackageJSON(name, import.meta.url);
  return `${name}@${file ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : '?'}`;
});

/** The cache key of a card: changes whenever anything drawn on it could. */
export function cardKey(data: CardData, artworkDigest: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ layout: CARD_LAYOUT_VERSION, renderer: RENDERER_VERSIONS, artwork: artworkDigest, data }))
    .digest('hex');
}

export interface CardPoolOptions {
  workers?: number;
}

/** Draws tasks on worker threads; resolves when all are written, rejects on the first failure. */
export async function drawOnPool(tasks: CardTask[], { workers }: CardPoolOptions = {}): Promise<void> {
  await runOnWorkers<CardTask, number>(new URL('./card-worker.ts', import.meta.url), tasks, { workers });
}

export interface CardSetResult {
  total: number;
  drawn: number;
  fromCache: number;
  workers: number;
  milliseconds: number;
}

/** Writes every job's card into outDir, drawing only those not in the cache. */
export async function writeCardSet(jobs: CardJob[], outDir: string, cacheDir: string, options: CardPoolOptions = {}): Promise<CardSetResult> {
  const started = performance.now();
  const cardCache = path.join(cacheDir, 'cards');
  await mkdir(cardCache, { recursive: true });
  const digests = new Map<string, string>();
  for (const file of new Set(jobs.map((j) => j.artworkFile)))
    digests.set(
      file,
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    );
  const cached = new Set(await readdir(cardCache));
  const keyed = jobs.map((job) => ({ job, entry: `${cardKey(job.data, digests.get(job.artworkFile)!)}.png` }));
  const tasks: CardTask[] = [];
  const queued = new Set<string>();
  for (const { job, entry } of keyed) {
    // Identical cards (same data and artwork) are drawn once.
    if (cached.has(entry) || queued.has(entry)) continue;
    queued.add(entry);
    tasks.push({ data: job.data, artworkFile: job.artworkFile, file: path.join(cardCache, entry) });
  }
  await drawOnPool(tasks, options);
  for (const { job, entry } of keyed) {
    const target = path.join(outDir, job.output);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(cardCache, entry), target);
  }
  const used = new Set(keyed.map((k) => k.entry));
  for (const name of cached) if (!used.has(name)) await rm(path.join(cardCache, name), { force: true });
  return {
    total: jobs.length,
    drawn: tasks.length,
    fromCache: jobs.length - tasks.length,
    workers: tasks.length ? poolSize(tasks.length, options.workers) : 0,
    milliseconds: performance.now() - started,
  };
}

export const BADGE_PNG_SIZE = 256;

/** Each badge artwork as a PNG, for embeds and JSON-LD (mail clients and search engines take no SVG). */
async function writeBadgePngs(model: SiteModel, outDir: string): Promise<void> {
  for (const badgeClass of model.catalog) {
    const png = await artworkPng(await readFile(path.join(outDir, badgeClass.image)), BADGE_PNG_SIZE);
    const target = path.join(outDir, sitePaths.badgeImagePng(badgeClass.id));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, png);
  }
}

function workerSetting(): number | undefined {
  const value = Number(process.env.EMBLEM_CARD_WORKERS);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export const renderCards: BuildStep = async ({ outDir, cacheDir, model, urls, log }) => {
  // public/ has been copied into outDir by now; artwork is read from there.
  const result = await writeCardSet(cardJobs(model, urls, outDir), outDir, cacheDir, { workers: workerSetting() });
  await writeBadgePngs(model, outDir);
  log(
    `social cards: ${result.total} (${result.drawn} drawn on ${result.workers} worker(s), ${result.fromCache} from cache) in ${(result.milliseconds / 1000).toFixed(1)} s`,
  );
};
