/**
 * node scripts/bench-cards.ts [--cards 200] [--workers N] [--scripts]
 *
 * Social-card throughput on this machine, three ways in one run:
 *   bare   satori + sharp in a plain loop on the main thread (the baseline)
 *   cold   the build step with an empty cache (worker pool, one per core)
 *   warm   the build step again with the cache it just filled
 * Cards are award cards from the fixture content with generated names, so
 * every card is different. Prints cards per second for each, and the
 * process's peak memory (worker threads included). With --scripts, every
 * fourth name is in Han, Devanagari, Arabic, Thai or has emoji (fallback fonts).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cardFonts } from '../src/build/card-fonts.ts';
import { cardRenderer } from '../src/build/card-render.ts';
import { cardJobs, writeCardSet, type CardJob } from '../src/build/cards.ts';
import { loadContent } from '../src/lib/content-files.ts';
import { buildSiteModel } from '../src/lib/site-model.ts';
import { siteUrls } from '../src/lib/site-urls.ts';

const { values } = parseArgs({
  options: { cards: { type: 'string', default: '200' }, workers: { type: 'string' }, scripts: { type: 'boolean', default: false } },
});
const count = Number(values.cards);
const workers = values.workers ? Number(values.workers) : undefined;

const root = path.resolve(import.meta.dirname, '..');
const model = buildSiteModel(loadContent(path.join(root, 'tests/fixtures/content')), new Date('2026-11-26T00:00:00Z'));
const base = cardJobs(model, siteUrls('https://badges.example.org/'), path.join(root, 'public')).filter((j) => j.data.recipient);
const family = ['김', '이', '박', '최', '정', '황보', 'Smith', 'Natarajan', 'Okafor', 'García'];
const given = ['민지', '서준', '지호', '은비', 'Alexandra', 'Jun-ho', 'Priya', 'Maximilian Alexander'];
const world = ['王小明', '李娜', '山田 花子', 'देवनागरी नाम', 'प्रिया शर्मा', 'محمد علي', 'فاطمة الزهراء', 'สมชาย ใจดี', 'Dana 👩‍💻 🎉'];
const jobs: CardJob[] = Array.from({ length: count }, (_, i) => {
  const job = base[i % base.length]!;
  const name =
    values.scripts && i % 4 === 3
      ? `${world[Math.floor(i / 4) % world.length]} ${i}`
      : `${family[i % family.length]} ${given[Math.floor(i / family.length) % given.length]} ${i}`;
  return { ...job, output: `badges/${i}/card.png`, data: { ...job.data, recipient: name } };
});

const work = await mkdtemp(path.join(tmpdir(), 'emblem-bench-cards-'));
const rate = (n: number, ms: number) => `${(n / (ms / 1000)).toFixed(1)} cards/s`;
try {
  // Baseline: one thread, no cache, no pool. Font loading is not counted.
  const renderer = cardRenderer(cardFonts());
  await renderer.render(jobs[0]!.data, jobs[0]!.artworkFile); // warm up the JIT and the artwork memo, like a worker does
  const bareOut = path.join(work, 'bare');
  const bareStart = performance.now();
  for (const job of jobs) {
    const target = path.join(bareOut, job.output);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await renderer.render(job.data, job.artworkFile));
  }
  const bareMs = performance.now() - bareStart;

  const cacheDir = path.join(work, 'cache');
  const cold = await writeCardSet(jobs, path.join(work, 'cold'), cacheDir, { workers });
  const warm = await writeCardSet(jobs, path.join(work, 'warm'), cacheDir, { workers });

  console.log(
    `${count} cards, 1200x630 PNG${values.scripts ? ', every fourth name in another script' : ''}; ${availableParallelism()} core(s) (${cpus()[0]?.model ?? 'unknown CPU'})`,
  );
  console.log(`  bare satori+sharp loop, 1 thread : ${rate(count, bareMs).padStart(16)}  (${(bareMs / count).toFixed(1)} ms/card)`);
  console.log(
    `  build step, cold cache           : ${rate(cold.total, cold.milliseconds).padStart(16)}  (${cold.drawn} drawn on ${cold.workers} worker(s), pool start-up included)`,
  );
  console.log(`  build step, warm cache           : ${rate(warm.total, warm.milliseconds).padStart(16)}  (${warm.drawn} drawn, ${warm.fromCache} copied)`);
  console.log(`  cold vs bare: ${(bareMs / cold.milliseconds).toFixed(2)}x; warm vs bare: ${(bareMs / warm.milliseconds).toFixed(0)}x`);
  console.log(`  peak memory (max RSS, worker threads included): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
} finally {
  await rm(work, { recursive: true, force: true });
}
