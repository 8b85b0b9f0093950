/**
 * node scripts/bench-cards.ts [--cards 200] [--workers N] [--scripts] [--content DIR]
 *
 * Social-card throughput and size on this machine, four ways in one run:
 *   bare   satori + sharp in a plain loop on the main thread, whole card, sharp's
 *          default PNG (the baseline: how cards were drawn and encoded at first)
 *   layers the card step's renderer (a frame and palette per badge, a strip per
 *          card, palette PNG), same thread
 *   cold   the build step with an empty cache (worker pool, one per core)
 *   warm   the build step again with the cache it just filled
 * Cards are award cards from the fixture content with generated names, so
 * every card is different. Prints cards per second and bytes per card for
 * each, CPU time per card, the load average (the machine may be shared) and the
 * process's peak memory (worker threads included). With --scripts, every fourth
 * name is in Han, Devanagari, Arabic, Thai or has emoji (fallback fonts).
 * With --content DIR, the cards are every card of that content folder (awards,
 * certifications, site cards) as they are, e.g. the sample content or a folder
 * from `npm run generate`; --cards then takes only the first N.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseCli } from './lib/cli.ts';
import type { CardJob } from '../src/steps/cards/cards.ts';
import type { CardData } from '../src/lib/social/og-card.ts';

const cli = parseCli({
  command: 'bench:cards',
  usage: {
    en: `usage: npm run bench:cards -- [--cards 200] [--workers N] [--scripts] [--content DIR] [--lang ko|en]

Social-card throughput and size on this machine, four ways: bare satori + sharp, the card renderer on one
thread, the card step cold (worker pool) and warm (its cache). Prints cards per second, bytes and CPU per card.
  --cards N       how many cards (default 200; with --content: all of them)
  --workers N     worker threads of the card step (default one per core)
  --scripts       every fourth name in Han, Devanagari, Arabic, Thai or with emoji
  --content DIR   every card of this content folder instead of generated names
Exit: 0 measured, 1 failure, 2 usage error.`,
    ko: `사용법: npm run bench:cards -- [--cards 200] [--workers N] [--scripts] [--content DIR] [--lang ko|en]

이 기계에서 소셜 카드의 처리량과 크기를 네 가지로 잽니다: satori + sharp 그대로, 한 스레드의 카드 렌더러,
카드 단계 콜드(워커 풀)와 웜(캐시). 초당 카드 수, 카드당 바이트와 CPU를 출력합니다.
  --cards N       카드 수 (기본값 200; --content와 함께면 전부)
  --workers N     카드 단계의 워커 스레드 수 (기본값 코어마다 하나)
  --scripts       네 번째 이름마다 한자, 데바나가리, 아랍, 타이 문자나 이모지
  --content DIR   생성한 이름 대신 이 콘텐츠 폴더의 모든 카드
종료 코드: 0 측정함, 1 실패, 2 사용법 오류.`,
  },
  options: {
    cards: { type: 'string' },
    workers: { type: 'string' },
    scripts: { type: 'boolean', default: false },
    content: { type: 'string' },
  },
});
// What the work needs loads only now: --help and usage errors answer without it.
const { cardFonts } = await import('../src/steps/cards/card-fonts.ts');
const { default: satori } = await import('satori');
const { default: sharp } = await import('sharp');
const { artworkPng, cardPaletteKey, cardRenderer, cardSatoriOptions } = await import(
  '../src/steps/cards/card-render.ts'
);
const { cacheSealFrom } = await import('../src/steps/infrastructure/cache-entry.ts');
const { cardJobs, writeCardSet } = await import('../src/steps/cards/cards.ts');
const { loadContent } = await import('../src/lib/content/content-files.ts');
const { CARD_ARTWORK_SIZE, CARD_HEIGHT, CARD_WIDTH, cardElement } = await import('../src/lib/social/og-card.ts');
const { buildSiteModel } = await import('../src/lib/site-model.ts');
const { siteUrls } = await import('../src/lib/site-urls.ts');
const { values } = cli;
const workers = values.workers ? cli.integer('--workers', values.workers, 1) : undefined;
if (values.cards) cli.integer('--cards', values.cards, 1);

const root = path.resolve(import.meta.dirname, '..');
const model = buildSiteModel(
  loadContent(values.content ? path.resolve(values.content) : path.join(root, 'tests/fixtures/content')),
  new Date('2026-11-26T00:00:00Z'),
);
const all = cardJobs(model, siteUrls('https://badges.example.org/'), path.join(root, 'public'));
const wanted = values.cards ? Number(values.cards) : values.content ? all.length : 200;
const base = all.filter((j) => j.data.recipient);
const family = ['김', '이', '박', '최', '정', '황보', 'Smith', 'Natarajan', 'Okafor', 'García'];
const given = ['민지', '서준', '지호', '은비', 'Alexandra', 'Jun-ho', 'Priya', 'Maximilian Alexander'];
const world = [
  '王小明',
  '李娜',
  '山田 花子',
  'देवनागरी नाम',
  'प्रिया शर्मा',
  'محمد علي',
  'فاطمة الزهراء',
  'สมชาย ใจดี',
  'Dana 👩‍💻 🎉',
];
const jobs: CardJob[] = values.content
  ? all.slice(0, wanted)
  : Array.from({ length: wanted }, (_, i) => {
      const job = base[i % base.length]!;
      const name =
        values.scripts && i % 4 === 3
          ? `${world[Math.floor(i / 4) % world.length]} ${i}`
          : `${family[i % family.length]} ${given[Math.floor(i / family.length) % given.length]} ${i}`;
      return { ...job, output: `badges/${i}/card.png`, data: { ...job.data, recipient: name } };
    });

const count = jobs.length;
const work = await mkdtemp(path.join(tmpdir(), 'emblem-bench-cards-'));
const rate = (n: number, ms: number) => `${(n / (ms / 1000)).toFixed(1)} cards/s`;
try {
  // Baseline: the whole card, satori + sharp, in a plain loop on one thread (no cache, no pool,
  // no layers), as the card step drew it before. Font loading is not counted.
  const fonts = cardFonts();
  const artworkUris = new Map<string, string>();
  for (const job of jobs) {
    const key = `${job.data.mutedArtwork}:${job.artworkFile}`;
    if (!artworkUris.has(key))
      artworkUris.set(
        key,
        `data:image/png;base64,${(await artworkPng(await readFile(job.artworkFile), CARD_ARTWORK_SIZE, job.data.mutedArtwork)).toString('base64')}`,
      );
  }
  const bareCard = async (data: CardData, artworkFile: string) => {
    const svg = await satori(cardElement(data, artworkUris.get(`${data.mutedArtwork}:${artworkFile}`)!) as never, {
      width: CARD_WIDTH,
      height: CARD_HEIGHT,
      ...cardSatoriOptions(fonts, data),
    });
    return sharp(Buffer.from(svg)).png().toBuffer();
  };
  const loop = async (
    name: string,
    draw: (data: CardData, artworkFile: string) => Promise<Buffer>,
    order: CardJob[],
  ) => {
    await draw(order[0]!.data, order[0]!.artworkFile); // warm up the JIT and the memos, like a worker does
    const started = performance.now();
    const cpu = process.cpuUsage();
    let bytes = 0;
    for (const job of order) {
      const target = path.join(work, name, job.output);
      await mkdir(path.dirname(target), { recursive: true });
      const png = await draw(job.data, job.artworkFile);
      bytes += png.length;
      await writeFile(target, png);
    }
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, bytes };
  };
  const loadBefore = loadavg();
  const { ms: bareMs, cpuMs: bareCpu, bytes: bareBytes } = await loop('bare', bareCard, jobs);
  // The card step's renderer (layers), on one thread, in the order the card step sends cards (by frame and palette).
  const renderer = cardRenderer(fonts);
  const byPalette = jobs.toSorted((a, b) => {
    const [ka, kb] = [cardPaletteKey(a.data, a.artworkFile), cardPaletteKey(b.data, b.artworkFile)];
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const {
    ms: layeredMs,
    cpuMs: layeredCpu,
    bytes: layeredBytes,
  } = await loop('layered', (data, artworkFile) => renderer.render(data, artworkFile), byPalette);

  const cacheDir = path.join(work, 'cache');
  // A throw-away seal: the benchmark's cache is its own.
  const seal = cacheSealFrom(randomBytes(32).toString('hex'));
  const coldCpu = process.cpuUsage();
  const cold = await writeCardSet(jobs, path.join(work, 'cold'), cacheDir, { seal, workers });
  const coldUsed = process.cpuUsage(coldCpu);
  const warm = await writeCardSet(jobs, path.join(work, 'warm'), cacheDir, { seal, workers });
  const loadAfter = loadavg();
  let coldBytes = 0;
  for (const job of jobs) coldBytes += (await stat(path.join(work, 'cold', job.output))).size;
  const perCard = (bytes: number) => `${(bytes / count / 1024).toFixed(1)} KB/card`;

  console.log(
    `${count} cards, 1200x630 PNG${values.content ? ` of ${values.content}` : values.scripts ? ', every fourth name in another script' : ''}; ${availableParallelism()} core(s) (${cpus()[0]?.model ?? 'unknown CPU'})`,
  );
  console.log(
    `  bare satori+sharp loop, 1 thread : ${rate(count, bareMs).padStart(16)}  ${perCard(bareBytes)}  (${(bareMs / count).toFixed(1)} ms/card, ${(bareCpu / count).toFixed(1)} ms CPU/card; whole card at once, RGBA PNG)`,
  );
  console.log(
    `  card renderer, 1 thread          : ${rate(count, layeredMs).padStart(16)}  ${perCard(layeredBytes)}  (${(layeredMs / count).toFixed(1)} ms/card, ${(layeredCpu / count).toFixed(1)} ms CPU/card; frame + bottom strip, palette PNG)`,
  );
  console.log(
    `  build step, cold cache           : ${rate(cold.total, cold.milliseconds).padStart(16)}  ${perCard(coldBytes)}  (${cold.drawn} drawn on ${cold.workers} worker(s), pool start-up included; ${((coldUsed.user + coldUsed.system) / 1000 / count).toFixed(1)} ms CPU/card)`,
  );
  console.log(
    `  build step, warm cache           : ${rate(warm.total, warm.milliseconds).padStart(16)}  ${perCard(coldBytes)}  (${warm.drawn} drawn, ${warm.fromCache} copied)`,
  );
  console.log(
    `  cold vs bare: ${(bareMs / cold.milliseconds).toFixed(2)}x; warm vs bare: ${(bareMs / warm.milliseconds).toFixed(0)}x`,
  );
  console.log(
    `  load average (1 min) before/after: ${loadBefore[0]!.toFixed(2)} / ${loadAfter[0]!.toFixed(2)} on ${availableParallelism()} core(s)`,
  );
  console.log(
    `  peak memory (max RSS, worker threads included): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
