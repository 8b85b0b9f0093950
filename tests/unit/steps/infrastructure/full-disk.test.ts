/**
 * A build cache on a full disk (src/steps/infrastructure/cache-entry.ts): one sentence that
 * names the folder and what to do, and no partial file left behind. The disk
 * is a real one: a tmpfs of a few kilobytes, mounted for the test (root only;
 * skipped elsewhere).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cacheSealFrom, writeEntry } from '../../../../src/steps/infrastructure/cache-entry.ts';
import { tinyDisk } from '../../../helpers/tiny-disk.ts';

test('a cache entry that does not fit on its disk fails with one sentence naming the folder, and leaves no partial file', (t) => {
  const disk = tinyDisk(t, '64k');
  if (!disk) return t.skip('cannot mount a tmpfs here (not root)');
  const cards = path.join(disk, 'cache', 'cards');
  mkdirSync(cards, { recursive: true });
  const key = 'a'.repeat(64);
  assert.throws(
    () => writeEntry(cards, key, Buffer.alloc(256 * 1024, 1), '.png', cacheSealFrom('z-a-test-key')),
    (error: Error) => {
      assert.match(
        error.message,
        new RegExp(
          `^The disk holding the build cache folder ${cards.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is full \\(ENOSPC\\)`,
        ),
      );
      assert.match(error.message, /EMBLEM_BUILD_CACHE/);
      assert.doesNotMatch(error.message, /\n/, 'one sentence, one line');
      return true;
    },
  );
  assert.deepEqual(readdirSync(cards), [], 'no partial file is left');
});
