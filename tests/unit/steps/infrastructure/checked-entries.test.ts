/**
 * Cache entries checked by an earlier build are not read again while their
 * file is untouched (src/steps/infrastructure/cache-entry.ts, CheckedEntries); any write,
 * even one that keeps the size and puts the modification time back, and any
 * copy (a CI cache restored) makes them be checked again. Entries and
 * records are sealed with a key derived from the signing key: what a writer
 * without it put in the cache is never used.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { cacheSealFrom, CheckedEntries, LinkedFiles } from '../../../../src/steps/infrastructure/cache-entry.ts';

const seal = cacheSealFrom('z-the-signing-key-of-these-builds');

test('a checked entry holds until its file is written or replaced, whatever its times say', (t) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'emblem-checked-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const entries = path.join(folder, 'cards');
  mkdirSync(entries);
  const name = 'entry.png';
  const file = path.join(entries, name);
  writeFileSync(file, 'the checked bytes');

  const first = CheckedEntries.load(entries, seal);
  assert.equal(first.holds(file, name), false, 'nothing is checked in a new cache');
  assert.equal(first.record(file, name), 'the checked bytes'.length);
  first.save(entries, seal);
  assert.equal(CheckedEntries.load(entries, seal).holds(file, name), true, 'untouched since the check');

  // The same size, and the modification time put back: the change time still moves.
  const { atime, mtime } = statSync(file);
  writeFileSync(file, 'the changed bytes');
  utimesSync(file, atime, mtime);
  assert.equal(CheckedEntries.load(entries, seal).holds(file, name), false, 'written in place');

  first.record(file, name);
  first.save(entries, seal);
  assert.equal(CheckedEntries.load(entries, seal).holds(file, name), true);
  // A restored cache: the same bytes and times in a new file.
  copyFileSync(file, `${file}.copy`);
  utimesSync(`${file}.copy`, atime, mtime);
  rmSync(file);
  copyFileSync(`${file}.copy`, file);
  utimesSync(file, atime, mtime);
  assert.equal(CheckedEntries.load(entries, seal).holds(file, name), false, 'replaced by a copy');
  assert.equal(CheckedEntries.load(entries, seal).holds(path.join(entries, 'missing.png'), 'missing.png'), false);
});

test('records a build without the signing key wrote, or edited since, are not trusted', (t) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'emblem-checked-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const entries = path.join(folder, 'award-pages');
  mkdirSync(entries);
  const name = 'entry.html';
  const file = path.join(entries, name);
  writeFileSync(file, '<p>a poisoned page</p>');
  // An attacker who can write the cache (and stat its files) records the poisoned file as checked.
  const forged = CheckedEntries.load(entries, cacheSealFrom('z-someone-else'));
  forged.record(file, name);
  forged.save(entries, cacheSealFrom('z-someone-else'));
  assert.equal(CheckedEntries.load(entries, seal).holds(file, name), false, 'sealed with another key');

  const ours = CheckedEntries.load(entries, seal);
  ours.record(file, name);
  ours.save(entries, seal);
  assert.equal(CheckedEntries.load(entries, seal).holds(file, name), true);
  // The records edited in place, seal file left alone.
  const records = `${entries}.checked.json`;
  writeFileSync(records, readFileSync(records, 'utf8').replace('entry.html', 'other.html'));
  assert.equal(CheckedEntries.load(entries, seal).holds(file, name), false, 'edited after sealing');
});

test('kept credential files: an assertion substituted under its key (changed recipient, digest recomputed) is not taken', (t) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'emblem-linked-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const cache = path.join(folder, 'credentials');
  const out = path.join(folder, 'out');
  mkdirSync(out);
  const key = 'a'.repeat(64);
  const assertion = Buffer.from(
    '{"recipient":{"identity":"sha256$ours"},"evidence":[{"id":"https://issuer.example.org/"}]}\n',
  );
  new LinkedFiles(cache, '.json', seal).place(key, path.join(out, 'first.json'), assertion);
  assert.ok(
    new LinkedFiles(cache, '.json', seal).take(key, path.join(out, 'second.json'))?.bytes.equals(assertion),
    'our own entry is taken',
  );

  // Someone with write access to the cache: other bytes, the name's key kept and its digest recomputed.
  const [name] = readdirSync(cache);
  const forged = Buffer.from(
    '{"recipient":{"identity":"sha256$theirs"},"evidence":[{"id":"https://phish.example.net/"}]}\n',
  );
  rmSync(path.join(cache, name!));
  writeFileSync(
    path.join(
      cache,
      name!.replace(/^([0-9a-f]{64})-[0-9a-f]{64}/, `$1-${createHash('sha256').update(forged).digest('hex')}`),
    ),
    forged,
  );
  assert.equal(new LinkedFiles(cache, '.json', seal).take(key, path.join(out, 'third.json')), undefined);
  // Nor is an entry sealed under another signing key.
  new LinkedFiles(cache, '.json', cacheSealFrom('z-another-key')).place(key, path.join(out, 'fourth.json'), forged);
  assert.equal(new LinkedFiles(cache, '.json', seal).take(key, path.join(out, 'fifth.json')), undefined);
});
