/**
 * npm run bench -- [--count 10000] [--pages-only]
 *
 * Measures a build of N synthetic awards against a plain Astro build of as
 * many trivial pages as the award build wrote, in the same run on the same
 * machine, with /usr/bin/time -v (wall time, and peak memory of the largest
 * process). Prints a table; the target is pages-only <= 1.5x the plain build.
 */
import { spawnSync } from 'node:child_process';
import { globSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, 'pages-only': { type: 'boolean', default: false } } });
const count = Number(values.count);
const root = process.cwd();
const bench = path.join(root, '.tmp/bench');
const node = process.execPath;

interface Measure {
  label: string;
  seconds: number;
  peakMiB: number;
}

function timed(label: string, args: string[], env: Record<string, string> = {}): Measure {
  const result = spawnSync('/usr/bin/time', ['-v', node, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(result.stderr)!;
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const peakKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)![1]);
  return { label, seconds, peakMiB: peakKiB / 1024 };
}

// 1. Content: N synthetic awards.
spawnSync(node, ['scripts/generate-awards.ts', '--count', String(count), '--out', path.join(bench, 'content')], { stdio: 'inherit' });

const emblemEnv = (cache: string) => ({
  EMBLEM_CONTENT_DIR: path.join(bench, 'content'),
  EMBLEM_SITE_URL: 'https://badges.example.org/',
  EMBLEM_CACHE_DIR: path.join(bench, `astro-cache-${cache}`),
  EMBLEM_BUILD_CACHE: path.join(bench, `build-cache-${cache}`),
  EMBLEM_LOG_LEVEL: 'silent',
});
for (const dir of ['astro-cache-pages', 'build-cache-pages', 'astro-cache-full', 'build-cache-full'])
  rmSync(path.join(bench, dir), { recursive: true, force: true });

// 2. Emblem, pages only (no credentials, cards or link check): the page build alone.
const pagesOnly = timed(`Emblem pages only, ${count} awards`, ['scripts/build.ts', '--out', path.join(bench, 'dist-pages')], {
  ...emblemEnv('pages'),
  EMBLEM_PAGES_ONLY: '1',
});
const pageCount = globSync('**/index.html', { cwd: path.join(bench, 'dist-pages') }).length;

// 3. Baseline: a plain Astro project with as many trivial static pages.
const plain = path.join(bench, 'plain');
rmSync(plain, { recursive: true, force: true });
mkdirSync(path.join(plain, 'src/pages'), { recursive: true });
writeFileSync(
  path.join(plain, 'astro.config.mjs'),
  "import { defineConfig } from 'astro/config';\nexport default defineConfig({ devToolbar: { enabled: false } });\n",
);
writeFileSync(
  path.join(plain, 'src/pages/[id].astro'),
  `---\nexport function getStaticPaths() {\n  return Array.from({ length: ${pageCount} }, (_, i) => ({ params: { id: String(i) } }));\n}\nconst { id } = Astro.params;\n---\n<html lang="en"><head><title>Page {id}</title></head><body><h1>Page {id}</h1></body></html>\n`,
);

const results: Measure[] = [];
results.push(timed(`plain Astro, ${pageCount} trivial pages`, ['node_modules/astro/bin/astro.mjs', 'build', '--root', plain, '--silent']));
results.push(pagesOnly);
if (!values['pages-only']) {
  results.push(timed(`Emblem full build, cold caches`, ['scripts/build.ts', '--out', path.join(bench, 'dist-full')], emblemEnv('full')));
  results.push(timed(`Emblem full build, warm caches`, ['scripts/build.ts', '--out', path.join(bench, 'dist-full')], emblemEnv('full')));
}

const base = results[0]!.seconds;
console.log(`\n${'build'.padEnd(44)} ${'wall s'.padStart(8)} ${'x plain'.padStart(8)} ${'peak MiB'.padStart(9)}`);
for (const r of results)
  console.log(`${r.label.padEnd(44)} ${r.seconds.toFixed(1).padStart(8)} ${(r.seconds / base).toFixed(2).padStart(8)} ${r.peakMiB.toFixed(0).padStart(9)}`);
console.log(`\nEmblem wrote ${pageCount} HTML pages for ${count} awards (the rest are private, pending or without a badge).`);
console.log(`machine: ${(await import('node:os')).cpus().length} cores, Node ${process.version}`);
