import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { awardPageParts } from '../../src/lib/award-page-html.ts';
import { AWARD_SHELL_ID, compileShell, shellParts } from '../../src/lib/award-shell.ts';
import { html, rawHtml } from '../../src/lib/html.ts';
import { loadContent } from '../../src/lib/content-files.ts';
import { buildSiteModel } from '../../src/lib/site-model.ts';
import { fixtureAward, fixtureModel, fixtureUrls } from '../helpers/fixture-model.ts';
import { FIXTURE_NOW, fixtureContent } from '../helpers/site-build.ts';

const model = fixtureModel();

describe('award page markup', () => {
  test('html`` escapes every interpolated value unless it is markup already', () => {
    const name = `"Dana" <b>O'Neil</b> & co`;
    assert.equal(
      html`<p title="${name}">${name}</p>`.value,
      '<p title="&quot;Dana&quot; &lt;b&gt;O&#39;Neil&lt;/b&gt; &amp; co">&quot;Dana&quot; &lt;b&gt;O&#39;Neil&lt;/b&gt; &amp; co</p>',
    );
    assert.equal(html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value, '<ul><li>a&lt;</li><li>b</li></ul>');
    assert.equal(html`${rawHtml('<br>')}${undefined}${false}${null}${0}`.value, '<br>0');
  });

  test('the shell is filled once per award: id everywhere, title and description escaped, head and main as markup', () => {
    const shell = `<html><head><title>${shellParts.title}</title><meta name="description" content="${shellParts.description}"><link rel="canonical" href="https://x.org/badges/${AWARD_SHELL_ID}/">${shellParts.head}</head><body>${shellParts.main}</body></html>`;
    const fill = compileShell(shell);
    const page = fill('abc', { title: 'A & "B"', description: '<d>', head: '<meta name="x">', main: '<main>M</main>' });
    assert.equal(
      page,
      '<html><head><title>A &amp; &quot;B&quot;</title><meta name="description" content="&lt;d&gt;"><link rel="canonical" href="https://x.org/badges/abc/"><meta name="x"></head><body><main>M</main></body></html>',
    );
    assert.throws(() => compileShell('<html>no slots</html>'), /no id slot/);
  });

  test('dates are <time datetime>; share links that open a new tab say so, in each language', () => {
    const parts = awardPageParts(model, fixtureAward(model, 13), fixtureUrls);
    const award = fixtureAward(model, 13).award;
    assert.ok(award.expires);
    assert.ok(parts.main.includes(`<time datetime="${award.issuedOn.slice(0, 10)}">`));
    assert.ok(parts.main.includes(`<time datetime="${award.expires.slice(0, 10)}">`));
    const links = [...parts.main.matchAll(/<a [^>]*data-share-target="([^"]+)"[^>]*>(.*?)<\/a>/g)];
    assert.ok(links.length >= 8);
    for (const [link, target, text] of links) {
      const newTab = link.includes('target="_blank"');
      assert.equal(newTab, target !== 'email', `${target} opens a new tab unless it is email`);
      assert.equal(/<span class="visually-hidden"> \((새 탭에서 열림|opens in a new tab)\)<\/span>$/.test(text!), newTab, `${target}: ${text}`);
    }
  });

  test('a page changes only when its award does: the build moment is not in it (daily builds would change every page)', () => {
    const content = loadContent(fixtureContent);
    const later = buildSiteModel(content, new Date(Date.parse(FIXTURE_NOW) + 36 * 3600 * 1000));
    let compared = 0;
    for (const entry of model.published) {
      const next = later.publishedById.get(entry.award.id)!;
      if (next.state.status !== entry.state.status) continue;
      compared++;
      assert.deepEqual(awardPageParts(later, next, fixtureUrls), awardPageParts(model, entry, fixtureUrls), `award ${entry.award.id}`);
    }
    assert.ok(compared >= 5, `${compared} awards compared`);
  });

  test('a tricky recipient name is escaped in text, attributes and JSON-LD', () => {
    const parts = awardPageParts(model, fixtureAward(model, 2), fixtureUrls);
    assert.ok(!parts.main.includes('<script>alert(1)</script>'));
    assert.match(parts.main, /<dd class="recipient">Dana &quot;DJ&quot; O&#39;Neil &lt;\/script&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/dd>/);
    const jsonLd = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(parts.head)![1]!;
    assert.ok(!jsonLd.includes('<'), 'no < inside the JSON-LD script');
    const graph = (JSON.parse(jsonLd) as { '@graph': { '@type': string; name?: string }[] })['@graph'];
    assert.equal(graph.find((node) => node['@type'] === 'Person')?.name, `Dana "DJ" O'Neil </script><script>alert(1)</script>`);
  });

  test('a revoked award: noindex, no share links, no downloads, no JSON-LD', () => {
    const parts = awardPageParts(model, fixtureAward(model, 4), fixtureUrls);
    assert.match(parts.head, /<meta name="robots" content="noindex">/);
    assert.ok(!parts.head.includes('application/ld+json'));
    assert.ok(!parts.main.includes('data-share'));
    assert.ok(!parts.main.includes('download='));
    assert.match(parts.main, /data-credential-revoked/);
  });

  test('both languages are in the page, the default one first and shown', () => {
    const { main } = awardPageParts(model, fixtureAward(model, 1), fixtureUrls);
    assert.match(
      main,
      /<div id="ko" class="award-locale" lang="ko" data-locale="ko" data-default="true" data-title="누리테크 클라우드 기초 인증 · 김민지"[ >]/,
    );
    assert.match(
      main,
      /<div id="en" class="award-locale" lang="en" data-locale="en" data-default="false" data-title="NuriTech Certified Cloud Fundamentals · 김민지"[ >]/,
    );
    assert.ok(main.indexOf('id="ko"') < main.indexOf('id="en"'));
  });
});
