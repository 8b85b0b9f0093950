/**
 * Builds fixture content into a folder under .tmp/builds, through the same
 * `scripts/build.ts` a user runs. Builds with the same options are reused
 * within one `npm test` run (scripts/test.ts clears .tmp/builds first).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const projectRoot = path.resolve(import.meta.dirname, '../..');
export const fixturesDir = path.join(projectRoot, 'tests/fixtures');
export const fixtureContent = path.join(fixturesDir, 'content');
/** Fixed build moment, so award states in fixtures never drift with the calendar. */
export const FIXTURE_NOW = '2026-11-26T00:00:00Z';

export interface BuildOptions {
  contentDir?: string;
  siteUrl?: string;
  now?: string;
  env?: Record<string, string>;
  /** Build into this folder instead of a cached one (for failure tests). */
  outDir?: string;
}

export interface BuildResult {
  outDir: string;
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runBuild(options: BuildOptions = {}): BuildResult {
  const { contentDir = fixtureContent, siteUrl = 'https://badges.example.org/', now = FIXTURE_NOW, env = {} } = options;
  const key = createHash('sha256').update(JSON.stringify({ contentDir, siteUrl, now, env })).digest('hex').slice(0, 12);
  const outDir = options.outDir ?? path.join(projectRoot, '.tmp/builds', key);
  const marker = path.join(outDir, '.emblem-test-build');
  if (!options.outDir && existsSync(marker)) return { outDir, status: 0, stdout: '', stderr: '' };
  // Builds start from the first fixture build's cache (cards, proofs, font subsets) unless a test
  // names its own: entries are content-addressed and checked before reuse, so only what differs is redrawn.
  const buildCache = path.join(projectRoot, '.tmp/build-cache', key);
  const seed = path.join(projectRoot, '.tmp/build-cache-seed');
  const ownCache = env.EMBLEM_BUILD_CACHE !== undefined;
  if (!ownCache && !existsSync(buildCache) && existsSync(seed)) cpSync(seed, buildCache, { recursive: true });
  const result = spawnSync(process.execPath, ['scripts/build.ts', '--out', outDir], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: {
      ...process.env,
      EMBLEM_CONTENT_DIR: contentDir,
      EMBLEM_SITE_URL: siteUrl,
      EMBLEM_NOW: now,
      EMBLEM_CACHE_DIR: path.join(projectRoot, '.tmp/astro-cache', key),
      EMBLEM_BUILD_CACHE: buildCache,
      ...env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status === 0 && !options.outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(marker, '');
  }
  if (result.status === 0 && !ownCache && !existsSync(seed)) cpSync(buildCache, seed, { recursive: true });
  return { outDir, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Builds and throws with the build's output if it failed. */
export function buildSite(options: BuildOptions = {}): string {
  const result = runBuild(options);
  if (result.status !== 0) throw new Error(`fixture build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.outDir;
}
