/**
 * Cache entries checked by an earlier build are not read again while their
 * file is untouched (src/build/cache-entry.ts, CheckedEntries); any write,
 * even one that keeps the size and puts the modification time back, and any
 * copy (a CI cache restored) makes them be checked again.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CheckedEntries } from '../../src/build/cache-entry.ts';

test('a checked entry holds until its file is written or replaced, whatever its times say', (t) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'emblem-checked-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const entries = path.join(folder, 'cards');
  mkdirSync(entries);
  const name = 'entry.png';
  const file = path.join(entries, name);
  writeFileSync(file, 'the checked bytes');

  const first = CheckedEntries.load(entries);
  assert.equal(first.holds(file, name), false, 'nothing is checked in a new cache');
  assert.equal(first.record(file, name), 'the checked bytes'.length);
  first.save(entries);
  assert.equal(CheckedEntries.load(entries).holds(file, name), true, 'untouched since the check');

  // The same size, and the modification time put back: the change time still moves.
  const { atime, mtime } = statSync(file);
  writeFileSync(file, 'the changed bytes');
  utimesSync(file, atime, mtime);
  assert.equal(CheckedEntries.load(entries).holds(file, name), false, 'written in place');

  first.record(file, name);
  first.save(entries);
  assert.equal(CheckedEntries.load(entries).holds(file, name), true);
  // A restored cache: the same bytes and times in a new file.
  copyFileSync(file, `${file}.copy`);
  utimesSync(`${file}.copy`, atime, mtime);
  rmSync(file);
  copyFileSync(`${file}.copy`, file);
  utimesSync(file, atime, mtime);
  assert.equal(CheckedEntries.load(entries).holds(file, name), false, 'replaced by a copy');
  assert.equal(CheckedEntries.load(entries).holds(path.join(entries, 'missing.png'), 'missing.png'), false);
});
