/**
 * The card step's content-hash cache, on real worker threads: a warm build
 * draws nothing, a changed input redraws only its cards, stale entries go,
 * and a damaged entry is never published: it is drawn again.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import sharp from 'sharp';
import CRC32 from 'crc-32';
import { cacheSealFrom, entryName } from '../../src/steps/infrastructure/cache-entry.ts';
import { cardBatches, cardJobs, writeCardSet, type CardJob, type CardTask } from '../../src/steps/cards/cards.ts';
import { fixtureModel, fixtureUrls } from '../helpers/fixture-model.ts';
import { projectRoot } from '../helpers/site-build.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'emblem-cards-'));
const outDir = path.join(work, 'out');
const cacheDir = path.join(work, 'cache');
after(() => rmSync(work, { recursive: true, force: true }));

// Two awards and two certifications, with artwork copied so the test can change it.
const artworkDir = path.join(work, 'artwork');
mkdirSync(artworkDir, { recursive: true });
const jobs: CardJob[] = cardJobs(fixtureModel(), fixtureUrls, path.join(projectRoot, 'public'))
  .filter((job) => /0001\/|0004\/|cloud-fundamentals\/|security-specialty\//.test(job.output))
  .map((job) => {
    const copy = path.join(artworkDir, path.basename(job.artworkFile));
    copyFileSync(job.artworkFile, copy);
    return { ...job, artworkFile: copy };
  });

// The seal of a build's cache (cache-entry.ts): any fixed key stands for the signing key's.
const seal = cacheSealFrom('z-test-signing-key-for-the-card-cache');
const cacheEntries = () => readdirSync(path.join(cacheDir, 'cards')).sort();
const card = (job: CardJob) => readFileSync(path.join(outDir, job.output));

describe('card cache', () => {
  test('cold: every card drawn on the pool, each a 1200x630 PNG', async () => {
    const result = await writeCardSet(jobs, outDir, cacheDir, { seal, workers: 2 });
    assert.equal(jobs.length, 4);
    assert.deepEqual([result.drawn, result.fromCache], [4, 0]);
    for (const job of jobs) {
      const meta = await sharp(card(job)).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['png', 1200, 630]);
    }
    assert.equal(cacheEntries().length, 4);
  });

  test('warm: nothing drawn, the same bytes written', async () => {
    const before = jobs.map(card);
    rmSync(outDir, { recursive: true });
    const result = await writeCardSet(jobs, outDir, cacheDir, { seal, workers: 2 });
    assert.deepEqual([result.drawn, result.fromCache], [0, 4]);
    jobs.forEach((job, i) => {
      assert.ok(card(job).equals(before[i]!), job.output);
    });
  });

  test('a changed name redraws that card only, and its old cache entry is pruned', async () => {
    const old = cacheEntries();
    const changed = jobs.map((job, i) =>
      i === 0 ? { ...job, data: { ...job.data, recipient: '김민지 (개명)' } } : job,
    );
    const result = await writeCardSet(changed, outDir, cacheDir, { seal, workers: 2 });
    assert.deepEqual([result.drawn, result.fromCache], [1, 3]);
    const now = cacheEntries();
    assert.equal(now.length, 4);
    assert.equal(now.filter((e) => !old.includes(e)).length, 1);
  });

  test('changed artwork redraws every card that shows it', async () => {
    const target = jobs[0]!.artworkFile;
    appendFileSync(target, '\n<!-- recoloured -->\n');
    const users = jobs.filter((j) => j.artworkFile === target).length;
    const result = await writeCardSet(jobs, outDir, cacheDir, { seal, workers: 2 });
    assert.equal(result.drawn, users);
    assert.ok(users >= 2, 'the award and its certification share the artwork');
  });
});

describe('damaged cache entries are drawn again, never published', () => {
  const fresh = new Map<string, Buffer>();
  const entryFile = (name: string) => path.join(cacheDir, 'cards', name);
  /** The cache entry that holds a job's card (matched by bytes). */
  const entryOf = (job: CardJob) => cacheEntries().find((name) => readFileSync(entryFile(name)).equals(card(job)))!;

  test('a fresh build fills the cache', async () => {
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
    const result = await writeCardSet(jobs, outDir, cacheDir, { seal, workers: 2 });
    assert.equal(result.drawn, 4);
    for (const job of jobs) fresh.set(job.output, card(job));
  });

  const damages: [string, (file: string) => void][] = [
    ['truncated to half', (file) => truncateSync(file, Math.floor(readFileSync(file).length / 2))],
    ['truncated to nothing', (file) => truncateSync(file, 0)],
    [
      'one byte changed inside the image data',
      (file) => {
        const bytes = readFileSync(file);
        bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
        writeFileSync(file, bytes);
      },
    ],
    [
      'replaced by another whole card',
      (file) => {
        const other = cacheEntries().find((name) => entryFile(name) !== file)!;
        copyFileSync(entryFile(other), file);
      },
    ],
    [
      'replaced by a valid PNG of another size',
      (file) =>
        writeFileSync(
          file,
          Buffer.from(
            'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
            'base64',
          ),
        ),
    ],
  ];
  for (const [how, damage] of damages) {
    test(`an entry ${how}: redrawn, and every card is identical to the fresh one`, async () => {
      const victim = jobs[1]!;
      const name = entryOf(victim);
      damage(entryFile(name));
      rmSync(outDir, { recursive: true });
      const result = await writeCardSet(jobs, outDir, cacheDir, { seal, workers: 2 });
      for (const job of jobs) {
        assert.ok(card(job).equals(fresh.get(job.output)!), `${job.output} differs from the fresh card`);
        const meta = await sharp(card(job)).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height], ['png', 1200, 630]);
      }
      assert.deepEqual(result.rejected, [name]);
      assert.deepEqual([result.drawn, result.fromCache], [1, 3]);
      assert.ok(readFileSync(entryFile(name)).equals(fresh.get(victim.output)!), 'the cache entry is whole again');
      assert.equal(cacheEntries().length, 4);
    });
  }

  /** A PNG with a tEXt chunk (keyword, text) before its IEND: what a card carrying an earner's email would be. */
  const withText = (png: Buffer, text: string) => {
    const data = Buffer.from(`Comment\0${text}`, 'latin1');
    const chunk = Buffer.alloc(12 + data.length);
    chunk.writeUInt32BE(data.length, 0);
    chunk.write('tEXt', 4, 'latin1');
    data.copy(chunk, 8);
    chunk.writeInt32BE(CRC32.buf(chunk.subarray(4, 8 + data.length)), 8 + data.length);
    return Buffer.concat([png.subarray(0, png.length - 12), chunk, png.subarray(png.length - 12)]);
  };

  test("an entry substituted by another earner's card with an email in a text chunk, named by its own digest: never used", async () => {
    const victim = jobs[1]!;
    const name = entryOf(victim);
    const other = fresh.get(jobs[0]!.output)!;
    const poisoned = withText(other, 'minji@mail.example.com');
    rmSync(entryFile(name));
    writeFileSync(
      entryFile(
        name.replace(/^([0-9a-f]{64})-[0-9a-f]{64}/, `$1-${createHash('sha256').update(poisoned).digest('hex')}`),
      ),
      poisoned,
    );
    rmSync(outDir, { recursive: true });
    const result = await writeCardSet(jobs, outDir, cacheDir, { seal, workers: 2 });
    assert.deepEqual([result.drawn, result.fromCache], [1, 3]);
    for (const job of jobs)
      assert.ok(card(job).equals(fresh.get(job.output)!), `${job.output} differs from the fresh card`);
    assert.equal(cacheEntries().length, 4, 'the planted entry is pruned');
  });

  test('a sealed entry that carries a text chunk is not a card the renderer wrote: drawn again', async () => {
    const victim = jobs[1]!;
    const name = entryOf(victim);
    const key = name.slice(0, 64);
    const poisoned = withText(fresh.get(victim.output)!, 'minji@mail.example.com');
    rmSync(entryFile(name));
    writeFileSync(entryFile(entryName(key, poisoned, '.png', seal)), poisoned);
    rmSync(outDir, { recursive: true });
    const result = await writeCardSet(jobs, outDir, cacheDir, { seal, workers: 2 });
    assert.equal(result.rejected.length, 1);
    assert.ok(card(victim).equals(fresh.get(victim.output)!));
  });

  test('leftovers of an interrupted build (partial files, old entry names) are not used, and are removed', async () => {
    const victim = jobs[2]!;
    const name = entryOf(victim);
    const key = name.slice(0, 64);
    rmSync(entryFile(name));
    writeFileSync(entryFile(`${name}.1-0.partial`), fresh.get(victim.output)!.subarray(0, 100));
    writeFileSync(entryFile(`${key}.png`), fresh.get(victim.output)!.subarray(0, 100));
    rmSync(outDir, { recursive: true });
    const result = await writeCardSet(jobs, outDir, cacheDir, { seal, workers: 2 });
    assert.ok(card(victim).equals(fresh.get(victim.output)!));
    assert.equal(result.drawn, 1);
    assert.deepEqual(
      cacheEntries(),
      [...fresh.values()].map((png) => cacheEntries().find((n) => readFileSync(entryFile(n)).equals(png))!).sort(),
    );
  });
});

test('characters no card font has are reported on cold and warm builds alike', async () => {
  const hebrew = {
    ...jobs[1]!,
    output: 'badges/hebrew/card.png',
    data: { ...jobs[1]!.data, recipient: 'שלום 王小明' },
  };
  const set = [jobs[0]!, hebrew];
  for (const build of ['cold', 'warm']) {
    const result = await writeCardSet(set, outDir, cacheDir, { seal, workers: 1 });
    assert.equal(result.drawn, build === 'cold' ? 1 : 0, build);
    assert.deepEqual(
      result.missingGlyphs,
      [{ output: 'badges/hebrew/card.png', characters: ['ש', 'ל', 'ו', 'ם'] }],
      build,
    );
  }
});

test('pool batches: runs of a frame and palette stay whole on one worker unless long, longest first, every task once', () => {
  const task = (key: string): CardTask => ({ data: {} as CardTask['data'], artworkFile: '', cacheDir: '', key });
  const keys = ['a', 'a', 'a', 'b', ...Array<string>(30).fill('c'), 'd', 'd'];
  const tasks = keys.map(task);
  const batches = cardBatches(tasks, keys, 2); // half a worker's share: ceil(36 / 4) = 9
  for (const batch of batches) assert.equal(new Set(batch.tasks.map((t) => t.key)).size, 1, 'a batch holds one run');
  assert.deepEqual(
    batches.map((b) => [b.tasks[0]!.key, b.tasks.length]),
    [
      ['c', 8],
      ['c', 8],
      ['c', 7],
      ['c', 7],
      ['a', 3],
      ['d', 2],
      ['b', 1],
    ],
  );
  const placed = new Array<CardTask>(tasks.length);
  for (const batch of batches) for (const [i, t] of batch.tasks.entries()) placed[batch.start + i] = t;
  assert.deepEqual(placed, tasks, 'each batch starts where its tasks are');
});
