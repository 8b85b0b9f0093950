/**
 * Award folders recycled from the site a build replaces (src/steps/infrastructure/recycled-output.ts):
 * a build into a folder that held another version of the site must write the
 * same site, byte for byte, as a build into an empty folder, and the spare it
 * keeps must hold nothing the live site does not.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { id } from '../helpers/lifecycle.ts';
import { buildSite, fixtureContent, projectRoot, runBuild } from '../helpers/site-build.ts';

/** Every file under a folder, site-relative, with its bytes. */
function siteFiles(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, file), readFileSync(file));
  }
  return files;
}

test('a build over the award folders of another version of the site writes the site a fresh build writes; the spare keeps only what the live site shares', (t) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'emblem-recycled-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  // Another version: one recipient renamed, and the private award published.
  const other = path.join(folder, 'other-content');
  cpSync(fixtureContent, other, { recursive: true });
  const awardsFile = path.join(other, 'awards/fixture-awards.yaml');
  const PRIVATE = id(6);
  const awards = readFileSync(awardsFile, 'utf8');
  assert.match(awards, /visibility: private\n/);
  writeFileSync(
    awardsFile,
    awards.replace('name: 김민지,', 'name: 김민지 (Minji Kim),').replace(/\n {4}visibility: private\n/, '\n'),
  );

  const site = path.join(folder, 'site');
  const spare = path.join(folder, '.site.spare');
  // One build cache for all three builds into the folder: files that did not change are the same cache entries.
  const env = { EMBLEM_BUILD_CACHE: path.join(folder, 'cache') };
  for (const build of [1, 2]) {
    const result = runBuild({ contentDir: other, outDir: site, seedCache: true, env });
    assert.equal(result.status, 0, `build ${build}:\n${result.stdout}${result.stderr}`);
  }
  assert.ok(
    existsSync(path.join(site, `badges/${PRIVATE}/index.html`)),
    'the other version publishes the private award',
  );
  assert.ok(existsSync(spare), 'the second build keeps the first one as a spare');

  // The fixture itself, into the same folder: its award folders come from the other version.
  const recycled = runBuild({ outDir: site, env });
  assert.equal(recycled.status, 0, recycled.stdout + recycled.stderr);
  assert.match(
    recycled.stdout,
    /award folders: recycled from the site before this one; [1-9]\d* file\(s\) or folder\(s\) no step placed removed/,
  );
  const fresh = runBuild({ outDir: path.join(folder, 'fresh'), env });
  assert.equal(fresh.status, 0, fresh.stdout + fresh.stderr);

  const built = siteFiles(site);
  const expected = siteFiles(fresh.outDir);
  assert.deepEqual([...built.keys()].sort(), [...expected.keys()].sort(), 'the same files');
  const differing = [...expected].filter(([file, bytes]) => !built.get(file)!.equals(bytes)).map(([file]) => file);
  assert.deepEqual(differing, [], 'the same bytes');
  assert.ok(!existsSync(path.join(site, `badges/${PRIVATE}`)), 'the private award has no folder');

  // The spare now: the other version's award folders, cut down to the files the live site shares.
  assert.deepEqual(readdirSync(spare), ['badges']);
  assert.ok(!existsSync(path.join(spare, `badges/${PRIVATE}`)), 'no folder of an award the live site does not publish');
  const kept = [...siteFiles(spare).keys()];
  assert.ok(kept.length > 0, 'unchanged files are kept');
  for (const file of kept) {
    assert.equal(
      statSync(path.join(spare, file)).ino,
      statSync(path.join(site, file)).ino,
      `${file} is the live site's file`,
    );
  }
  assert.ok(
    !kept.some((file) => file.startsWith(`badges/${id(1)}/index.html`)),
    "the renamed recipient's old page is not kept",
  );
});

test('links planted in the spare are never followed: nothing is written outside the output, and the site is the one a fresh build writes', (t) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'emblem-recycled-links-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  // Outside the output: a folder and files that the planted links lead to.
  const outside = path.join(folder, 'outside');
  mkdirSync(outside);
  for (const file of ['keep.txt', 'page.html', 'card.png', 'credential.json'])
    writeFileSync(path.join(outside, file), `outside ${file}`);
  const outsideBefore = siteFiles(outside);
  const spareAwards = path.join(folder, '.site.spare/badges');
  mkdirSync(path.join(spareAwards, id(2)), { recursive: true });
  // Folder variant: an award's folder is a link to the outside folder.
  symlinkSync(outside, path.join(spareAwards, id(1)));
  // File variants: an award's files are links (and a hard link) to outside files.
  symlinkSync(path.join(outside, 'page.html'), path.join(spareAwards, id(2), 'index.html'));
  symlinkSync(path.join(outside, 'card.png'), path.join(spareAwards, id(2), 'card.png'));
  symlinkSync(outside, path.join(spareAwards, id(2), 'assertion.json'));
  linkSync(path.join(outside, 'credential.json'), path.join(spareAwards, id(2), 'credential.json'));
  // A link named like the site a killed build moved aside is not put back as the output.
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
  symlinkSync(outside, path.join(folder, `.site.previous-${deadPid}`));

  const site = path.join(folder, 'site');
  const result = runBuild({ outDir: site, seedCache: true, env: { EMBLEM_BUILD_CACHE: path.join(folder, 'cache') } });
  const outsideAfter = siteFiles(outside);
  assert.deepEqual(
    [...outsideAfter.keys()].sort(),
    [...outsideBefore.keys()].sort(),
    'no file written into the outside folder',
  );
  for (const [file, bytes] of outsideBefore)
    assert.ok(outsideAfter.get(file)!.equals(bytes), `${file} outside is unchanged`);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.doesNotMatch(result.stdout, /Restored/, 'a link is not put back as the output');

  const built = siteFiles(site);
  const fresh = siteFiles(buildSite());
  fresh.delete('.emblem-test-build');
  assert.deepEqual([...built.keys()].sort(), [...fresh.keys()].sort(), 'the same files');
  const differing = [...fresh].filter(([file, bytes]) => !built.get(file)!.equals(bytes)).map(([file]) => file);
  assert.deepEqual(differing, [], 'the same bytes');
  for (const entry of readdirSync(site, { recursive: true, withFileTypes: true })) {
    assert.ok(!entry.isSymbolicLink(), `${path.join(entry.parentPath, entry.name)} is no link`);
  }
});

test('the spare next to the default output folder is ignored by git, and so by the linter', () => {
  for (const file of [
    '.dist.spare/badges/x/index.html',
    '.dist.staging-123/index.html',
    '.dist.previous-123/index.html',
  ]) {
    const result = spawnSync('git', ['check-ignore', '-q', file], { cwd: projectRoot });
    assert.equal(result.status, 0, `${file} is ignored`);
  }
});
