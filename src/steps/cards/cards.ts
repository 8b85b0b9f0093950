/**
 * Build step: a 1200x630 social card for every published award and every
 * catalog entry, plus a small PNG of each badge artwork (for embeds).
 *
 * Astro renders pages one after another, so cards are not drawn in page
 * endpoints: this step draws them after the pages, on a pool of worker
 * threads (one per core). Each card is keyed by a SHA-256 of everything that
 * shapes it (the drawn text, the artwork bytes, the layout version and the
 * satori/sharp/font versions) and kept in `<cacheDir>/cards/` as
 * `<key>-<digest>.png`, the digest being a SHA-256 of the PNG's bytes. A cached
 * card is used only if its bytes still match that digest and it is a whole
 * 1200x630 PNG (signature, IHDR, IEND); a truncated or altered entry is drawn
 * again. Keep that folder between CI runs (it is EMBLEM_BUILD_CACHE, default
 * .emblem/cache) to skip unchanged cards. Entries no build asked for are pruned,
 * so the cache stays the size of one site.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { findPackageJSON } from 'node:module';
import path from 'node:path';
import {
  awardCardData,
  CARD_HEIGHT,
  CARD_LAYOUT_VERSION,
  CARD_WIDTH,
  type CardData,
  cardTextRuns,
  certificationCardData,
} from '../../lib/social/og-card.ts';
import { type CardFonts, cardFonts, cardFontVersions, primaryFontCoverage } from './card-fonts.ts';
import type { SiteModel } from '../../lib/site-model.ts';
import { sitePaths, type SiteUrls } from '../../lib/site-urls.ts';
import { artworkPng, CARD_RENDERER_VERSION, cardPaletteKey } from './card-render.ts';
import {
  type CacheSeal,
  CheckedEntries,
  entryDigest,
  entryHolds,
  entryKey,
  placeFile,
  sealedEntryKey,
  sha256Hex,
} from '../infrastructure/cache-entry.ts';
import type { BuildStep, PlacedFile } from '../context.ts';
import { notePlaced } from '../infrastructure/recycled-output.ts';
import { setting } from '../../lib/settings.ts';
import { buildCacheSeal } from '../credentials/signing-key.ts';
import { startProgress } from '../infrastructure/progress.ts';
import { inBatches, poolSize, runOnWorkers } from '../infrastructure/worker-pool.ts';
import { siteCardData } from '../../lib/social/og-card.ts';
import { profileCardData, profileSummary } from '../../lib/profile/profile-page.ts';
import { siteFile } from '../../lib/site-urls.ts';

/** What a worker is asked to do. */
export interface CardTask {
  data: CardData;
  artworkFile: string;
  /** The card cache folder and the card's key: the worker writes `<key>-<digest>.png` there. */
  cacheDir: string;
  key: string;
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
    // An earner's profile (opt-in): their name, with their newest badge's artwork.
    ...model.profiles.map((profile) => ({
      output: sitePaths.profileCard(profile.id),
      data: profileCardData(model, profileSummary(profile), urls),
      artworkFile: artwork(profile.awards[0]!.badgeClass.image),
    })),
    // The site's own card, per language, with the issuer logo as artwork.
    ...(siteFile(model.issuer.logo)
      ? model.issuer.locales.map((locale) => ({
          output: sitePaths.siteCard(locale, model.issuer.defaultLocale),
          data: siteCardData(model, urls, locale),
          artworkFile: artwork(model.issuer.logo),
        }))
      : []),
  ];
}

const RENDERER_VERSIONS = [
  CARD_RENDERER_VERSION,
  ...['satori', 'sharp'].map((name) => {
    const file = findPackageJSON(name, import.meta.url);
    return `${name}@${file ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : '?'}`;
  }),
  ...cardFontVersions(),
];

/** The cache key of a card: changes whenever anything drawn on it could. */
export function cardKey(data: CardData, artworkDigest: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ layout: CARD_LAYOUT_VERSION, renderer: RENDERER_VERSIONS, artwork: artworkDigest, data }))
    .digest('hex');
}

export interface CardPoolOptions {
  /** The build's cache seal (cache-entry.ts): entries are named with it, and only entries sealed with it are used. */
  seal: CacheSeal;
  workers?: number;
  /** Remove cache entries this call did not use (default true). A shard draws part of the site: it keeps the rest. */
  prune?: boolean;
}

/**
 * Pool tasks: runs of cards that share a frame and palette (tasks come sorted
 * by cardPaletteKey), so that each worker makes a frame and palette (about a
 * fifth of a second) only for the runs it is given. A run longer than half a
 * worker's share is cut, and the longest runs go first, which keeps the
 * workers evenly loaded to the end. Returns the batches with the index of
 * each one's first task.
 */
export function cardBatches(
  tasks: readonly CardTask[],
  keys: readonly string[],
  workers: number,
): { start: number; tasks: CardTask[] }[] {
  const most = Math.max(1, Math.ceil(tasks.length / (workers * 2)));
  const batches: { start: number; tasks: CardTask[] }[] = [];
  for (let start = 0; start < tasks.length; ) {
    let end = start + 1;
    while (end < tasks.length && keys[end] === keys[start]) end++;
    const pieces = Math.ceil((end - start) / most);
    for (let i = 0; i < pieces; i++) {
      const from = start + Math.floor(((end - start) * i) / pieces);
      batches.push({ start: from, tasks: tasks.slice(from, start + Math.floor(((end - start) * (i + 1)) / pieces)) });
    }
    start = end;
  }
  return batches.sort((a, b) => b.tasks.length - a.tasks.length || a.start - b.start);
}

/** Draws tasks (sorted by cardPaletteKey) on worker threads; resolves when all are written (entry names in task order), rejects on the first failure. */
export async function drawOnPool(tasks: CardTask[], { workers, seal }: CardPoolOptions): Promise<string[]> {
  const progress = startProgress('cards', tasks.length);
  const keys = tasks.map((t) => cardPaletteKey(t.data, t.artworkFile));
  const batches = cardBatches(tasks, keys, poolSize(tasks.length, workers));
  const drawn = await runOnWorkers<CardTask[], string[]>(
    new URL('./card-worker.ts', import.meta.url),
    batches.map((b) => b.tasks),
    // Per card, not per batch: a batch can hold a quarter of all the cards.
    {
      workers,
      workerData: { primaryCoverage: primaryFontCoverage(), seal },
      onProgress: (cards) => progress.advance(cards),
    },
  );
  progress.done();
  const entries: string[] = new Array(tasks.length);
  batches.forEach((batch, i) => {
    drawn[i]!.forEach((entry, j) => {
      entries[batch.start + j] = entry;
    });
  });
  return entries;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** The cache files that hold the card with this key (normally one): for `npm run erase`. */
export function cardCacheFiles(cacheDir: string, key: string): string[] {
  const folder = path.join(cacheDir, 'cards');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => entryKey(name, '.png') === key)
    .map((name) => path.join(folder, name));
}

export const pngDigest = sha256Hex;

/** The chunks the card renderer writes (sharp's palette PNG): a text, EXIF or any other chunk means the file is not one of ours. */
const CARD_CHUNKS: ReadonlySet<string> = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);

/**
 * Whether `png` is a whole 1200x630 PNG as the renderer writes it: signature,
 * IHDR with the card's size, IEND at the end, and no chunk but image data (no
 * decoding). Cards are not read by the output scan, so a card carrying text
 * (an email in a tEXt chunk) is refused here.
 */
export function isCardPng(png: Buffer): boolean {
  if (
    !(
      png.length > 33 + PNG_IEND.length &&
      png.subarray(0, 8).equals(PNG_SIGNATURE) &&
      png.readUInt32BE(8) === 13 &&
      png.toString('latin1', 12, 16) === 'IHDR' &&
      png.readUInt32BE(16) === CARD_WIDTH &&
      png.readUInt32BE(20) === CARD_HEIGHT &&
      png.subarray(png.length - PNG_IEND.length).equals(PNG_IEND)
    )
  )
    return false;
  for (let at = 8; at < png.length; ) {
    if (at + 12 > png.length) return false;
    if (!CARD_CHUNKS.has(png.toString('latin1', at + 4, at + 8))) return false;
    at += 12 + png.readUInt32BE(at);
    if (at === png.length) return true;
  }
  return false;
}

export interface CardSetResult {
  /** Each card's output path, with the digest and size of the bytes placed there (checked against the entry's name). */
  placed: Map<string, PlacedFile>;
  total: number;
  drawn: number;
  fromCache: number;
  /** Cache entries that failed the check (truncated, altered) and were drawn again. */
  rejected: string[];
  /** Characters no card font has, with the cards that show them (drawn as boxes). */
  missingGlyphs: { output: string; characters: string[] }[];
  workers: number;
  milliseconds: number;
}

/** Used in the build process only to find characters no font has (it reads no font file but one character map). */
let fontsInBuild: CardFonts | undefined;

/** Writes every job's card into outDir, drawing only those not in the cache (or whose cache entry is damaged). */
export async function writeCardSet(
  jobs: CardJob[],
  outDir: string,
  cacheDir: string,
  options: CardPoolOptions,
): Promise<CardSetResult> {
  const { seal } = options;
  const started = performance.now();
  const cardCache = path.join(cacheDir, 'cards');
  await mkdir(cardCache, { recursive: true });
  const digests = new Map<string, string>();
  for (const file of new Set(jobs.map((j) => j.artworkFile))) digests.set(file, pngDigest(await readFile(file)));
  const cachedNames = await readdir(cardCache);
  const cached = new Map<string, string>();
  for (const name of cachedNames) {
    const key = sealedEntryKey(name, '.png', seal);
    if (key) cached.set(key, name);
  }
  // Identical cards (same data and artwork) share a key and are drawn once.
  const byKey = new Map<string, CardJob[]>();
  for (const job of jobs) {
    const key = cardKey(job.data, digests.get(job.artworkFile)!);
    const same = byKey.get(key);
    if (same) same.push(job);
    else byKey.set(key, [job]);
  }
  const used = new Set<string>();
  const rejected: string[] = [];
  const tasks: CardTask[] = [];
  const checked = CheckedEntries.load(cardCache, seal);
  const placed = new Map<string, PlacedFile>();
  // Synchronous: ten thousand small file system calls, where a promise each only adds thread-pool round trips.
  const writeOut = (jobs: CardJob[], entry: string, png?: Buffer) => {
    const entryFile = path.join(cardCache, entry);
    for (const job of jobs) {
      const target = path.join(outDir, job.output);
      mkdirSync(path.dirname(target), { recursive: true });
      placeFile(entryFile, target, png);
    }
    used.add(entry);
    const bytes = checked.record(entryFile, entry);
    for (const job of jobs) placed.set(job.output, { sha256: entryDigest(entry), bytes });
  };
  // Check and copy cached cards a few dozen at a time: file reads, not hashing, are the cost.
  for (const batch of inBatches([...byKey], 32)) {
    const reused = await Promise.all(
      batch.map(async ([key, keyJobs]) => {
        const name = cached.get(key);
        if (!name) return false;
        // Checked by an earlier build and not written since: not read again.
        if (checked.holds(path.join(cardCache, name), name)) {
          writeOut(keyJobs, name);
          return true;
        }
        const png = await readFile(path.join(cardCache, name));
        if (!entryHolds(name, key, png, '.png', seal) || !isCardPng(png)) {
          rejected.push(name);
          return false;
        }
        writeOut(keyJobs, name, png);
        return true;
      }),
    );
    batch.forEach(([key, keyJobs], i) => {
      if (!reused[i])
        tasks.push({ data: keyJobs[0]!.data, artworkFile: keyJobs[0]!.artworkFile, cacheDir: cardCache, key });
    });
  }
  // Cards that share a frame and palette (badge, state) one after another: a worker makes each once, then reuses it.
  const paletteKeys = new Map(tasks.map((t) => [t, cardPaletteKey(t.data, t.artworkFile)]));
  tasks.sort((a, b) =>
    paletteKeys.get(a)! < paletteKeys.get(b)! ? -1 : paletteKeys.get(a)! > paletteKeys.get(b)! ? 1 : 0,
  );
  const entries = await drawOnPool(tasks, options);
  for (const [i, task] of tasks.entries()) writeOut(byKey.get(task.key)!, entries[i]!);
  // Reported on every build, drawn or cached, so a warm build does not hide it.
  fontsInBuild ??= cardFonts();
  const fonts = fontsInBuild;
  // Cards repeat most of their text (issuer, titles, dates): each distinct text is looked up once.
  const missingIn = new Map<string, string[]>();
  const missingOf = (text: string) => {
    let found = missingIn.get(text);
    if (!found) missingIn.set(text, (found = fonts.missing([{ weight: 400, text }])));
    return found;
  };
  const missingGlyphs = jobs.flatMap((job) => {
    const characters = [...new Set(cardTextRuns(job.data).flatMap((run) => missingOf(run.text)))];
    return characters.length ? [{ output: job.output, characters }] : [];
  });
  if (options.prune !== false)
    for (const name of cachedNames) if (!used.has(name)) await rm(path.join(cardCache, name), { force: true });
  checked.save(cardCache, seal);
  return {
    placed,
    total: jobs.length,
    drawn: tasks.length,
    fromCache: jobs.length - tasks.reduce((n, t) => n + byKey.get(t.key)!.length, 0),
    rejected,
    missingGlyphs,
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

export const renderCards: BuildStep = async (context) => {
  const { outDir, cacheDir, model, urls, log } = context;
  // public/ has been copied into outDir by now; artwork is read from there.
  const jobs = cardJobs(model, urls, outDir);
  const result = await writeCardSet(jobs, outDir, cacheDir, {
    seal: await buildCacheSeal(context),
    workers: setting('EMBLEM_CARD_WORKERS'),
  });
  // The output scan takes the cards' digests from here instead of reading them again.
  for (const [file, placed] of result.placed) context.placedFiles?.set(file, placed);
  notePlaced(
    context,
    jobs.map((job) => job.output),
  );
  await writeBadgePngs(model, outDir);
  log(
    `social cards: ${result.total} (${result.drawn} drawn on ${result.workers} worker(s), ${result.fromCache} from cache) in ${(result.milliseconds / 1000).toFixed(1)} s`,
  );
  if (result.rejected.length)
    log(
      `social cards: ${result.rejected.length} damaged cache entr${result.rejected.length === 1 ? 'y' : 'ies'} drawn again`,
    );
  if (result.missingGlyphs.length) {
    const characters = [...new Set(result.missingGlyphs.flatMap((m) => m.characters))];
    log(
      `warning: social cards: ${result.missingGlyphs.length} card(s) show characters no card font has, drawn as boxes: ${characters.map((c) => `${c} (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ')}; first: ${result.missingGlyphs[0]!.output}`,
    );
  }
};
