/**
 * The spare a build recycles (src/steps/infrastructure/recycled-output.ts) is a folder anyone
 * who can write next to the output can fill: only real folders and files are
 * taken from it, and no link in it is ever followed.
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { adoptAwardFolders, keepAsSpare } from '../../../../src/steps/infrastructure/recycled-output.ts';

const temp = mkdtempSync(path.join(os.tmpdir(), 'emblem-recycled-unit-'));
after(() => rmSync(temp, { recursive: true, force: true }));
let cases = 0;

/** A case folder: an output Astro built (with only the award shell in badges/) and a folder outside it. */
function setup() {
  const dir = path.join(temp, `case-${++cases}`);
  const outDir = path.join(dir, 'site');
  mkdirSync(path.join(outDir, 'badges/emblem-award-shell'), { recursive: true });
  writeFileSync(path.join(outDir, 'badges/emblem-award-shell/index.html'), 'shell');
  const outside = path.join(dir, 'outside');
  mkdirSync(path.join(outside, 'badges/aaaa'), { recursive: true });
  writeFileSync(path.join(outside, 'keep.txt'), 'outside');
  writeFileSync(path.join(outside, 'badges/aaaa/index.html'), 'outside page');
  return { dir, outDir, outside };
}

/** Every path under a folder, links named as links, never followed. */
function tree(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .map(
      (entry) =>
        `${path.relative(root, path.join(entry.parentPath, entry.name))}${entry.isSymbolicLink() ? ' (link)' : entry.isDirectory() ? '/' : ''}`,
    )
    .sort();
}

describe('adopting the spare', () => {
  test('a spare that is a link is not adopted, and nothing it leads to is moved or removed', async () => {
    const { dir, outDir, outside } = setup();
    const spare = path.join(dir, '.site.spare');
    symlinkSync(outside, spare);
    const before = tree(outside);
    assert.equal(await adoptAwardFolders(spare, outDir), false);
    assert.deepEqual(tree(outside), before);
    assert.deepEqual(tree(path.join(outDir, 'badges')), ['emblem-award-shell/', 'emblem-award-shell/index.html']);
  });

  test('award folders that are links, and entries that are not folders, are dropped; real folders are adopted', async () => {
    const { dir, outDir, outside } = setup();
    const spare = path.join(dir, '.site.spare');
    mkdirSync(path.join(spare, 'badges/real'), { recursive: true });
    writeFileSync(path.join(spare, 'badges/real/index.html'), 'recycled page');
    symlinkSync(path.join(outside, 'badges/aaaa'), path.join(spare, 'badges/linked'));
    symlinkSync(path.join(outside, 'keep.txt'), path.join(spare, 'badges/file-link'));
    writeFileSync(path.join(spare, 'badges/stray-file'), 'x');
    const before = tree(outside);
    assert.equal(await adoptAwardFolders(spare, outDir), true);
    assert.deepEqual(tree(path.join(outDir, 'badges')), [
      'emblem-award-shell/',
      'emblem-award-shell/index.html',
      'real/',
      'real/index.html',
    ]);
    assert.deepEqual(tree(outside), before);
    assert.equal(readFileSync(path.join(outside, 'badges/aaaa/index.html'), 'utf8'), 'outside page');
  });

  test('a badges folder that is a link is not adopted', async () => {
    const { dir, outDir, outside } = setup();
    const spare = path.join(dir, '.site.spare');
    mkdirSync(spare);
    symlinkSync(path.join(outside, 'badges'), path.join(spare, 'badges'));
    const before = tree(outside);
    assert.equal(await adoptAwardFolders(spare, outDir), false);
    assert.deepEqual(tree(outside), before);
  });
});

describe('keeping the replaced site as the spare', () => {
  test('a replaced output that was a link to a folder: the link is dropped, the folder it leads to is left as it was', async () => {
    const { dir, outDir, outside } = setup();
    const previous = path.join(dir, '.site.previous-1');
    symlinkSync(outside, previous);
    const before = tree(outside);
    const spare = path.join(dir, '.site.spare');
    await keepAsSpare(previous, outDir, spare);
    assert.deepEqual(tree(outside), before);
    assert.ok(!existsSync(previous) && !lstatSync(previous, { throwIfNoEntry: false }), 'the link is gone');
    assert.ok(!lstatSync(spare, { throwIfNoEntry: false })?.isSymbolicLink(), 'no spare that is a link');
  });
});
