/**
 * Astro's caches must never change the output: building another content
 * folder first (same text at another path) and then this one gives the same
 * pages as a build with a clean cache. Before each content folder had a cache
 * of its own, the second build rendered the first folder's MDX files and the
 * FAQ lost its question list and FAQPage structured data.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pagesContent } from '../helpers/pages-content.ts';
import { buildSite, projectRoot, runBuild } from '../helpers/site-build.ts';

const SITE = 'https://badges.example.org/';

describe('Astro cache', () => {
  test('a build after one of another content folder equals a clean build', () => {
    const content = pagesContent();
    const other = path.join(projectRoot, '.tmp/astro-cache-test/other-content');
    const shared = path.join(projectRoot, '.tmp/astro-cache-test/shared-cache');
    rmSync(path.dirname(other), { recursive: true, force: true });
    cpSync(content, other, { recursive: true });
    const build = (contentDir: string, name: string, cache: string) => {
      const result = runBuild({
        contentDir,
        siteUrl: SITE,
        outDir: path.join(projectRoot, '.tmp/astro-cache-test', name),
        env: { EMBLEM_CACHE_DIR: cache },
      });
      assert.equal(result.status, 0, result.stdout + result.stderr);
      return result.outDir;
    };
    build(other, 'first', shared);
    const second = build(content, 'second', shared);
    // The clean build: the suite's shared build of this content and site URL, whose Astro cache is its own.
    const clean = buildSite({ contentDir: content, siteUrl: SITE });
    for (const page of ['faq/index.html', 'en/faq/index.html', 'claim-guide/index.html', 'en/claim-guide/index.html']) {
      const got = readFileSync(path.join(second, page), 'utf8');
      assert.match(got, /"@type":"FAQPage"|claim/, `${page} has its content`);
      assert.equal(got, readFileSync(path.join(clean, page), 'utf8'), `${page} is as in a clean build`);
    }
    assert.match(readFileSync(path.join(second, 'en/faq/index.html'), 'utf8'), /"@type":"FAQPage"/);
    rmSync(path.dirname(other), { recursive: true, force: true });
  });
});
