/**
 * The site manifest waits in the build cache until the new site is in place
 * (src/steps/site-files/site-manifest.ts): published then, and a build that
 * writes none (the pages-only benchmark) leaves the last one as it is.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pendingManifest, publishManifest } from '../../../../src/steps/site-files/site-manifest.ts';

test('the pending manifest replaces the last one; without one, the last one stays', async (t) => {
  const cache = mkdtempSync(path.join(os.tmpdir(), 'emblem-manifest-'));
  t.after(() => rmSync(cache, { recursive: true, force: true }));
  const built = path.join(cache, 'site-manifest.tsv');
  writeFileSync(built, 'the last site\n');
  await publishManifest(cache);
  assert.equal(readFileSync(built, 'utf8'), 'the last site\n', 'nothing pending: unchanged, no error');
  writeFileSync(pendingManifest(cache), 'this site\n');
  await publishManifest(cache);
  assert.equal(readFileSync(built, 'utf8'), 'this site\n');
  assert.equal(existsSync(pendingManifest(cache)), false);
});
