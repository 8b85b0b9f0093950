// @ts-check
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { satteri } from '@astrojs/markdown-satteri';
import { siteUrls } from './src/lib/site-urls.ts';
import { contentDirSetting, siteUrlSetting } from './src/lib/build-settings.ts';
import { setting } from './src/lib/settings.ts';
import { emblemPagesPlugin } from './src/lib/mdx/mdx-plugin.ts';
import { pagesDir } from './src/lib/content/page-files.ts';
import { emblem } from './src/integrations/emblem.ts';
import { LOCALE_ROWS, LOCALES } from './src/lib/locales/registry.ts';
import { awardPageTextsPlugin } from './src/integrations/award-page-texts.ts';
import { withXDefault } from './src/lib/site/sitemap-alternates.ts';
import { localeCssPlugin } from './src/integrations/locale-css.ts';

// One setting decides host and base path: site.url in the issuer file, or EMBLEM_SITE_URL over it (see README).
const urls = siteUrls(siteUrlSetting());
const emblemIntegration = emblem();
/** The sitemap's language versions: locale -> the hreflang tag it writes. */
// The sitemap's language tags come from the locale registry (src/lib/locales/registry.ts).
const SITEMAP_I18N = {
  defaultLocale: 'ko',
  locales: Object.fromEntries(LOCALE_ROWS.map((row) => [row.code, row.tag])),
};
// Astro's content store keeps an entry whose id and text are unchanged with the file path it was first
// read from: after a build of another content folder, pages would render that folder's files (which the
// MDX plugin, scoped to this content folder, then leaves alone: the FAQ lost its questions). So each
// content folder gets a cache of its own.
const contentKey = createHash('sha256').update(contentDirSetting()).digest('hex').slice(0, 12);
// Sources are this folder's, whatever Astro's root: scripts/lib/astro-build.ts gives Astro a working
// folder of its own (`<root>/.astro/`, where it writes the content modules of the folder it builds)
// when EMBLEM_ASTRO_ROOT names one, so builds with roots of their own can run at the same time.
const projectDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  srcDir: path.join(projectDir, 'src'),
  publicDir: path.join(projectDir, 'public'),
  site: urls.origin,
  base: urls.base,
  trailingSlash: 'always',
  // A few pages at once: rendering overlaps with writing files (award pages are rendered by a build step).
  build: { format: 'directory', concurrency: 4 },
  // The build script builds into a staging folder and swaps it in on success.
  outDir: setting('EMBLEM_OUT_DIR') ?? path.join(projectDir, 'dist'),
  cacheDir: path.join(
    setting('EMBLEM_CACHE_DIR') ?? path.join(projectDir, 'node_modules/.astro'),
    `content-${contentKey}`,
  ),
  // The locale registry's languages (src/lib/locales/registry.ts); pages use the issuer file's defaultLocale and
  // locales among them (the routes are src/pages/[...lang]/, so Astro's default only names the unprefixed one).
  i18n: {
    defaultLocale: 'ko',
    locales: [...LOCALES],
    routing: { prefixDefaultLocale: false },
  },
  integrations: [
    mdx({
      // Editors' pages: catalog-checked <CertLink>, FAQ anchors and base-aware links.
      processor: satteri({
        mdastPlugins: [
          emblemPagesPlugin({
            pagesDir: pagesDir(contentDirSetting()),
            catalog: () => emblemIntegration.catalogNames(),
            editorLocale: () => emblemIntegration.editorLocale(),
            sitePath: urls.path,
          }),
        ],
      }),
    }),
    sitemap({
      i18n: SITEMAP_I18N,
      // Every page with language versions names the one for other readers (x-default), as its <head> does.
      serialize: (item) => withXDefault(item, SITEMAP_I18N.locales[SITEMAP_I18N.defaultLocale]),
      // Revoked award pages are noindex; keep them out of the sitemap too.
      filter: emblemIntegration.indexable,
    }),
    emblemIntegration,
  ],
  devToolbar: { enabled: false },
  // Build staging folders and test output are not sources: don't reload the dev server for them.
  vite: {
    // The award page script's texts, from the i18n messages (src/lib/award-page/award-page-texts.ts).
    plugins: [awardPageTextsPlugin(), localeCssPlugin()],
    server: {
      watch: { ignored: ['**/.emblem/**', '**/.tmp/**', '**/dist/**', '**/.*.spare/**', '**/.*.staging-*/**'] },
    },
    // The verify page's worker (src/browser/verify-worker.ts) loads each badge format's checks with a
    // dynamic import: only ES module workers can be split into chunks (the default, iife, is one file).
    worker: { format: 'es' },
    build: {
      // Page scripts stay files, never inline <script> blocks: the site runs under a CSP
      // with script-src 'self' (the claim page). Other assets keep Vite's default rule.
      assetsInlineLimit: (file) => (file.endsWith('.js') ? false : undefined),
      rollupOptions: {
        // MDX modules start with Astro's own "use astro:head-inject" directive; the bundler's
        // note that it may drop it is expected noise (one line per page) and hides real warnings.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && /astro:head-inject/.test(warning.message)) return;
          warn(warning);
        },
      },
    },
  },
});
