/**
 * Build settings from the environment, in one place so that astro.config.mjs,
 * content.config.ts and the scripts read them the same way.
 *
 *   EMBLEM_SITE_URL     public URL of the site, with base path if any (the one setting for host and path)
 *   EMBLEM_CONTENT_DIR  content folder (default: ./content)
 *   EMBLEM_NOW          build moment for award states (default: now), ISO 8601
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

export const DEFAULT_SITE_URL = 'http://localhost:4321/';

export function siteUrlSetting(env: NodeJS.ProcessEnv = process.env): string {
  return env.EMBLEM_SITE_URL || DEFAULT_SITE_URL;
}

export function contentDirSetting(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env.EMBLEM_CONTENT_DIR || 'content');
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
  const root = path.resolve(project, env.EMBLEM_ASTRO_ROOT || '.');
  const relative = path.relative(project, root);
  if (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)) return root;
  return path.join(project, '.emblem', 'astro-roots', createHash('sha256').update(root).digest('hex').slice(0, 16));
}

export function buildMoment(env: NodeJS.ProcessEnv = process.env): Date {
  if (!env.EMBLEM_NOW) return new Date();
  const moment = new Date(env.EMBLEM_NOW);
  if (Number.isNaN(moment.getTime())) throw new Error(`EMBLEM_NOW="${env.EMBLEM_NOW}" is not a date-time`);
  return moment;
}
