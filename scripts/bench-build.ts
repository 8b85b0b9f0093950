/**
 * npm run bench -- [--count 10000] [--pages-only] [--keep-cache]
 *
 * Measures a build of N synthetic awards against a plain Astro build of as
 * many trivial pages as the award build wrote, in the same run on the same
 * machine, with /usr/bin/time -v (wall time, and peak memory of the largest
 * process, worker threads included). Full builds: cold, warm with nothing
 * changed, and warm with one award changed; each with the seconds of every
 * post-build step. Prints a table; the targets are pages-only <= 1.5x and
 * warm <= 2x the plain build. Warm builds are measured twice: into a new
 * output folder with the build cache kept (a CI runner), and over the last
 * site (a machine that keeps its output, where the award folders are
 * recycled: src/steps/infrastructure/recycled-output.ts).
 *
 * --keep-cache keeps the full build's cache (cards, proofs) from the last run,
 * so the "cold" build is cold for Astro only: for large N on a slow machine.
 */
import { spawnSync } from 'node:child_process';
import { globSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'bench',
  usage: {
    en: `usage: npm run bench -- [--count 10000] [--pages-only] [--keep-cache] [--lang ko|en]

Times a build of N synthetic awards against a plain Astro build of as many trivial pages, in the same run
(wall time, CPU and peak memory with /usr/bin/time -v): cold, warm with nothing changed, warm with one award
changed, each with its step seconds. Prints a table; asserts nothing. Writes under .tmp/bench.
  --count N       synthetic awards (default 10000)
  --pages-only    build the award pages only (no cards, credentials or checks)
  --keep-cache    keep the last run's build cache (cold for Astro only)
Exit: 0 measured, 1 a build failed, 2 usage error.`,
    ko: `사용법: npm run bench -- [--count 10000] [--pages-only] [--keep-cache] [--lang ko|en]

합성 수여 N개의 빌드를 같은 수의 단순한 페이지를 만드는 순수 Astro 빌드와 같은 실행에서 비교합니다
(/usr/bin/time -v로 벽시계 시간, CPU, 최대 메모리): 콜드, 바뀐 것 없는 웜, 수여 하나가 바뀐 웜, 각 단계의 초.
표를 출력할 뿐 판정하지 않습니다. .tmp/bench 아래에 씁니다.
  --count N       합성 수여 수 (기본값 10000)
  --pages-only    수여 페이지만 빌드합니다 (카드, 자격증명, 검사 없음)
  --keep-cache    지난 실행의 빌드 캐시를 유지합니다 (Astro만 콜드)
종료 코드: 0 측정함, 1 빌드 실패, 2 사용법 오류.`,
  },
  options: {
    count: { type: 'string', default: '10000' },
    'pages-only': { type: 'boolean', default: false },
    'keep-cache': { type: 'boolean', default: false },
  },
});
const { values } = cli;
const count = cli.integer('--count', values.count!, 1);
const root = process.cwd();
const bench = path.join(root, '.tmp/bench');
const node = process.execPath;
const loadBefore = (await import('node:os'))
  .loadavg()
  .map((n) => n.toFixed(2))
  .join(' ');

interface Measure {
  label: string;
  seconds: number;
  /** User + system CPU seconds, worker threads included. */
  cpuSeconds: number;
  peakMiB: number;
  /** The build's "step seconds:" line, when it printed one. */
  steps?: string;
  /** The build's footprint line ("site: … per award …"), when it printed one. */
  footprint?: string;
  /** Cards drawn and the seconds of the card step, when the build drew any. */
  cards?: { drawn: number; seconds: number };
}

function timed(label: string, args: string[], env: Record<string, string> = {}): Measure {
  const result = spawnSync('/usr/bin/time', ['-v', node, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(`${label} failed:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(result.stderr)!;
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const peakKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)![1]);
  const cpuSeconds = ['User', 'System'].reduce(
    (sum, kind) => sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(result.stderr)![1]),
    0,
  );
  const steps = /step seconds: (.*)/.exec(result.stdout)?.[1];
  const footprint = /site: (.*per award.*)/.exec(result.stdout)?.[1];
  const cardLine = /social cards: \d+ \((\d+) drawn .* in ([\d.]+) s/.exec(result.stdout);
  const cards =
    cardLine && Number(cardLine[1]) > 0 ? { drawn: Number(cardLine[1]), seconds: Number(cardLine[2]) } : undefined;
  return { label, seconds, cpuSeconds, peakMiB: peakKiB / 1024, steps, footprint, cards };
}

// 1. Content: N synthetic awards.
spawnSync(node, ['scripts/generate-awards.ts', '--count', String(count), '--out', path.join(bench, 'content')], {
  stdio: 'inherit',
});

const emblemEnv = (cache: string) => ({
  EMBLEM_CONTENT_DIR: path.join(bench, 'content'),
  EMBLEM_SITE_URL: 'https://badges.example.org/',
  EMBLEM_CACHE_DIR: path.join(bench, `astro-cache-${cache}`),
  EMBLEM_BUILD_CACHE: path.join(bench, `build-cache-${cache}`),
  EMBLEM_LOG_LEVEL: 'silent',
});
for (const dir of [
  'astro-cache-pages',
  'build-cache-pages',
  'astro-cache-full',
  ...(values['keep-cache'] ? [] : ['build-cache-full']),
])
  rmSync(path.join(bench, dir), { recursive: true, force: true });

// 2. Emblem, pages only (no credentials, cards or link check): the page build alone.
const pagesOnly = timed(
  `Emblem pages only, ${count} awards`,
  ['scripts/build.ts', '--out', path.join(bench, 'dist-pages')],
  {
    ...emblemEnv('pages'),
    EMBLEM_PAGES_ONLY: '1',
  },
);
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
results.push(
  timed(`plain Astro, ${pageCount} trivial pages`, [
    'node_modules/astro/bin/astro.mjs',
    'build',
    '--root',
    plain,
    '--silent',
  ]),
);
results.push(pagesOnly);
if (!values['pages-only']) {
  // Full builds log at info level: the step seconds line is read from their output.
  const fullEnv = { ...emblemEnv('full'), EMBLEM_LOG_LEVEL: 'info' };
  const site = path.join(bench, 'dist-full');
  const fullArgs = ['scripts/build.ts', '--out', site];
  // The output folder and the spare a build keeps beside it (src/steps/infrastructure/recycled-output.ts) start empty.
  for (const folder of [site, path.join(bench, '.dist-full.spare')]) rmSync(folder, { recursive: true, force: true });
  results.push(
    timed(`Emblem full build, cold ${values['keep-cache'] ? 'Astro, kept build cache' : 'caches'}`, fullArgs, fullEnv),
  );
  // As on CI: the build cache kept, the output folder new.
  const ciSite = path.join(bench, 'dist-full-ci');
  rmSync(ciSite, { recursive: true, force: true });
  results.push(timed(`Emblem full build, warm, new output folder`, ['scripts/build.ts', '--out', ciSite], fullEnv));
  rmSync(ciSite, { recursive: true, force: true });
  // A machine that keeps its output: from the second build over the last site on, the award folders are
  // recycled from the one before. This build makes the spare; the next ones are measured.
  timed('settle', fullArgs, fullEnv);
  results.push(timed(`Emblem full build, warm, nothing changed`, fullArgs, fullEnv));
  // One award changed: a recipient's name (its page, card, credential and baked files change).
  const awardsFile = path.join(bench, 'content/awards/generated.json');
  const generated = JSON.parse(readFileSync(awardsFile, 'utf8')) as { awards: { recipient: { name: string } }[] };
  generated.awards[0]!.recipient.name += ' Changed';
  writeFileSync(awardsFile, JSON.stringify(generated));
  results.push(timed(`Emblem full build, warm, one award changed`, fullArgs, fullEnv));
}

const base = results[0]!.seconds;
console.log(
  `\n${'build'.padEnd(44)} ${'wall s'.padStart(8)} ${'x plain'.padStart(8)} ${'CPU s'.padStart(8)} ${'peak MiB'.padStart(9)}`,
);
for (const r of results)
  console.log(
    `${r.label.padEnd(44)} ${r.seconds.toFixed(1).padStart(8)} ${(r.seconds / base).toFixed(2).padStart(8)} ${r.cpuSeconds.toFixed(1).padStart(8)} ${r.peakMiB.toFixed(0).padStart(9)}`,
  );
// The share of each step in the build's wall time: where a build's time goes, at this size.
for (const r of results) {
  if (!r.steps) continue;
  const shares = [...r.steps.matchAll(/(\w+) ([\d.]+) \(peak (\d+) MiB\)/g)].map(
    ([, step, seconds, peak]) =>
      `${step} ${seconds} s (${((Number(seconds) / r.seconds) * 100).toFixed(0)}%, peak ${peak} MiB)`,
  );
  console.log(`${r.label}: ${shares.join(', ')}`);
}
const cold = results.find((r) => r.cards);
if (cold?.cards)
  console.log(
    `cards in the cold build: ${cold.cards.drawn} drawn in ${cold.cards.seconds} s, ${(cold.cards.drawn / cold.cards.seconds).toFixed(1)} cards/s`,
  );
const footprint = results.find((r) => r.footprint)?.footprint;
if (footprint) console.log(`site: ${footprint}`);

console.log(
  `\nEmblem wrote ${pageCount} HTML pages for ${count} awards (the rest are private, pending or without a badge).`,
);
console.log(
  `machine: ${(await import('node:os')).cpus().length} cores, Node ${process.version}, load average before the run ${loadBefore}`,
);
