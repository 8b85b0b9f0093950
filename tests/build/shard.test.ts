/**
 * A build spread over machines: n shards (`scripts/build.ts --shard i/n`, each
 * its own process, all at once) fill one build cache, then a plain build
 * assembles the site from it. The site must be byte for byte the one a single
 * machine builds from the same content at the same moment.
 *
 * Two builds of the fixture of its own (not the shared one): the one-machine
 * build must start from an empty cache too, since proofs cached by earlier
 * runs keep the moment they were made.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { manifestOfFolder } from '../../src/steps/site-files/site-manifest.ts';
import { formatManifest } from '../../src/lib/site/site-manifest.ts';
import { parseShard, shardOf } from '../../src/lib/site/shards.ts';
import { FIXTURE_NOW, fixtureContent, projectRoot, runBuild } from '../helpers/site-build.ts';

const SHARDS = 3;

function runShard(index: number, cacheDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/build.ts', '--shard', `${index}/${SHARDS}`], {
      cwd: projectRoot,
      env: {
        ...process.env,
        EMBLEM_CONTENT_DIR: fixtureContent,
        EMBLEM_SITE_URL: 'https://badges.example.org/',
        EMBLEM_NOW: FIXTURE_NOW,
        EMBLEM_BUILD_CACHE: cacheDir,
      },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('sharded build', () => {
  test('--shard i/n: usage errors exit 2; ids split over the shards by hash', async () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    for (const bad of ['0/3', '4/3', '1/0', 'x', '1/2/3']) assert.throws(() => parseShard(bad), /--shard/);
    const shards = new Set(
      Array.from({ length: 200 }, (_, i) => shardOf(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 4)),
    );
    assert.deepEqual([...shards].sort(), [1, 2, 3, 4]);
    const usage = await new Promise<number | null>((resolve) =>
      spawn(process.execPath, ['scripts/build.ts', '--shard', '5/3'], { cwd: projectRoot }).on('close', resolve),
    );
    assert.equal(usage, 2);
  });

  test(`${SHARDS} shards as separate processes plus the assemble step build the same site as one machine`, async () => {
    const oneCache = path.join(projectRoot, '.tmp/shard-test/one-machine-cache');
    const shardCache = path.join(projectRoot, '.tmp/shard-test/shared-cache');
    for (const dir of [oneCache, shardCache]) rmSync(dir, { recursive: true, force: true });

    const one = runBuild({ env: { EMBLEM_BUILD_CACHE: oneCache } });
    assert.equal(one.status, 0, one.stderr);

    const shards = await Promise.all(Array.from({ length: SHARDS }, (_, i) => runShard(i + 1, shardCache)));
    for (const [i, shard] of shards.entries()) assert.equal(shard.code, 0, `shard ${i + 1}: ${shard.output}`);
    // Every card is drawn by exactly one shard.
    const drawn = shards.map((s) => Number(/social cards: (\d+) \((\d+) drawn/.exec(s.output)?.[2]));
    const total = Number(/social cards: (\d+) \(/.exec(one.stdout)?.[1]);
    assert.equal(
      drawn.reduce((a, b) => a + b, 0),
      total,
    );
    assert.ok(drawn.filter((n) => n > 0).length >= 2, `work spread over the shards: ${drawn.join(', ')}`);

    const assembled = runBuild({ env: { EMBLEM_BUILD_CACHE: shardCache } });
    assert.equal(assembled.status, 0, assembled.stderr);
    // The assemble step drew and signed nothing for awards: the shards did.
    assert.match(assembled.stdout, /social cards: \d+ \(0 drawn/);
    assert.match(assembled.stdout, /credentials: .* (0|1) signed/);

    const [a, b] = await Promise.all([manifestOfFolder(one.outDir), manifestOfFolder(assembled.outDir)]);
    assert.ok(a.size > 50);
    assert.equal(formatManifest(b), formatManifest(a));
  });
});
