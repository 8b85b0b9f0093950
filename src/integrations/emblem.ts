/**
 * The Emblem integration: loads and validates the content once when Astro
 * starts (so a content error stops the build before any page is written),
 * prints what was left out, and after the pages are built runs the steps that
 * write credentials, cards and hosting files, then the privacy check (in this
 * process, or in a fresh one when `npm run build` asks: src/steps/run-steps.ts).
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { buildMoment, contentDirSetting, siteUrlSetting } from '../lib/build-settings.ts';
import { loadContentOnce } from '../lib/content/content-files.ts';
import type { Content } from '../lib/content/content-model.ts';
import type { Award } from '../lib/content/schema.ts';
import { buildSiteModel, withheldReport, type SiteModel } from '../lib/site-model.ts';
import { sitePaths, siteUrls } from '../lib/site-urls.ts';
import { checkProductionKey } from '../steps/credentials/signing-key.ts';
import { settingProblems, unknownSettings } from '../lib/settings.ts';
import { prepareLedger } from '../steps/credentials/ledger.ts';
import { buildContext, buildMode, contentDigest, runBuildSteps, writeHandoff } from '../steps/run-steps.ts';
import type { Ledger } from '../lib/lifecycle/ledger.ts';
import { AWARD_SHELL_ID } from '../lib/award-page/award-shell.ts';
import { pagesReport, planPages } from '../lib/content/content-pages.ts';
import { checkPagesParity, checkPagesSafety, loadPages } from '../lib/content/page-files.ts';
import type { Locale, LocalizedText } from '../lib/content/schema.ts';
import { editorLocaleOf } from '../lib/mdx/editor-messages.ts';
import { pageChecksVitePlugin } from '../lib/mdx/page-checks-vite.ts';

export function emblem(): AstroIntegration & {
  indexable: (pageUrl: string) => boolean;
  /** Catalog names by id, for the MDX plugin's <CertLink> check (after config setup). */
  catalogNames: () => ReadonlyMap<string, LocalizedText>;
  /** The language of the MDX checks' messages (after config setup). */
  editorLocale: () => Locale;
} {
  let content: Content;
  let model: SiteModel<Award>;
  let ledger: Ledger;
  let contentAtStart = '';
  let fallbackPages = new Set<string>();
  let claimPages = new Set<string>();
  let unlistedProfiles = new Set<string>();
  const urls = siteUrls(siteUrlSetting());
  return {
    name: 'emblem',
    // The award pages frame is not a page (award pages are listed by their build step);
    // a page shown in another language's text duplicates that page.
    indexable: (pageUrl) => {
      const { pathname } = new URL(pageUrl);
      // The claim page is only reached from a personal link: not for search engines.
      // An earner's profile is listed only when the earner chose that.
      return (
        !pathname.includes(AWARD_SHELL_ID) &&
        !fallbackPages.has(pathname) &&
        !claimPages.has(pathname) &&
        !unlistedProfiles.has(pathname)
      );
    },
    catalogNames: () => new Map(content.badgeClasses.map((b) => [b.id, b.name])),
    editorLocale: () => editorLocaleOf(content.issuer),
    hooks: {
      'astro:config:setup': async ({ logger, command, updateConfig }) => {
        // A production build without a usable key would fail only after pages and cards: refuse now.
        if (command === 'build') await checkProductionKey(buildMode());
        // A setting with a bad value (a misspelt host profile, a date that is no date) fails now, not after the whole build.
        const problems = settingProblems();
        if (problems.length) throw new Error(problems.join('\n'));
        for (const name of unknownSettings())
          logger.warn(`${name} is not a setting Emblem knows: it does nothing (see the settings table in README.md)`);
        // Taken before the content is read: the post-build process refuses content edited since.
        if (process.env.EMBLEM_STEPS_HANDOFF) contentAtStart = contentDigest(contentDirSetting());
        content = loadContentOnce(contentDirSetting());
        // Editors' pages may not contain code: refuse them before Astro compiles (and so runs) anything
        // (reading the content above compiles nothing), in the editors' language.
        checkPagesSafety(contentDirSetting(), process.cwd(), editorLocaleOf(content.issuer));
        model = buildSiteModel(content, buildMoment());
        if (command === 'build') logger.info(withheldReport(model));
        // Before any page: an out-of-date or hand-edited ledger stops the build here.
        if (command === 'build')
          ledger = prepareLedger({
            contentDir: contentDirSetting(),
            content,
            model,
            mode: buildMode(),
            log: (m) => logger.info(m),
          });
        // Editors' pages: frontmatter mistakes stop the build here, naming file and field.
        const { defaultLocale, locales } = content.issuer;
        const pagePlan = planPages(loadPages(contentDirSetting(), locales), locales, defaultLocale);
        // A page in several languages asks the same FAQ questions in each (a page in one language shows a notice).
        checkPagesParity(contentDirSetting(), process.cwd(), editorLocaleOf(content.issuer));
        // The same checks for a page saved while the dev server runs, before it compiles.
        if (command === 'dev')
          updateConfig({
            vite: {
              plugins: [
                pageChecksVitePlugin({
                  contentDir: contentDirSetting(),
                  editorLocale: () => editorLocaleOf(content.issuer),
                }),
              ],
            },
          });
        claimPages = new Set(locales.map((locale) => urls.path(sitePaths.claimPage(locale, defaultLocale))));
        unlistedProfiles = new Set(
          model.profiles
            .filter((p) => !p.indexed)
            .flatMap((p) => locales.map((locale) => urls.path(sitePaths.profilePage(p.id, locale, defaultLocale)))),
        );
        fallbackPages = new Set(
          pagePlan
            .filter((p) => p.fallback)
            .map((p) => urls.path(sitePaths.contentPage(p.key, p.locale, defaultLocale))),
        );
        if (command === 'build')
          logger.info(
            pagesReport(pagePlan, (key, locale) => urls.path(sitePaths.contentPage(key, locale, defaultLocale))),
          );
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        // From `npm run build`: the steps run in a fresh process once this one has exited (src/steps/run-steps.ts).
        const handoffFile = process.env.EMBLEM_STEPS_HANDOFF;
        if (handoffFile) {
          writeHandoff(handoffFile, {
            outDir,
            now: model.now.toISOString(),
            contentSignature: contentAtStart,
            astroPeakMiB: Math.round(process.resourceUsage().maxRSS / 1024),
          });
          return;
        }
        await runBuildSteps(buildContext({ outDir, content, model, ledger, log: (message) => logger.info(message) }));
      },
    },
  };
}
