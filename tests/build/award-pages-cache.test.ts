/**
 * The award pages step's cache (issue 14): a warm build renders nothing and
 * writes the same bytes; any changed input (the award, its state at the build
 * moment, the site URL, the catalog, the shell, the code) renders the pages it
 * touches again, and every page is byte for byte what a build without a cache
 * writes. A damaged entry is never published. Runs the real step in process
 * (under 1,000 awards it renders without threads; workers run the same
 * renderer) on the fixture content, with a small shell in place of Astro's.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { awardPageRenderer, awardPagesPrefix } from '../../src/steps/award-pages/award-page-render.ts';
import { writeAwardPages } from '../../src/steps/award-pages/award-pages.ts';
import { codeVersion } from '../../src/steps/infrastructure/code-version.ts';
import type { BuildContext } from '../../src/steps/context.ts';
import { AWARD_SHELL_ID } from '../../src/lib/award-page/award-shell.ts';
import { loadContent } from '../../src/lib/content/content-files.ts';
import type { Content } from '../../src/lib/content/content-model.ts';
import type { Ledger } from '../../src/lib/lifecycle/ledger.ts';
import { toPublicAward } from '../../src/lib/content/schema.ts';
import { buildSiteModel } from '../../src/lib/site-model.ts';
import { siteUrls } from '../../src/lib/site-urls.ts';
import { FIXTURE_NOW, fixtureContent } from '../helpers/site-build.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'emblem-award-pages-'));
const cacheDir = path.join(work, 'cache');
after(() => rmSync(work, { recursive: true, force: true }));

const SHELL =
  '<!doctype html><html><head><title>EMBLEM-SLOT-TITLE</title><meta name="description" content="EMBLEM-SLOT-DESCRIPTION"><!--EMBLEM-SLOT-HEAD--></head>' +
  `<body><a href="/badges/${AWARD_SHELL_ID}/">x</a><!--EMBLEM-SLOT-MAIN--></body></html>`;
const base = loadContent(fixtureContent);
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

interface Inputs {
  content?: Content;
  now?: string;
  siteUrl?: string;
  shell?: string;
}

let runs = 0;
/** Runs the step into a fresh folder; returns its log line and every page's bytes by award id. */
async function build({
  content = base,
  now = FIXTURE_NOW,
  siteUrl = 'https://badges.example.org/',
  shell = SHELL,
}: Inputs = {}) {
  const outDir = path.join(work, `out-${runs++}`);
  mkdirSync(path.join(outDir, 'badges', AWARD_SHELL_ID), { recursive: true });
  writeFileSync(path.join(outDir, 'badges', AWARD_SHELL_ID, 'index.html'), shell);
  writeFileSync(
    path.join(outDir, 'sitemap-index.xml'),
    '<?xml version="1.0" encoding="UTF-8"?><sitemapindex></sitemapindex>',
  );
  const lines: string[] = [];
  const model = buildSiteModel(content, new Date(now));
  const context: BuildContext = {
    outDir,
    cacheDir,
    content,
    model,
    ledger: {} as Ledger,
    urls: siteUrls(siteUrl),
    mode: 'development',
    log: (line) => lines.push(line),
  };
  await writeAwardPages(context);
  const pages = new Map(
    model.published.map((p) => [p.award.id, readFileSync(path.join(outDir, 'badges', p.award.id, 'index.html'))]),
  );
  const counts = /\((\d+) rendered .*, (\d+) unchanged from the cache/.exec(lines.join('\n'));
  assert.ok(counts, lines.join('\n'));
  return { rendered: Number(counts[1]), reused: Number(counts[2]), pages, model, log: lines.join('\n') };
}

/** The pages a build without any cache writes for the same inputs. */
async function uncached({
  content = base,
  now = FIXTURE_NOW,
  siteUrl = 'https://badges.example.org/',
  shell = SHELL,
}: Inputs = {}) {
  const outDir = path.join(work, `plain-${runs++}`);
  const model = buildSiteModel(content, new Date(now));
  const render = awardPageRenderer({
    shell,
    outDir,
    siteUrl,
    issuer: model.issuer,
    rules: model.rules,
    catalog: model.catalog,
    profiles: content.profiles ?? [],
    now,
  });
  await render(model.published.map((p) => toPublicAward(p.award)));
  return new Map(
    model.published.map((p) => [p.award.id, readFileSync(path.join(outDir, 'badges', p.award.id, 'index.html'))]),
  );
}

function assertSamePages(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [awardId, bytes] of expected)
    assert.ok(actual.get(awardId)!.equals(bytes), `page of ${awardId} differs from an uncached build`);
}

/** Awards whose pages differ between two builds. */
const changed = (a: Map<string, Buffer>, b: Map<string, Buffer>) =>
  [...b.keys()].filter((k) => !a.get(k)?.equals(b.get(k)!)).sort();

const entries = () => readdirSync(path.join(cacheDir, 'award-pages')).sort();

describe('award page cache', () => {
  let first: Awaited<ReturnType<typeof build>>;

  test('cold: every page rendered, each byte for byte what a build without a cache writes', async () => {
    first = await build();
    assert.ok(first.pages.size >= 5);
    assert.deepEqual([first.rendered, first.reused], [first.pages.size, 0]);
    assertSamePages(first.pages, await uncached());
    assert.equal(entries().length, first.pages.size);
  });

  test('warm, nothing changed: nothing rendered, the same bytes', async () => {
    const warm = await build();
    assert.deepEqual([warm.rendered, warm.reused], [0, first.pages.size]);
    assertSamePages(warm.pages, first.pages);
  });

  test("a recipient's new name renders that page only; the old entry is pruned", async () => {
    const content = {
      ...base,
      awards: base.awards.map((a) =>
        a.id === id(1) ? { ...a, recipient: { ...a.recipient, name: '김민지 (개명)' } } : a,
      ),
    };
    const before = entries();
    const result = await build({ content });
    assert.deepEqual([result.rendered, result.reused], [1, first.pages.size - 1]);
    assert.deepEqual(changed(first.pages, result.pages), [id(1)]);
    assertSamePages(result.pages, await uncached({ content }));
    assert.equal(entries().length, first.pages.size);
    assert.equal(entries().filter((e) => !before.includes(e)).length, 1);
  });

  test('revoking an award renders its page again, as revoked', async () => {
    const content = {
      ...base,
      awards: base.awards.map((a) =>
        a.id === id(1) ? { ...a, revoked: { on: '2026-01-01T00:00:00+09:00', reason: 'Duplicate record.' } } : a,
      ),
    };
    const result = await build({ content });
    assert.equal(result.rendered, 1);
    assert.deepEqual(changed(first.pages, result.pages), [id(1)]);
    assert.match(result.pages.get(id(1))!.toString(), /award--revoked/);
    assertSamePages(result.pages, await uncached({ content }));
  });

  test('a build moment past an expiry renders the pages whose state changed, and only those', async () => {
    const now = '2026-12-21T00:00:00Z';
    const later = buildSiteModel(base, new Date(now));
    const stateChanged = later.published
      .filter((p) => JSON.stringify(p.state) !== JSON.stringify(first.model.publishedById.get(p.award.id)?.state))
      .map((p) => p.award.id);
    assert.ok(stateChanged.includes(id(13)), 'award 13 expires on 2026-12-20');
    await build(); // back to the first inputs' entries (the test before pruned one)
    const result = await build({ now });
    assert.equal(result.rendered, stateChanged.length);
    assert.deepEqual(changed(first.pages, result.pages), stateChanged.sort());
    assert.match(result.pages.get(id(13))!.toString(), /award--expired/);
    assertSamePages(result.pages, await uncached({ now }));
  });

  for (const [what, inputs] of [
    ['the site URL', { siteUrl: 'https://example.github.io/badges/' }],
    ['the shell (Astro frame)', { shell: SHELL.replace('<body>', '<body class="new">') }],
    [
      'a catalog entry',
      {
        content: {
          ...base,
          badgeClasses: base.badgeClasses.map((b, i) =>
            i === 0 ? { ...b, level: b.level === 'expert' ? 'associate' : 'expert' } : b,
          ),
        },
      },
    ],
    ['the issuer', { content: { ...base, issuer: { ...base.issuer, url: 'https://changed.example.org/' } } }],
  ] as [string, Inputs][]) {
    test(`a change of ${what} renders every page again`, async () => {
      await build(); // back to the first inputs' entries
      const result = await build(inputs);
      assert.deepEqual([result.rendered, result.reused], [result.pages.size, 0]);
      assertSamePages(result.pages, await uncached(inputs));
    });
  }

  test('a damaged or swapped entry is rendered again, never published', async () => {
    await build();
    const names = entries();
    truncateSync(path.join(cacheDir, 'award-pages', names[0]!), 100);
    writeFileSync(
      path.join(cacheDir, 'award-pages', names[1]!),
      readFileSync(path.join(cacheDir, 'award-pages', names[2]!)),
    );
    const result = await build();
    assert.deepEqual([result.rendered, result.reused], [2, first.pages.size - 2]);
    assert.match(result.log, /2 damaged cache entries rendered again/);
    assertSamePages(result.pages, first.pages);
    const again = await build();
    assert.deepEqual([again.rendered, again.reused], [0, first.pages.size]);
  });

  test('an entry substituted with other bytes under their own digest (a poisoned shared cache) is never used', async () => {
    await build();
    const [name] = entries();
    const file = path.join(cacheDir, 'award-pages', name!);
    const poisoned = Buffer.from(
      readFileSync(file, 'utf8').replace('</body>', '<script>alert("poisoned cache")</script></body>'),
    );
    // What anyone who can write the cache can do: new bytes, named by their own SHA-256, the rest of the name kept.
    const digest = createHash('sha256').update(poisoned).digest('hex');
    rmSync(file);
    writeFileSync(
      path.join(cacheDir, 'award-pages', name!.replace(/^([0-9a-f]{64})-[0-9a-f]{64}/, `$1-${digest}`)),
      poisoned,
    );
    const result = await build();
    assert.equal(result.rendered, 1, 'the substituted page is rendered again');
    for (const page of result.pages.values()) assert.doesNotMatch(page.toString(), /poisoned cache/);
    assertSamePages(result.pages, first.pages);
    assert.match(result.log, /1 cache entry not sealed by this signing key ignored/);
  });

  test('a page edited in place in an earlier output (it is a hard link to its entry) is not carried into the next build', async () => {
    const earlier = await build();
    const outDir = path.join(work, `out-${runs - 1}`);
    // What a hand edit of the built site does: write into the file, not replace it.
    writeFileSync(path.join(outDir, 'badges', id(2), 'index.html'), '<p>edited</p>');
    const next = await build();
    assert.deepEqual([next.rendered, next.reused], [1, earlier.pages.size - 1]);
    assertSamePages(next.pages, first.pages);
  });

  test('the key covers the code: another code version, another prefix', () => {
    const setup = {
      shell: SHELL,
      siteUrl: 'https://badges.example.org/',
      issuer: base.issuer,
      rules: base.rules,
      catalog: base.badgeClasses,
    };
    assert.notEqual(awardPagesPrefix(setup, 'a'), awardPagesPrefix(setup, 'b'));
    const src = path.join(work, 'code');
    mkdirSync(path.join(src, 'lib'), { recursive: true });
    writeFileSync(path.join(src, 'lib/a.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(src, 'package-lock.json'), '{}');
    const before = codeVersion(src, ['lib', 'package-lock.json']);
    writeFileSync(path.join(src, 'lib/a.ts'), 'export const a = 2;\n');
    assert.notEqual(codeVersion(src, ['lib', 'package-lock.json']), before);
    writeFileSync(path.join(src, 'package-lock.json'), '{"v":1}');
    assert.notEqual(codeVersion(src, ['lib', 'package-lock.json']), before);
    assert.match(codeVersion(), /^[0-9a-f]{64}$/);
  });
});
