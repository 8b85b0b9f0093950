/**
 * The Emblem integration: loads and validates the content once when Astro
 * starts (so a content error stops the build before any page is written),
 * prints what was left out, and after the pages are built runs the steps that
 * write credentials, cards and hosting files, then the privacy check.
 */
import type { AstroIntegration } from 'astro';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMoment, contentDirSetting, siteUrlSetting } from '../lib/build-settings.ts';
import { loadContentOnce } from '../lib/content-files.ts';
import type { Content } from '../lib/content-model.ts';
import type { Award } from '../lib/schema.ts';
import { buildSiteModel, withheldReport, type SiteModel } from '../lib/site-model.ts';
import { sitePaths, siteUrls } from '../lib/site-urls.ts';
import type { BuildContext } from '../build/context.ts';
import { privacyGuard } from '../build/privacy-guard.ts';
import { checkProductionKey } from '../build/signing-key.ts';
import { writeSiteManifest } from '../build/site-manifest.ts';
import { hostProfile } from '../lib/host-limits.ts';
import { writeAwardPages } from '../build/award-pages.ts';
import { buildSteps } from '../build/steps.ts';
import { prepareLedger } from '../build/ledger.ts';
import type { Ledger } from '../lib/lifecycle/ledger.ts';
import { AWARD_SHELL_ID } from '../lib/award-shell.ts';
import { pagesReport, planPages } from '../lib/content-pages.ts';
import { checkPagesSafety, loadPages } from '../lib/page-files.ts';
import type { LocalizedText } from '../lib/schema.ts';

const buildMode = () => (process.env.EMBLEM_MODE === 'production' ? 'production' : 'development');

export function emblem(): AstroIntegration & {
  indexable: (pageUrl: string) => boolean;
  /** Catalog names by id, for the MDX plugin's <CertLink> check (after config setup). */
  catalogNames: () => ReadonlyMap<string, LocalizedText>;
} {
  let content: Content;
  let model: SiteModel<Award>;
  let ledger: Ledger;
  let fallbackPages = new Set<string>();
  let claimPages = new Set<string>();
  const urls = siteUrls(siteUrlSetting());
  return {
    name: 'emblem',
    // The award pages frame is not a page (award pages are listed by their build step);
    // a page shown in another language's text duplicates that page.
    indexable: (pageUrl) => {
      const { pathname } = new URL(pageUrl);
      // The claim page is only reached from a personal link: not for search engines.
      return !pathname.includes(AWARD_SHELL_ID) && !fallbackPages.has(pathname) && !claimPages.has(pathname);
    },
    catalogNames: () => new Map(content.badgeClasses.map((b) => [b.id, b.name])),
    hooks: {
      'astro:config:setup': async ({ logger, command }) => {
        // A production build without a usable key would fail only after pages and cards: refuse now.
        if (command === 'build') await checkProductionKey(buildMode());
        // A misspelt host profile fails now, not after the whole build.
        if (process.env.EMBLEM_HOST_PROFILE) hostProfile(process.env.EMBLEM_HOST_PROFILE);
        // Editors' pages may not contain code: refuse them before Astro compiles (and so runs) anything.
        checkPagesSafety(contentDirSetting());
        content = loadContentOnce(contentDirSetting());
        model = buildSiteModel(content, buildMoment());
        if (command === 'build') logger.info(withheldReport(model));
        // Before any page: an out-of-date or hand-edited ledger stops the build here.
        if (command === 'build') ledger = prepareLedger({ contentDir: contentDirSetting(), content, model, mode: buildMode(), log: (m) => logger.info(m) });
        // Editors' pages: frontmatter mistakes stop the build here, naming file and field.
        const { defaultLocale, locales } = content.issuer;
        const pagePlan = planPages(loadPages(contentDirSetting(), locales), locales, defaultLocale);
        claimPages = new Set(locales.map((locale) => urls.path(sitePaths.claimPage(locale, defaultLocale))));
        fallbackPages = new Set(pagePlan.filter((p) => p.fallback).map((p) => urls.path(sitePaths.contentPage(p.key, p.locale, defaultLocale))));
        if (command === 'build') logger.info(pagesReport(pagePlan, (key, locale) => urls.path(sitePaths.contentPage(key, locale, defaultLocale))));
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const context: BuildContext = {
          outDir,
          cacheDir: path.resolve(process.env.EMBLEM_BUILD_CACHE || '.emblem/cache'),
          content,
          model,
          ledger,
          urls,
          mode: buildMode(),
          log: (message) => logger.info(message),
        };
        // EMBLEM_PAGES_ONLY (benchmarks only) measures the page build alone; the privacy check always runs.
        // Only a site that passed every check replaces the last manifest.
        const steps = [
          ...(process.env.EMBLEM_PAGES_ONLY ? [writeAwardPages] : buildSteps),
          privacyGuard,
          ...(process.env.EMBLEM_PAGES_ONLY ? [] : [writeSiteManifest]),
        ];
        const times: string[] = [];
        for (const step of steps) {
          const started = performance.now();
          await step(context);
          // Peak memory of the process so far (worker threads included): which step raises it.
          times.push(`${step.name} ${((performance.now() - started) / 1000).toFixed(1)} (peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB)`);
        }
        // One line with every step's seconds (the benchmark reads it for the share of each step).
        logger.info(`step seconds: ${times.join(', ')}`);
      },
    },
  };
}
