/**
 * Build step: the editing studio under /studio/ (src/lib/studio): the page,
 * the configuration made from this site's content folders, languages,
 * catalog and allowed MDX components, the CMS's bundle and interface strings
 * copied from its npm package (no CDN at run time), our editor components,
 * and the fonts the CMS would otherwise fetch from a CDN (its icons; Hangul).
 * Runs before the output scan, so the CSP and link checks see these files.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setting } from '../../lib/settings.ts';
import { pick } from '../../lib/site-model.ts';
import { studioComponents, studioConfigYaml } from '../../lib/studio/studio-config.ts';
import {
  MANUAL_INIT_SCRIPT,
  STUDIO_DIR,
  STUDIO_FILES,
  STUDIO_FONTS,
  studioFontsCss,
  studioPage,
  studioStartScript,
} from '../../lib/studio/studio-page.ts';
import type { BuildContext } from '../context.ts';

const require = createRequire(import.meta.url);
const projectDir = path.resolve(import.meta.dirname, '../../..');

/** An installed package's folder, found as Node finds packages (some do not export their package.json). */
function packageDir(name: string): string {
  const found = (require.resolve.paths(name) ?? [])
    .map((dir) => path.join(dir, name))
    .find((dir) => existsSync(path.join(dir, 'package.json')));
  if (!found) throw new Error(`studio: the npm package ${name} is not installed (npm ci)`);
  return found;
}

/** Where the GitHub backend points: the setting, else the repository GitHub Actions runs in. */
export function studioRepository(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return setting('EMBLEM_STUDIO_REPO', env) ?? (env.GITHUB_REPOSITORY || undefined);
}

export async function writeStudio(context: BuildContext): Promise<void> {
  const { outDir, model, urls, log } = context;
  const dir = path.join(outDir, STUDIO_DIR);
  await mkdir(path.join(dir, 'locales'), { recursive: true });
  await mkdir(path.join(dir, 'fonts'), { recursive: true });
  const cmsPackage = packageDir('@sveltia/cms');
  const { version } = JSON.parse(await readFile(path.join(cmsPackage, 'package.json'), 'utf8')) as { version: string };
  const d = model.issuer.defaultLocale;
  const components = studioComponents(
    model.catalog.map((entry) => ({ id: entry.id, label: pick(entry.name, d, d) })),
    d,
  );
  const repo = studioRepository();
  // English is in the bundle; the other languages of the site, where the CMS is translated into them.
  const interfaceLocales = model.issuer.locales.filter((l) =>
    existsSync(path.join(cmsPackage, 'locales', `${l}.json`)),
  );
  await Promise.all([
    writeFile(path.join(dir, STUDIO_FILES.page), studioPage()),
    writeFile(
      path.join(dir, STUDIO_FILES.config),
      studioConfigYaml({
        repo: repo ?? 'your-organization/your-badge-site',
        locales: model.issuer.locales,
        defaultLocale: d,
        siteUrl: urls.url('/'),
        logoUrl: urls.path('/apple-touch-icon.png'),
        components,
      }),
    ),
    writeFile(path.join(dir, STUDIO_FILES.manualInit), MANUAL_INIT_SCRIPT),
    writeFile(path.join(dir, STUDIO_FILES.start), studioStartScript(components, { version, interfaceLocales })),
    writeFile(path.join(dir, STUDIO_FILES.fonts), studioFontsCss()),
    copyFile(path.join(cmsPackage, 'dist/sveltia-cms.js'), path.join(dir, STUDIO_FILES.cms)),
    copyFile(path.join(projectDir, 'src/browser/studio-components.js'), path.join(dir, STUDIO_FILES.components)),
    ...interfaceLocales.map((l) =>
      copyFile(path.join(cmsPackage, 'locales', `${l}.json`), path.join(dir, 'locales', `${l}.json`)),
    ),
    ...Object.entries(STUDIO_FONTS).map(([name, [pkg, file]]) =>
      copyFile(path.join(packageDir(pkg), file), path.join(dir, 'fonts', name)),
    ),
  ]);
  log(
    `studio: /${STUDIO_DIR}/ with Sveltia CMS ${version}, ${components.length} editor components, ${
      repo ? `pull requests on ${repo}` : 'no repository (set EMBLEM_STUDIO_REPO): local editing only'
    }`,
  );
}
