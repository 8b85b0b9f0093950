/**
 * The settings the build and every command derive from (the site URL with
 * where it came from, the content folder, the build moment, the cache and
 * Astro folders), in one place so that astro.config.mjs, content.config.ts,
 * the build and the commands read them the same way. The variables
 * themselves, their meaning and their checks are the table in settings.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { siteUrlSchema } from './content/schema.ts';
import { setting } from './settings.ts';

/** Without EMBLEM_SITE_URL or site.url: right for `npm run preview` and `npm run dev`. */
export const DEFAULT_SITE_URL = 'http://localhost:4321/';

export type SiteUrlSource = 'EMBLEM_SITE_URL' | 'site.url' | 'default';

export interface SiteUrlChoice {
  url: string;
  source: SiteUrlSource;
  /** The issuer file that holds a site.url (read or overridden). */
  file?: string;
  /** The issuer file's site.url when EMBLEM_SITE_URL overrides it with another URL. */
  overridden?: string;
}

/** The issuer file of a content folder, as the content loader finds it. */
function issuerFile(contentDir: string): string | undefined {
  return ['.yaml', '.yml', '.json']
    .map((ext) => path.join(contentDir, `issuer${ext}`))
    .find((file) => existsSync(file));
}

/** The issuer file's site.url, normalised; undefined when it has none or cannot be read (the content check reports that). */
function issuerSiteUrl(file: string): string | undefined {
  let data: unknown;
  try {
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    data = file.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch {
    return undefined;
  }
  const site = data && typeof data === 'object' ? (data as { site?: unknown }).site : undefined;
  const url = site && typeof site === 'object' ? (site as { url?: unknown }).url : undefined;
  if (url === undefined || url === null) return undefined;
  const parsed = siteUrlSchema.safeParse(url);
  if (!parsed.success) {
    const label = path.relative(process.cwd(), file) || file;
    throw new Error(
      `${label} › site.url: ${parsed.error.issues[0]?.message ?? 'is not a site URL'} (e.g. https://badges.example.org/)`,
    );
  }
  return parsed.data;
}

/**
 * The site URL and where it came from: EMBLEM_SITE_URL, else `site.url` in the issuer file of the content
 * folder (EMBLEM_CONTENT_DIR, or a command's --content), else http://localhost:4321/. Every command, the build
 * and astro.config.mjs read it here, so they agree without anything exported.
 */
export function siteUrlChoice(
  env: NodeJS.ProcessEnv = process.env,
  contentDir = contentDirSetting(env),
): SiteUrlChoice {
  const file = issuerFile(contentDir);
  const fromEnv = setting('EMBLEM_SITE_URL', env);
  if (fromEnv) {
    let fromFile: string | undefined;
    try {
      fromFile = file ? issuerSiteUrl(file) : undefined;
    } catch {
      // The environment wins; the content check still reports the file's bad value.
    }
    const normalised = siteUrlSchema.safeParse(fromEnv);
    const differs = fromFile !== undefined && fromFile !== (normalised.success ? normalised.data : fromEnv);
    return {
      url: fromEnv,
      source: 'EMBLEM_SITE_URL',
      ...(fromFile ? { file } : {}),
      ...(differs ? { overridden: fromFile } : {}),
    };
  }
  const fromFile = file ? issuerSiteUrl(file) : undefined;
  return fromFile ? { url: fromFile, source: 'site.url', file } : { url: DEFAULT_SITE_URL, source: 'default' };
}

/** The site URL (see siteUrlChoice). */
export function siteUrlSetting(env: NodeJS.ProcessEnv = process.env, contentDir = contentDirSetting(env)): string {
  return siteUrlChoice(env, contentDir).url;
}

/** One line for logs: the URL and the setting it came from. */
export function describeSiteUrl(choice: SiteUrlChoice, cwd = process.cwd()): string {
  const file = choice.file ? path.relative(cwd, choice.file) || choice.file : 'the issuer file';
  if (choice.source === 'site.url') return `${choice.url} (site.url in ${file})`;
  if (choice.source === 'default')
    return `${choice.url} (the default for npm run preview: set site.url in the issuer file or EMBLEM_SITE_URL to publish)`;
  return `${choice.url} (EMBLEM_SITE_URL${choice.overridden ? `, over site.url ${choice.overridden} in ${file}` : ''})`;
}

export function contentDirSetting(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, setting('EMBLEM_CONTENT_DIR', env) ?? 'content');
}

/**
 * Astro's working folder (its .astro/, where it writes the content modules of the folder it builds): the
 * project, or EMBLEM_ASTRO_ROOT so that builds of other content can run at the same time in one checkout.
 *
 * Astro needs that folder inside the project: it resolves its own packages from it, and takes an absolute
 * source path that shares no folder with it for one relative to it (`/tmp/x/work/project/src/…`). A folder
 * named outside the project therefore stands for one of its own under `.emblem/astro-roots/`.
 */
export function astroRootSetting(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const project = path.resolve(cwd);
  const root = path.resolve(project, setting('EMBLEM_ASTRO_ROOT', env) ?? '.');
  const relative = path.relative(project, root);
  if (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)) return root;
  return path.join(project, '.emblem', 'astro-roots', createHash('sha256').update(root).digest('hex').slice(0, 16));
}

export function buildMoment(env: NodeJS.ProcessEnv = process.env): Date {
  const moment = setting('EMBLEM_NOW', env);
  return moment ? new Date(moment) : new Date();
}

/** The folder of the caches kept between builds (EMBLEM_BUILD_CACHE), absolute. */
export function buildCacheDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, setting('EMBLEM_BUILD_CACHE', env) ?? '.emblem/cache');
}
