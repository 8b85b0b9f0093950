/**
 * Runs the post-build steps over a site Astro has written: in the Astro
 * process (a plain `astro build`), or, from `npm run build`, in a fresh
 * process after Astro's has exited. The fresh process starts without the
 * memory Astro and Vite leave behind (about 1.2 GB at 100,000 awards): the
 * card workers and the output scan no longer come on top of it.
 *
 * The Astro process hands over what the steps must agree on: the output
 * folder, the build moment (award states, expiry) and the signature of the
 * content files it built from. Content edited in between stops the build:
 * its pages and its credentials would disagree.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCacheDir, buildMoment, contentDirSetting, siteUrlSetting } from '../lib/build-settings.ts';
import { setting } from '../lib/settings.ts';
import { contentSignature, loadContentOnce } from '../lib/content/content-files.ts';
import type { Content } from '../lib/content/content-model.ts';
import type { Ledger } from '../lib/lifecycle/ledger.ts';
import type { Award } from '../lib/content/schema.ts';
import { buildSiteModel, type SiteModel } from '../lib/site-model.ts';
import { siteUrls } from '../lib/site-urls.ts';
import { writeAwardPages } from './award-pages/award-pages.ts';
import type { BuildContext } from './context.ts';
import { prepareLedger } from './credentials/ledger.ts';
import { privacyGuard } from './checks/privacy-guard.ts';
import { pruneAwardFolders } from './infrastructure/recycled-output.ts';
import { writeSiteManifest } from './site-files/site-manifest.ts';
import { buildSteps } from './steps.ts';

export const buildMode = (env: NodeJS.ProcessEnv = process.env) => setting('EMBLEM_MODE', env) ?? 'development';

/** What the Astro process leaves for the process that runs the steps (a JSON file). */
export interface StepsHandoff {
  outDir: string;
  /** The build moment, ISO 8601: both processes judge states and expiry at the same instant. */
  now: string;
  /** contentDigest of the content folder the pages were built from. */
  contentSignature: string;
  /** Peak memory of the Astro process, for the log (the build's peak is the larger of the two). */
  astroPeakMiB: number;
}

/** A digest of the content files' signature (at 100,000 awards the signature itself is megabytes). */
export const contentDigest = (contentDir: string) => signatureDigest(contentSignature(contentDir));
const signatureDigest = (signature: string) => createHash('sha256').update(signature).digest('hex');

export function writeHandoff(file: string, handoff: StepsHandoff): void {
  writeFileSync(file, JSON.stringify(handoff));
}

export function buildContext({
  recycled,
  manifestAfterSwap,
  ...parts
}: {
  outDir: string;
  content: Content;
  model: SiteModel<Award>;
  ledger: Ledger;
  log: (message: string) => void;
  /** The award folders came from the site this build replaces (recycled-output.ts). */
  recycled?: boolean;
  /** The caller swaps the site in, then publishes the manifest (site-manifest.ts). */
  manifestAfterSwap?: boolean;
}): BuildContext {
  return {
    ...parts,
    manifestAfterSwap,
    recycledAwardFolders: recycled ? { placed: new Set() } : undefined,
    placedFiles: new Map(),
    cacheDir: buildCacheDir(),
    urls: siteUrls(siteUrlSetting()),
    mode: buildMode(),
  };
}

/**
 * Every step, then the privacy guard, then the manifest (only a site that
 * passed every check replaces the last manifest). EMBLEM_PAGES_ONLY
 * (benchmarks only) measures the page build alone; the privacy check always runs.
 */
export async function runBuildSteps(context: BuildContext): Promise<void> {
  const pagesOnly = Boolean(process.env.EMBLEM_PAGES_ONLY);
  const steps = [
    ...(pagesOnly ? [writeAwardPages, pruneAwardFolders] : buildSteps),
    privacyGuard,
    ...(pagesOnly ? [] : [writeSiteManifest]),
  ];
  const times: string[] = [];
  for (const step of steps) {
    const started = performance.now();
    await step(context);
    // Peak memory of the process so far (worker threads included): which step raises it.
    times.push(
      `${step.name} ${((performance.now() - started) / 1000).toFixed(1)} (peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB)`,
    );
  }
  // One line with every step's seconds (the benchmark reads it for the share of each step).
  context.log(`step seconds: ${times.join(', ')}`);
}

/** The content as the steps' process read it: while Astro builds, for the same build moment (EMBLEM_NOW). */
export interface StepsContent {
  /** contentSignature and its digest, taken before the content was read. */
  rawSignature: string;
  signature: string;
  content: Content;
  model: SiteModel<Award>;
  seconds: number;
}

export function readStepsContent(): StepsContent {
  const started = performance.now();
  const contentDir = contentDirSetting();
  const rawSignature = contentSignature(contentDir);
  const content = loadContentOnce(contentDir);
  return {
    rawSignature,
    signature: signatureDigest(rawSignature),
    content,
    model: buildSiteModel(content, buildMoment()),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The steps in this (fresh) process, over what the Astro process handed over and the content this one read. */
export async function runHandedOverSteps(
  handoff: StepsHandoff,
  { signature, content, model, seconds }: StepsContent,
  log: (message: string) => void,
  { recycled = false, manifestAfterSwap = false } = {},
): Promise<void> {
  const contentDir = contentDirSetting();
  if (signature !== handoff.contentSignature || contentDigest(contentDir) !== signature) {
    throw new Error(
      `Content files in ${path.relative(process.cwd(), contentDir) || contentDir} changed while the pages were built; build again.`,
    );
  }
  if (model.now.toISOString() !== handoff.now)
    throw new Error(`The build moment differs between the processes (${model.now.toISOString()}, ${handoff.now}).`);
  // Checked (and, in development, brought up to date) by the Astro process already: this finds no change.
  const ledger = prepareLedger({ contentDir, content, model, mode: buildMode(), log });
  log(
    `post-build steps in a fresh process (the Astro process peaked at ${handoff.astroPeakMiB} MiB); content read while Astro built, in ${seconds.toFixed(1)} s`,
  );
  await runBuildSteps(
    buildContext({ outDir: handoff.outDir, content, model, ledger, log, recycled, manifestAfterSwap }),
  );
}
