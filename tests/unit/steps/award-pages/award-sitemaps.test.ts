import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awardSitemapFiles, SITEMAP_MAX_URLS } from '../../../../src/steps/award-pages/award-pages.ts';

test('award pages are listed in sitemaps of at most 50,000 addresses each (the protocol limit), none lost or repeated', () => {
  const urls = Array.from({ length: 2 * SITEMAP_MAX_URLS + 1 }, (_, i) => `https://badges.example.org/badges/${i}/`);
  const files = awardSitemapFiles(urls);
  assert.deepEqual(
    files.map((f) => [f.file, f.urls.length]),
    [
      ['sitemap-awards-0.xml', 50_000],
      ['sitemap-awards-1.xml', 50_000],
      ['sitemap-awards-2.xml', 1],
    ],
  );
  assert.deepEqual(
    files.flatMap((f) => f.urls),
    urls,
  );
  assert.deepEqual(awardSitemapFiles([]), []);
});
