import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Parser } from 'htmlparser2';
import { awardPageParts } from '../../../../src/lib/award-page/award-page-html.ts';
import { embedSnippet } from '../../../../src/lib/social/embed.ts';
import { embedMarkup } from '../../../../src/lib/social/embed-markup.ts';
import { awardPageTexts } from '../../../../src/lib/award-page/award-page-text-table.ts';
import {
  AWARD_TEXT_KEYS,
  embedPartsFromPage,
  shareLanguageFromPage,
} from '../../../../src/lib/award-page/award-page-texts.ts';
import { shareLinks } from '../../../../src/lib/social/share-links.ts';
import { SHARE_TARGETS, shareHref, shareInputFromData } from '../../../../src/lib/social/share-urls.ts';
import { AWARD_SHELL_ID, compileShell, shellParts } from '../../../../src/lib/award-page/award-shell.ts';
import { html, rawHtml } from '../../../../src/lib/html.ts';
import { loadContent } from '../../../../src/lib/content/content-files.ts';
import { buildSiteModel } from '../../../../src/lib/site-model.ts';
import { fixtureAward, fixtureModel, fixtureUrls } from '../../../helpers/fixture-model.ts';
import { FIXTURE_NOW, fixtureContent } from '../../../helpers/site-build.ts';

const model = fixtureModel();

interface Element {
  name: string;
  attributes: Record<string, string>;
  /** data-locale of the language version the element is in. */
  locale?: string;
  /** Its text (entities decoded). */
  text: string;
}

/** Every element of some markup with its attributes and text (entities decoded) and language version. */
function elementsOf(markup: string): Element[] {
  const found: Element[] = [];
  const open: Element[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      const element = { name, attributes, locale: attributes['data-locale'] ?? open.at(-1)?.locale, text: '' };
      found.push(element);
      open.push(element);
    },
    ontext(text) {
      for (const element of open) element.text += text;
    },
    onclosetag() {
      open.pop();
    },
  });
  parser.write(markup);
  parser.end();
  return found;
}

describe('award page markup', () => {
  test('html`` escapes every interpolated value unless it is markup already', () => {
    const name = `"Dana" <b>O'Neil</b> & co`;
    assert.equal(
      html`<p title="${name}">${name}</p>`.value,
      '<p title="&quot;Dana&quot; &lt;b&gt;O&#39;Neil&lt;/b&gt; &amp; co">&quot;Dana&quot; &lt;b&gt;O&#39;Neil&lt;/b&gt; &amp; co</p>',
    );
    assert.equal(
      html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value,
      '<ul><li>a&lt;</li><li>b</li></ul>',
    );
    assert.equal(html`${rawHtml('<br>')}${undefined}${false}${null}${0}`.value, '<br>0');
  });

  test('html`` templates are written as indented markup; the layout is not output', () => {
    const title = 'Cloud Fundamentals';
    const page = html`
      <section class="about"
        data-x="1">
        <h2>${title}</h2>
        <p>
          A sentence that goes on
          over two lines.
        </p>
        ${html`<p>${title}</p>`}
      </section>
    `;
    assert.equal(
      page.value,
      '<section class="about" data-x="1"><h2>Cloud Fundamentals</h2><p>A sentence that goes on over two lines.</p><p>Cloud Fundamentals</p></section>',
    );
    assert.equal(html`<p>a b  c</p>`.value, '<p>a b  c</p>', 'whitespace without a line break is kept as written');
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

  test('dates are <time datetime>', () => {
    const parts = awardPageParts(model, fixtureAward(model, 13), fixtureUrls);
    const award = fixtureAward(model, 13).award;
    assert.ok(award.expires);
    assert.ok(parts.main.includes(`<time datetime="${award.issuedOn.slice(0, 10)}">`));
    assert.ok(parts.main.includes(`<time datetime="${award.expires.slice(0, 10)}">`));
  });

  test('the page, its data and the script texts make the links and the snippet the build makes, in each language', () => {
    // Valid, expired (its texts say so), tricky names, no expiry.
    for (const n of [1, 2, 3, 13]) {
      const entry = fixtureAward(model, n);
      const { main } = awardPageParts(model, entry, fixtureUrls);
      const rootTag = /<div class="award-locales"[^>]*>/.exec(main)![0];
      const names = [...rootTag.matchAll(/ ([\w-]+)(?==|[ >])/g)].map((m) => m[1]);
      assert.deepEqual(names, [...new Set(names)], 'no attribute twice on the root');
      for (const locale of ['ko', 'en'] as const) {
        const version = elementsOf(main).filter((e) => e.locale === locale);
        const root = elementsOf(main).find((e) => e.attributes['data-live-status'] !== undefined)!;
        // What the page's script reads of this version (pageFacts in src/browser/award-actions.ts).
        const after = (i: number, name: string) => version.slice(i).find((e) => e.name === name)!;
        const expiryAt = version.findIndex((e) => e.attributes['data-expiry-label'] !== undefined);
        const expiry = version[expiryAt + 2]?.name === 'time' ? version[expiryAt + 2]!.text : undefined;
        const facts = {
          pageUrl: version.find((e) => e.name === 'input' && e.attributes['data-copy-source'] !== undefined)!.attributes
            .value!,
          badge: after(0, 'h1').text,
          issuer: after(
            version.findIndex((e) => e.attributes.class === 'facts'),
            'a',
          ).text,
          recipient: version.find((e) => e.attributes.class === 'recipient')!.text,
          expiry,
          expired: root.attributes['data-built-status'] === 'expired',
        };
        assert.equal(
          expiry !== undefined,
          entry.award.expires !== undefined,
          `award ${n}: the expiry is read when there is one`,
        );
        const texts = awardPageTexts(locale);
        const input = shareInputFromData((name) => root.attributes[name] ?? null, shareLanguageFromPage(facts, texts));
        const made = SHARE_TARGETS.map((target) => ({
          target,
          label: texts.share[target],
          href: shareHref(target, input),
        }));
        assert.deepEqual(made, shareLinks(model, entry, fixtureUrls, locale), `award ${n}, ${locale}`);
        const parts = embedPartsFromPage(facts, root.attributes['data-embed-image']!, texts);
        assert.equal(
          embedMarkup(parts),
          embedSnippet(model, entry, fixtureUrls, locale),
          `award ${n}, ${locale}: snippet`,
        );
      }
    }
  });

  test('what works only with JavaScript is not in the page: the script makes those controls and says those texts', () => {
    // Valid, expired, revoked, retired, no expiry: every published fixture award.
    for (const entry of model.published) {
      const { main } = awardPageParts(model, entry, fixtureUrls);
      const elements = elementsOf(main);
      const where = `award ${entry.award.id}`;
      // Controls: print, share links, copy buttons and their status lines, the embed snippet, the bake buttons.
      for (const name of ['button', 'textarea'])
        assert.ok(!elements.some((e) => e.name === name), `${where}: no <${name}>`);
      // The one <details> is the earner's section, which opens without script; the embed snippet's is the script's.
      const details = elements.filter((e) => e.name === 'details');
      assert.ok(details.length > 0 && details.every((e) => e.attributes['data-earner-tools'] !== undefined), where);
      assert.equal(elements.filter((e) => e.name === 'summary').length, details.length, `${where}: one summary each`);
      const live = elements.filter((e) => e.attributes.role === 'status' && e.name !== 'section');
      assert.deepEqual(live, [], `${where}: no empty status line for a script to fill`);
      assert.ok(
        !elements.some((e) => e.attributes.hidden !== undefined),
        `${where}: nothing hidden until a script shows it`,
      );
      // Texts only the script says, as attributes (the old way) or as text.
      for (const attribute of [
        'data-copied',
        'data-failed',
        'data-new-tab',
        'data-label-expired',
        'data-label-revoked',
        'data-note-expired',
        'data-note-revoked',
        'data-checked',
        'data-check-failed',
        'data-time-locale',
        'data-certificate-kicker',
        'data-bake',
        'data-print-button',
        'data-copy-button',
        'data-share-links',
        'data-embed',
        // What is shared: made from the page's words and the script's texts.
        'data-text',
        'data-subject',
        'data-badge',
        'data-issuer',
      ]) {
        assert.ok(!elements.some((e) => e.attributes[attribute] !== undefined), `${where}: no ${attribute}`);
      }
      for (const locale of ['ko', 'en'] as const) {
        const texts = awardPageTexts(locale);
        // The status labels are also the status as built; templates never appear as written.
        const scriptOnly = (Object.keys(AWARD_TEXT_KEYS) as (keyof typeof AWARD_TEXT_KEYS)[])
          .filter((name) => !['statusExpired', 'statusRevoked', 'expiredLabel'].includes(name))
          .map((name) => texts[name])
          .concat(Object.values(texts.share), Object.values(texts.bake));
        const shown = elements
          .filter((e) => e.locale === locale)
          .map((e) => `${e.text} ${Object.values(e.attributes).join(' ')}`);
        for (const text of scriptOnly)
          assert.ok(!shown.some((s) => s.includes(text)), `${where}, ${locale}: "${text}" is the script's`);
      }
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
      assert.deepEqual(
        awardPageParts(later, next, fixtureUrls),
        awardPageParts(model, entry, fixtureUrls),
        `award ${entry.award.id}`,
      );
    }
    assert.ok(compared >= 5, `${compared} awards compared`);
  });

  test('a tricky recipient name is escaped in text, attributes and JSON-LD', () => {
    const parts = awardPageParts(model, fixtureAward(model, 2), fixtureUrls);
    assert.ok(!parts.main.includes('<script>alert(1)</script>'));
    assert.match(
      parts.main,
      /<dd class="recipient">Dana &quot;DJ&quot; O&#39;Neil &lt;\/script&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/dd>/,
    );
    const jsonLd = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(parts.head)![1]!;
    assert.ok(!jsonLd.includes('<'), 'no < inside the JSON-LD script');
    const graph = (JSON.parse(jsonLd) as { '@graph': { '@type': string; name?: string }[] })['@graph'];
    assert.equal(
      graph.find((node) => node['@type'] === 'Person')?.name,
      `Dana "DJ" O'Neil </script><script>alert(1)</script>`,
    );
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
