/**
 * One shard of a build spread over several machines (`npm run build -- --shard i/n`):
 * draws the social cards and signs the credentials of the awards and catalog
 * entries whose id hashes into shard i (src/lib/site/shards.ts), into the build
 * cache (EMBLEM_BUILD_CACHE) and nowhere else. No page is built and no site
 * is written.
 *
 * The assemble step is a plain build with the shards' caches merged: every
 * card and proof is then found in the cache (each entry is checked before it
 * is reused, as always), and the site is the one a single machine would have
 * built from the same content at the same moment (EMBLEM_NOW): proofs are
 * dated at the build moment and Ed25519 signatures are deterministic.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildMoment, contentDirSetting, siteUrlSetting } from '../lib/build-settings.ts';
import { loadContentOnce } from '../lib/content/content-files.ts';
import { buildSiteModel } from '../lib/site-model.ts';
import { siteUrls } from '../lib/site-urls.ts';
import { inShard, type Shard } from '../lib/site/shards.ts';
import { cardJobs, writeCardSet } from './cards/cards.ts';
import type { BuildContext } from './context.ts';
import { writeCredentials } from './credentials/credentials.ts';
import { prepareLedger } from './credentials/ledger.ts';
import { buildCacheSeal, checkProductionKey } from './credentials/signing-key.ts';

export interface ShardOptions {
  shard: Shard;
  /** Folder for the shard's scratch output (removed at the end). */
  scratchRoot: string;
  publicDir: string;
  cacheDir: string;
  mode: 'production' | 'development';
  log: (message: string) => void;
}

export interface ShardResult {
  awards: number;
  cards: number;
  cardsDrawn: number;
}

export async function buildShard({
  shard,
  scratchRoot,
  publicDir,
  cacheDir,
  mode,
  log,
}: ShardOptions): Promise<ShardResult> {
  await checkProductionKey(mode);
  const contentDir = contentDirSetting();
  const content = loadContentOnce(contentDir);
  const model = buildSiteModel(content, buildMoment());
  // A shard never writes the ledger (n shards at once would race): it must be up to date, as in production.
  const ledger = prepareLedger({ contentDir, content, model, mode: 'production', log });
  const urls = siteUrls(siteUrlSetting());
  const ours = (id: string) => inShard(id, shard);

  // Scratch output with the public files (the badge artwork cards and baked images are made from).
  const outDir = await mkdtemp(path.join(scratchRoot, `shard-${shard.index}-of-${shard.count}-`));
  try {
    await cp(publicDir, outDir, { recursive: true });
    // Card data is computed from the whole model (as the assemble build does), then only this shard's are
    // drawn: a card goes by its output path (it holds the award or entry id; site cards have none).
    const jobs = cardJobs(model, urls, outDir).filter((job) => ours(job.output));
    const cards = await writeCardSet(jobs, outDir, cacheDir, {
      seal: await buildCacheSeal({ mode, log }),
      prune: false,
    });
    log(
      `shard ${shard.index}/${shard.count}: social cards: ${cards.total} (${cards.drawn} drawn, ${cards.fromCache} from cache)`,
    );

    const published = model.published.filter((p) => ours(p.award.id));
    const context: BuildContext = {
      outDir,
      cacheDir,
      content,
      model: { ...model, published },
      ledger,
      urls,
      mode,
      log,
    };
    await writeCredentials(context, { prune: false });
    return { awards: published.length, cards: cards.total, cardsDrawn: cards.drawn };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
