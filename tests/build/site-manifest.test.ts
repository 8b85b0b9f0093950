/**
 * The site manifest written with each build, `npm run changes` between two
 * builds, and the host profile check.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { parseManifest } from '../../src/lib/site/site-manifest.ts';
import { buildSite, fixtureContent, projectRoot, runBuild } from '../helpers/site-build.ts';
import { tinyDisk } from '../helpers/tiny-disk.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const work = mkdtempSync(path.join(os.tmpdir(), 'emblem-manifest-'));
const cacheDir = path.join(work, 'cache');
const env = { EMBLEM_BUILD_CACHE: cacheDir, EMBLEM_HOST_PROFILE: 'github-pages' };

function changes(...args: string[]) {
  return spawnSync(process.execPath, ['scripts/changes.ts', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, EMBLEM_BUILD_CACHE: cacheDir },
  });
}

describe('site manifest and changes between builds', () => {
  let first: ReturnType<typeof runBuild>;
  before(() => {
    first = runBuild({ env, seedCache: true });
  });

  test('the build reports its footprint and that it fits the named host', () => {
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /site: \d+ files, [\d.]+ [KM]B; per award \d+\.\d files, [\d.]+ KB \(8 awards\)/);
    assert.match(first.stdout, /site fits GitHub Pages/);
  });

  test('the manifest lists every file of the site with its real hash and size', () => {
    const manifest = parseManifest(readFileSync(path.join(cacheDir, 'site-manifest.tsv'), 'utf8'), 'site-manifest.tsv');
    const files = readdirSync(first.outDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(first.outDir, path.join(e.parentPath, e.name)))
      // the test helper marks its cached builds after the build
      .filter((f) => f !== '.emblem-test-build');
    assert.deepEqual([...manifest.keys()].sort(), files.sort());
    for (const file of files) {
      const bytes = readFileSync(path.join(first.outDir, file));
      assert.deepEqual(
        manifest.get(file),
        { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length },
        file,
      );
    }
  });

  test('after one recipient name changes, only that award’s files are listed as changed', () => {
    assert.equal(changes('--mark-deployed').status, 0);
    const content = path.join(work, 'content');
    cpSync(fixtureContent, content, { recursive: true });
    const awardsFile = path.join(content, 'awards/fixture-awards.yaml');
    writeFileSync(awardsFile, readFileSync(awardsFile, 'utf8').replace('name: 김민지,', 'name: 김민지 (Minji Kim),'));
    buildSite({ contentDir: content, env });

    const result = changes('--format', 'json');
    assert.equal(result.status, 0, result.stderr);
    const diff = JSON.parse(result.stdout) as {
      added: string[];
      changed: string[];
      removed: string[];
      unchanged: number;
    };
    // The corrected credential is appended to the issuance log: its partial tiles grow by one entry (docs/transparency.md).
    assert.deepEqual(
      [diff.added, diff.removed],
      [
        ['log/tile/0/000.p/10', 'log/tile/entries/000.p/10'],
        ['log/tile/0/000.p/9', 'log/tile/entries/000.p/9'],
      ],
    );
    assert.ok(diff.changed.includes('log/checkpoint'), 'a new checkpoint');
    const renamed = `badges/${id(1)}/`;
    for (const file of ['index.html', 'card.png', 'credential.json'])
      assert.ok(diff.changed.includes(renamed + file), `${file} changed`);
    const elsewhere = diff.changed.filter((p) => p.startsWith('badges/') && !p.startsWith(renamed));
    assert.deepEqual(elsewhere, [], 'no other award changed');
    assert.ok(diff.unchanged > diff.changed.length);

    const paths = changes('--format', 'paths');
    assert.match(paths.stdout, new RegExp(`^~ ${renamed}index\\.html$`, 'm'));
  });

  test('changes: usage errors exit 2, a missing manifest exits 1', () => {
    assert.equal(changes('--format', 'xml').status, 2);
    const missing = changes('--to', path.join(work, 'nope.tsv'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope\.tsv does not exist/);
  });

  test('a misspelt host profile stops the build before anything is built', () => {
    const out = path.join(work, 'never');
    const result = runBuild({ env: { ...env, EMBLEM_HOST_PROFILE: 'geocities' }, outDir: out });
    assert.notEqual(result.status, 0);
    assert.match(
      result.stdout + result.stderr,
      /EMBLEM_HOST_PROFILE "geocities" is not a known host; use one of github-pages/,
    );
    assert.ok(!existsSync(out));
  });
});

describe('a build whose site does not fit on the output disk', () => {
  test('fails in one sentence naming the disk, leaves the previous site, and keeps the manifest of the published site', (t) => {
    const disk = tinyDisk(t, '256k');
    if (!disk) return t.skip('cannot mount a tmpfs here (not root)');
    const folder = mkdtempSync(path.join(os.tmpdir(), 'emblem-manifest-full-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const cache = path.join(folder, 'cache');
    // The manifest of the site now published, and that site.
    mkdirSync(cache);
    writeFileSync(path.join(cache, 'site-manifest.tsv'), 'published\n');
    const target = path.join(disk, 'site');
    mkdirSync(target);
    writeFileSync(path.join(target, 'index.html'), 'published site');

    const result = runBuild({ outDir: target, seedCache: true, env: { EMBLEM_BUILD_CACHE: cache } });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(
      result.stderr,
      /^Cannot copy the site to .*site\/: the disk holding .* is full \(ENOSPC\); free space on it, or use a folder on another disk\. The previous site was left as it was\.$/m,
    );
    assert.doesNotMatch(result.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
    assert.equal(readFileSync(path.join(target, 'index.html'), 'utf8'), 'published site');
    assert.deepEqual(readdirSync(disk), ['site'], 'no staging folder left on the full disk');
    assert.equal(
      readFileSync(path.join(cache, 'site-manifest.tsv'), 'utf8'),
      'published\n',
      'npm run changes still describes the published site',
    );
    assert.deepEqual(
      readdirSync(cache).filter((f) => f.startsWith('site-manifest')),
      ['site-manifest.tsv'],
      'no manifest of the unpublished site is left',
    );
  });
});

describe('a build whose cache does not fit on its disk', () => {
  test('fails in one sentence naming the cache folder, leaves no partial file, and writes no site', (t) => {
    const disk = tinyDisk(t, '256k');
    if (!disk) return t.skip('cannot mount a tmpfs here (not root)');
    const folder = mkdtempSync(path.join(os.tmpdir(), 'emblem-cache-full-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const cache = path.join(disk, 'cache');
    const target = path.join(folder, 'site');
    const result = runBuild({ outDir: target, env: { EMBLEM_BUILD_CACHE: cache } });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(
      result.stderr,
      /^The disk holding (the build cache folder )?.*cache.* is (full|over its quota) \((ENOSPC|EDQUOT)\)[:;] .*\.$/m,
    );
    assert.doesNotMatch(result.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
    assert.ok(!existsSync(target), 'no site');
    const partial = readdirSync(cache, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.partial'));
    assert.deepEqual(partial, [], 'no partial cache file');
  });
});
