/**
 * The post-build steps run in a fresh process after Astro's (src/steps/run-steps.ts):
 * content edited in between must stop the build, not give pages and credentials
 * from two versions of the content.
 */
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { contentDigest, readStepsContent, runHandedOverSteps } from '../../../src/steps/run-steps.ts';
import { FIXTURE_NOW, fixtureContent } from '../../helpers/site-build.ts';

test('content saved between the page build and the post-build steps stops the build, naming the folder', async (t) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'emblem-run-steps-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const contentDir = path.join(folder, 'content');
  cpSync(fixtureContent, contentDir, { recursive: true });
  const saved = process.env.EMBLEM_CONTENT_DIR;
  process.env.EMBLEM_CONTENT_DIR = contentDir;
  t.after(() =>
    saved === undefined ? delete process.env.EMBLEM_CONTENT_DIR : (process.env.EMBLEM_CONTENT_DIR = saved),
  );

  const savedNow = process.env.EMBLEM_NOW;
  process.env.EMBLEM_NOW = FIXTURE_NOW;
  t.after(() => (savedNow === undefined ? delete process.env.EMBLEM_NOW : (process.env.EMBLEM_NOW = savedNow)));

  const atPageBuild = contentDigest(contentDir);
  assert.equal(contentDigest(contentDir), atPageBuild, 'the same files give the same digest');
  // The steps' process reads the content while Astro builds: before the editor's save, and after it.
  const readBefore = readStepsContent();
  const awardFile = path.join(contentDir, 'awards', readdirSync(path.join(contentDir, 'awards'))[0]!);
  appendFileSync(awardFile, '\n# an editor saved this file during the build\n');
  assert.notEqual(contentDigest(contentDir), atPageBuild);
  const readAfter = readStepsContent();

  const handoff = {
    outDir: path.join(folder, 'site'),
    now: new Date(FIXTURE_NOW).toISOString(),
    contentSignature: atPageBuild,
    astroPeakMiB: 0,
  };
  for (const read of [readBefore, readAfter]) {
    await assert.rejects(
      runHandedOverSteps(handoff, read, () => {}),
      (error: Error) => {
        assert.match(error.message, /changed while the pages were built; build again/);
        assert.ok(
          error.message.includes(contentDir) || error.message.includes(path.relative(process.cwd(), contentDir)),
          error.message,
        );
        return true;
      },
    );
  }
});
