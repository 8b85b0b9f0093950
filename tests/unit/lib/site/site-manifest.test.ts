import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  hostLimitWarnings,
  hostProfile,
  HOST_PROFILES,
  type SiteFootprint,
} from '../../../../src/lib/site/host-limits.ts';
import {
  diffManifests,
  footprintOf,
  formatManifest,
  manifestText,
  parseManifest,
  type SiteManifest,
} from '../../../../src/lib/site/site-manifest.ts';

const hash = (c: string) => c.repeat(64);
const manifest = (entries: Record<string, [string, number]>): SiteManifest =>
  new Map(Object.entries(entries).map(([p, [h, bytes]]) => [p, { sha256: hash(h), bytes }]));

describe('site manifest', () => {
  test('round-trips through its text form, sorted by path', () => {
    const m = manifest({ 'index.html': ['a', 10], 'badges/x/card.png': ['b', 20] });
    const text = formatManifest(m);
    assert.deepEqual(
      text
        .split('\n')
        .slice(1, 3)
        .map((l) => l.split('\t')[2]),
      ['badges/x/card.png', 'index.html'],
    );
    assert.deepEqual(parseManifest(text, 'm.tsv'), m);
  });

  test('is written in pieces of whole lines that together are the whole sorted manifest', () => {
    const m = manifest({ e: ['e', 5], a: ['a', 1], d: ['d', 4], b: ['b', 2], c: ['c', 3] });
    const pieces = [...manifestText(m, 2)];
    assert.equal(pieces.length, 4, 'the header, then 2 + 2 + 1 lines');
    for (const piece of pieces) assert.ok(piece.endsWith('\n'), 'no line is cut between pieces');
    const text = pieces.join('');
    assert.deepEqual([...parseManifest(text, 'm.tsv').keys()], ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(parseManifest(text, 'm.tsv'), m);
  });

  test('a malformed line names the file and the line', () => {
    assert.throws(() => parseManifest('# emblem-manifest 1\nnot a line\n', 'old.tsv'), /old\.tsv:2: expected/);
    assert.throws(() => parseManifest('{}', 'old.tsv'), /old\.tsv:1: not an Emblem site manifest/);
  });

  test('lists added, changed and removed files', () => {
    const before = manifest({ 'a.html': ['a', 1], 'b.html': ['b', 1], 'gone.json': ['c', 1] });
    const after = manifest({ 'a.html': ['a', 1], 'b.html': ['d', 2], 'new.png': ['e', 3] });
    assert.deepEqual(diffManifests(before, after), {
      added: ['new.png'],
      changed: ['b.html'],
      removed: ['gone.json'],
      unchanged: 1,
    });
  });

  test('footprint counts the published awards folders apart from the rest', () => {
    const m = manifest({
      'index.html': ['a', 100],
      'badges/one/index.html': ['b', 10],
      'badges/one/card.png': ['c', 30],
      'badges/two/index.html': ['d', 20],
      'badges/stale/index.html': ['e', 5],
    });
    const f = footprintOf(m, ['one', 'two']);
    assert.deepEqual(
      {
        files: f.files,
        bytes: f.bytes,
        awards: f.awards,
        awardFiles: f.awardFiles,
        awardBytes: f.awardBytes,
        largest: f.largestFile?.path,
      },
      { files: 5, bytes: 165, awards: 2, awardFiles: 3, awardBytes: 60, largest: 'index.html' },
    );
  });
});

describe('host limits', () => {
  const site = (over: Partial<SiteFootprint>): SiteFootprint => ({
    files: 100,
    bytes: 1_000_000,
    largestFile: { path: 'index.html', bytes: 1000 },
    awards: 10,
    awardFiles: 70,
    awardBytes: 500_000,
    ...over,
  });

  test('a site within every limit gets no warning on any host', () => {
    for (const profile of HOST_PROFILES) assert.deepEqual(hostLimitWarnings(site({}), profile), [], profile.id);
  });

  test('too many files for Cloudflare Pages: says the limit and how many awards would fit', () => {
    const [warning, ...rest] = hostLimitWarnings(
      site({ files: 64_038, awards: 9_233, awardFiles: 64_031 }),
      hostProfile('cloudflare-pages'),
    );
    assert.equal(rest.length, 0);
    assert.match(warning!, /64,038 files: more than the 20,000 Cloudflare Pages \(free plan\) takes/);
    // 7 files per award, 7 other files: (20,000 - 7) / 6.93… awards.
    assert.match(warning!, /fits about 2,88\d awards/);
  });

  test('too large for GitHub Pages, and a file over a per-file limit', () => {
    const big = site({
      bytes: 1.4 * 1024 ** 3,
      awards: 9_233,
      awardBytes: 1.39 * 1024 ** 3,
      largestFile: { path: 'x.png', bytes: 200 * 1024 ** 2 },
    });
    const warnings = hostLimitWarnings(big, hostProfile('github-pages'));
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /1\.40 GB: more than the 1\.00 GB GitHub Pages publishes/);
    assert.match(warnings[1]!, /x\.png is 200\.0 MB: larger than the 100\.0 MB/);
  });

  test('an unknown host profile is refused with the list of known ones', () => {
    assert.throws(() => hostProfile('geocities'), /not a known host; use one of github-pages, cloudflare-pages/);
  });
});
