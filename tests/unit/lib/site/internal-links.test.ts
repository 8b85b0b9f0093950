/** The internal link checker on small hand-made sites. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractLinks, findBrokenLinks } from '../../../../src/lib/site/internal-links.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';

function check(siteUrl: string, pages: Record<string, string>, otherFiles: string[] = []) {
  const urls = siteUrls(siteUrl);
  const files = new Set([...Object.keys(pages), ...otherFiles]);
  return findBrokenLinks(
    Object.entries(pages).map(([file, html]) => extractLinks(file, html)),
    files,
    urls,
  ).map((b) => `${b.file} ${b.url}: ${b.problem}`);
}

describe('internal links', () => {
  test('links that reach a page, file or anchor pass; external and non-http links are not checked', () => {
    const broken = check(
      'https://badges.example.org/',
      {
        'index.html': `<link rel="canonical" href="https://badges.example.org/"><link rel="alternate" hreflang="en" href="https://badges.example.org/en/">
          <a href="/en/">en</a><a href="en/#q1">rel</a><a href="#top">top</a><p id="top"></p><a href="#">empty</a>
          <img src="/images/logo.svg" srcset="/images/logo.svg 1x, /images/logo@2x.png 2x"><script src="/_astro/a.js"></script>
          <a href="https://elsewhere.example.com/missing/">ext</a><a href="mailto:a@b.example">mail</a><a href="javascript:void 0">js</a>
          <a href="/badges/x/credential.json">json</a><a href="/en/#a&amp;b">encoded</a><a href="/%ED%95%9C/">한</a>`,
        'en/index.html': '<h2 id="q1">Q</h2><a name="a&b"></a>',
        '한/index.html': '',
      },
      ['images/logo.svg', 'images/logo@2x.png', '_astro/a.js', 'badges/x/credential.json'],
    );
    assert.deepEqual(broken, []);
  });

  test('missing pages, files, anchors and slashes are each reported with the page they are on', () => {
    const broken = check('https://badges.example.org/', {
      'faq/index.html': `<a href="/nope/">a</a><a href="/en/#missing">b</a><a href="/en">c</a><img src="../images/gone.png"><a href="https://badges.example.org/also-nope/">d</a>`,
      'en/index.html': '<h2 id="q1">Q</h2>',
    });
    assert.deepEqual(broken, [
      'faq/index.html /nope/: leads to no page or file in the site',
      'faq/index.html /en/#missing: points to #missing, but /en/ has no element with that id',
      'faq/index.html /en: needs a trailing slash (/en/)',
      'faq/index.html ../images/gone.png: leads to no page or file in the site',
      'faq/index.html https://badges.example.org/also-nope/: leads to no page or file in the site',
    ]);
  });

  test('with a base path, a root link that forgets the base is broken', () => {
    const broken = check('https://example.org/program/', {
      'faq/index.html': '<a href="/faq/">x</a><a href="/program/faq/">y</a><a href="../faq/">z</a>',
    });
    assert.deepEqual(broken, ["faq/index.html /faq/: is outside the site's base path /program/"]);
  });
});
