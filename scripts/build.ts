/**
 * npm run build [-- --out DIR]
 *
 * Builds the site into a staging folder and swaps it in only when every step
 * (pages, credentials, cards, privacy check) succeeded: a failed build leaves
 * the last good site untouched.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'astro';

const { values } = parseArgs({ options: { out: { type: 'string', default: process.env.EMBLEM_DIST || 'dist' } } });
const root = process.cwd();
const target = path.resolve(root, values.out!);
const work = path.resolve(root, '.emblem');
const staging = path.join(work, `staging-${process.pid}`);
await mkdir(work, { recursive: true });

process.env.EMBLEM_OUT_DIR = staging;
const started = performance.now();
try {
  await build({ root, logLevel: process.env.EMBLEM_LOG_LEVEL === 'silent' ? 'silent' : 'info' });
} catch (error) {
  await rm(staging, { recursive: true, force: true });
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    `\nBuild failed; ${existsSync(target) ? `the previous site in ${path.relative(root, target)}/ was left as it was` : 'nothing was written'}.\n\n${message}`,
  );
  process.exit(1);
}

// Swap: two renames on one file system, so the target is never half-written.
const previous = path.join(work, `previous-${process.pid}`);
if (existsSync(target)) await rename(target, previous);
await mkdir(path.dirname(target), { recursive: true });
await rename(staging, target);
await rm(previous, { recursive: true, force: true });
console.log(`\nSite written to ${path.relative(root, target) || '.'}/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
