/**
 * The editors' MDX pages, built from the fixture content plus the real
 * content/pages: FAQ questions and their anchors in both languages, the
 * FAQPage structured data, the catalog-generated eligibility table, the
 * fallback for a missing translation, and the mistakes that must stop a build.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { loadContent } from '../../src/lib/content/content-files.ts';
import { badgeDecisions, exclusionFor } from '../../src/lib/eligibility.ts';
import { defectContent, pagesContent, realPagesDir, replaceIn } from '../helpers/pages-content.ts';
import { buildSite, fixtureContent, runBuild } from '../helpers/site-build.ts';

const SITE = 'https://badges.example.org/';
let dist: string;
const html = (file: string) => readFileSync(path.join(dist, file), 'utf8');

/** The questions an MDX source declares, in order. */
function declaredQuestions(locale: string): { id: string; q: string }[] {
  const source = readFileSync(path.join(realPagesDir, locale, 'faq.mdx'), 'utf8');
  return [...source.matchAll(/<Question id="([^"]+)" q="([^"]+)">/g)].map((m) => ({ id: m[1]!, q: m[2]! }));
}

function jsonLdOf(page: string): {
  '@type': string;
  mainEntity: { '@id': string; name: string; acceptedAnswer: { text: string } }[];
} {
  const match = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page);
  assert.ok(match, 'the FAQ page has a JSON-LD script');
  return JSON.parse(match[1]!);
}

const decode = (text: string) =>
  text
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

describe('FAQ and claim guide pages', () => {
  before(() => {
    dist = buildSite({ contentDir: pagesContent(), siteUrl: SITE });
  });

  test('both languages ask the same questions, with the same anchors', () => {
    const ko = declaredQuestions('ko');
    const en = declaredQuestions('en');
    assert.ok(ko.length >= 10, `the FAQ has its questions (${ko.length})`);
    assert.deepEqual(
      en.map((q) => q.id),
      ko.map((q) => q.id),
    );
  });

  for (const [locale, file, prefix] of [
    ['ko', 'faq/index.html', ''],
    ['en', 'en/faq/index.html', 'en/'],
  ] as const) {
    test(`${locale}: every question renders under its anchor and is in the FAQPage JSON-LD`, () => {
      const page = html(file);
      assert.match(page, new RegExp(`<html lang="${locale}"`));
      const data = jsonLdOf(page);
      assert.equal(data['@type'], 'FAQPage');
      const questions = declaredQuestions(locale);
      assert.equal(data.mainEntity.length, questions.length);
      for (const [i, { id, q }] of questions.entries()) {
        const section = new RegExp(
          `<details class="faq-question" id="${id}" data-question="${id}"><summary><h2>([^<]*)</h2></summary><div class="faq-answer">.*?<a class="anchor" href="#${id}"`,
          's',
        ).exec(page);
        assert.ok(section, `question #${id} is on the page, closed, with its link in the answer`);
        assert.equal(decode(section[1]!), q);
        const entity = data.mainEntity[i]!;
        assert.equal(entity['@id'], `${SITE}${prefix}faq/#${id}`);
        assert.equal(entity.name, q);
        assert.ok(entity.acceptedAnswer.text.length > 20, `#${id} has an answer text`);
      }
    });
  }

  test('the questions are the list: no separate table of contents repeats them', () => {
    for (const file of ['faq/index.html', 'en/faq/index.html']) assert.doesNotMatch(html(file), /faq-contents/);
  });

  test("a Markdown table scrolls sideways in a named, focusable region in the page's language", () => {
    for (const [file, name] of [
      ['faq/index.html', '표 (옆으로 스크롤할 수 있습니다)'],
      ['en/faq/index.html', 'Table (scrolls sideways)'],
    ] as const) {
      const page = html(file);
      const tables = [...page.matchAll(/<table(?: [^>]*)?>/g)].map((m) => m[0]);
      const wrapped = [...page.matchAll(/<section class="table-scroll" tabindex="0" aria-label="([^"]+)"> ?<table>/g)];
      assert.ok(wrapped.length >= 1, `${file}: the FAQ's Markdown table is wrapped`);
      for (const m of wrapped) assert.equal(decode(m[1]!), name);
      // Every table on the page is in a scrolling region: the Markdown ones and the generated ones.
      assert.equal(
        tables.length,
        wrapped.length + [...page.matchAll(/<section class="table-scroll"[^>]*> ?<table class="eligibility"/g)].length,
        `${file}: every table scrolls`,
      );
    }
  });

  test("the JSON-LD answer reads a table's rows with their cells apart", () => {
    const platform = jsonLdOf(html('en/faq/index.html')).mainEntity.find((e) => e['@id'].endsWith('#platform'))!;
    assert.match(
      platform.acceptedAnswer.text,
      /\nSigned credential file \(Open Badges 3\.0, JSON\) · Digital wallet apps/,
    );
  });

  test('the JSON-LD answers name certifications where the MDX used <CertLink>', () => {
    const eligibility = jsonLdOf(html('en/faq/index.html')).mainEntity.find((e) => e['@id'].endsWith('#eligibility'))!;
    assert.match(eligibility.acceptedAnswer.text, /earns the NuriTech Certified Cloud Fundamentals badge/);
  });

  test('the eligibility table lists exactly the catalog entries without a badge, in both languages', () => {
    const content = loadContent(fixtureContent);
    const decisions = badgeDecisions(content.badgeClasses, content.rules);
    const expected = content.badgeClasses
      .filter((b) => !decisions.get(b.id)!.hasBadge)
      .map((b) => b.id)
      .sort();
    // Every entry the exclusion list names is among them.
    const excluded = content.badgeClasses.filter((b) => exclusionFor(b, content.rules)).map((b) => b.id);
    assert.ok(excluded.length >= 10 && excluded.every((id) => expected.includes(id)));
    for (const file of ['faq/index.html', 'en/faq/index.html']) {
      const table = /<table class="eligibility" data-eligibility="no-badge">(.*?)<\/table>/s.exec(html(file));
      assert.ok(table, `${file} has the eligibility table`);
      const rows = [...table[1]!.matchAll(/<tr data-id="([^"]+)">/g)].map((m) => m[1]!).sort();
      assert.deepEqual(rows, expected);
    }
    const retiredTable = /<table class="eligibility" data-eligibility="retired">(.*?)<\/table>/s.exec(
      html('en/faq/index.html'),
    );
    const retiredRows = [...retiredTable![1]!.matchAll(/<tr data-id="([^"]+)">/g)].map((m) => m[1]!).sort();
    assert.deepEqual(
      retiredRows,
      content.badgeClasses
        .filter((b) => b.status === 'retired')
        .map((b) => b.id)
        .sort(),
    );
  });

  test('the claim guide renders its steps, callouts, video link and heading anchors', () => {
    const page = html('en/claim-guide/index.html');
    assert.match(page, /<div class="steps"><ol>/);
    assert.match(page, /<aside class="callout callout--tip" role="note"><p class="callout-title">Tip<\/p>/);
    assert.match(page, /<h2 id="accepting-your-badge">Accepting your badge<\/h2>/);
    assert.match(page, /<h2 id="after-claiming">After claiming<\/h2>/, 'other headings get anchors from their text');
    assert.match(page, /data-video-play/);
    assert.doesNotMatch(page, /<(iframe|video)\b/, 'no player (and no third-party request) before the reader asks');
    assert.match(html('faq/index.html'), /<a href="\/claim-guide\/">/);
  });

  test('the navigation links to the FAQ and the claim guide in each language, with hreflang alternates', () => {
    for (const [file, prefix] of [
      ['index.html', '/'],
      ['en/certifications/index.html', '/en/'],
    ]) {
      const page = html(file);
      assert.match(page, new RegExp(`<a href="${prefix}faq/">`));
      assert.match(page, new RegExp(`<a href="${prefix}claim-guide/">`));
    }
    const page = html('en/claim-guide/index.html');
    assert.match(page, /<link rel="alternate" hreflang="ko" href="https:\/\/badges\.example\.org\/claim-guide\/">/);
    assert.match(page, /<link rel="alternate" hreflang="en" href="https:\/\/badges\.example\.org\/en\/claim-guide\/">/);
  });
});

describe('home and certification pages: structured data, titles, the eyebrow', () => {
  before(() => {
    dist = buildSite({ contentDir: pagesContent(), siteUrl: SITE });
  });
  type Node = Record<string, unknown>;
  const graph = (file: string): Node[] => {
    const scripts = [...html(file).matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)];
    assert.equal(scripts.length, 1, `${file} has one JSON-LD script`);
    assert.doesNotMatch(scripts[0]![1]!, /</, 'no "<" in the JSON: nothing can close the script element');
    return (JSON.parse(scripts[0]![1]!) as { '@graph': Node[] })['@graph'];
  };
  const ofType = (nodes: Node[], type: string) => nodes.find((n) => n['@type'] === type);

  test('the home page in each language: WebSite and the issuing Organization', () => {
    for (const [file, url] of [
      ['index.html', SITE],
      ['en/index.html', `${SITE}en/`],
    ]) {
      const nodes = graph(file!);
      assert.equal(ofType(nodes, 'WebSite')?.url, url);
      assert.deepEqual(ofType(nodes, 'WebSite')?.publisher, { '@id': ofType(nodes, 'Organization')?.['@id'] });
    }
  });

  test('every certification page: its credential recognized by the issuer, a title of at most 70 characters', () => {
    const catalog = loadContent(pagesContent()).badgeClasses;
    for (const entry of catalog)
      for (const prefix of ['', 'en/']) {
        const file = `${prefix}certifications/${entry.id}/index.html`;
        const nodes = graph(file);
        const credential = ofType(nodes, 'EducationalOccupationalCredential');
        assert.equal(credential?.url, `${SITE}${file.replace(/index\.html$/, '')}`);
        assert.deepEqual(credential?.recognizedBy, { '@id': ofType(nodes, 'Organization')?.['@id'] });
        const title = decode(/<title>([^<]*)<\/title>/.exec(html(file))![1]!);
        const ogTitle = decode(/<meta property="og:title" content="([^"]*)"/.exec(html(file))![1]!);
        assert.ok([...title].length <= 70, `${file}: <title> ${title}`);
        assert.ok([...ogTitle].length <= 70, `${file}: og:title ${ogTitle}`);
      }
  });

  test('the English eyebrow starts with a capital', () => {
    const page = html('en/certifications/cloud-fundamentals/index.html');
    assert.match(page, /<p class="eyebrow">\s*Certification/);
  });
});

describe('a page missing in one language', () => {
  test('falls back to the other language with a visible notice, and the build reports it', () => {
    const contentDir = defectContent('missing-translation', (dir) =>
      rmSync(path.join(dir, 'pages/en/claim-guide.mdx')),
    );
    const result = runBuild({ contentDir, siteUrl: SITE });
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      /missing translation: "claim-guide" has no en file \(pages\/en\/\); \/en\/claim-guide\/ shows the ko text of .*pages\/ko\/claim-guide\.mdx/,
    );
    const page = readFileSync(path.join(result.outDir, 'en/claim-guide/index.html'), 'utf8');
    assert.match(page, /<html lang="en"/);
    assert.match(page, /<article class="content-page content-page--article" lang="ko"/);
    assert.match(
      page,
      /<p class="notice notice--fallback" lang="en" role="note" data-fallback-notice>\s*This page is not available in English yet, so it is shown in Korean\.\s*<\/p>/,
    );
    assert.match(page, /<h1>배지 받는 방법<\/h1>/);
    assert.doesNotMatch(
      readFileSync(path.join(result.outDir, 'claim-guide/index.html'), 'utf8'),
      /data-fallback-notice/,
    );
    // It duplicates the Korean page: kept out of search engines and the sitemap.
    assert.match(page, /<meta name="robots" content="noindex"/);
    const sitemap = readFileSync(path.join(result.outDir, 'sitemap-0.xml'), 'utf8');
    assert.ok(
      !sitemap.includes('<loc>https://badges.example.org/en/claim-guide/</loc>'),
      'fallback page not in the sitemap',
    );
    assert.ok(sitemap.includes('<loc>https://badges.example.org/claim-guide/</loc>'), 'the original page is');
  });
});

describe('mistakes that stop the build', () => {
  const failedBuild = (name: string, edit: (dir: string) => void) => {
    const result = runBuild({
      contentDir: defectContent(name, edit),
      siteUrl: SITE,
      outDir: path.join('.tmp/pages-defects', `${name}-dist`),
    });
    assert.notEqual(result.status, 0, `the build with ${name} must fail`);
    return result.stdout + result.stderr;
  };

  test('a broken frontmatter field names the file and the field', () => {
    const output = failedBuild('bad-frontmatter', (dir) => {
      replaceIn(dir, 'pages/en/faq.mdx', /^title: .*\n/m, '');
      replaceIn(dir, 'pages/ko/claim-guide.mdx', 'order: 20', 'order: first');
    });
    assert.match(output, /pages\/en\/faq\.mdx › frontmatter › title: is required/);
    assert.match(output, /pages\/ko\/claim-guide\.mdx › frontmatter › order: /);
  });

  test('an unknown certification id in <CertLink> names the file, the line and the id (in Korean, the sample issuer’s language)', () => {
    const output = failedBuild('unknown-cert', (dir) =>
      replaceIn(
        dir,
        'pages/ko/faq.mdx',
        '<CertLink id="cloud-fundamentals" />',
        '<CertLink id="cloud-fundamentalz" />',
      ),
    );
    assert.match(
      output,
      /pages\/ko\/faq\.mdx:\d+: <CertLink id="cloud-fundamentalz">: 카탈로그\(content\/certifications\/\)에 이 id의 자격증이나 시험이 없습니다/,
    );
  });

  test('a broken internal link (page or anchor) names the page and the MDX file', () => {
    const output = failedBuild('broken-link', (dir) => {
      replaceIn(dir, 'pages/en/claim-guide.mdx', '(/en/faq/#contact)', '(/en/no-such-page/)');
      replaceIn(dir, 'pages/en/claim-guide.mdx', '(/en/faq/#test-partner)', '(/en/faq/#no-such-question)');
    });
    assert.match(output, /Broken internal links: 2 link\(s\) on 1 page\(s\)/);
    assert.match(
      output,
      /en\/claim-guide\/index\.html \(from .*pages\/en\/claim-guide\.mdx\): "\/en\/no-such-page\/" leads to no page or file in the site/,
    );
    assert.match(
      output,
      /"\/en\/faq\/#no-such-question" points to #no-such-question, but \/en\/faq\/ has no element with that id/,
    );
  });
});
