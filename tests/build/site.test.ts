/**
 * Builds the fixture content through scripts/build.ts and checks what is,
 * and is not, in the output.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { loadContent } from '../../src/lib/content/content-files.ts';
import { fixtureModel } from '../helpers/fixture-model.ts';
import { buildSite, fixtureContent, runBuild } from '../helpers/site-build.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const PUBLISHED = [1, 2, 3, 4, 5, 11, 12, 13].map(id);
const WITHHELD = { private: id(6), pending: id(7), singleExam: id(8), excluded: id(9), retiredNoBadge: id(10) };

let dist: string;
const read = (relative: string) => readFileSync(path.join(dist, relative), 'utf8');
const allFiles = () =>
  readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));

describe('site build from fixture content', () => {
  before(() => {
    dist = buildSite();
  });

  test('every published award has its page at /badges/<id>/', () => {
    for (const awardId of PUBLISHED) assert.ok(existsSync(path.join(dist, 'badges', awardId, 'index.html')), awardId);
    assert.equal(readdirSync(path.join(dist, 'badges')).length, PUBLISHED.length);
  });

  test("certification pages count their published, unrevoked awards (from the content layer's counts, not its awards)", () => {
    const model = fixtureModel();
    let shown = 0;
    for (const entry of model.catalog) {
      const count = model.published.filter((p) => p.badgeClass.id === entry.id && p.state.status !== 'revoked').length;
      const page = read(`en/certifications/${entry.id}/index.html`);
      if (count) shown++;
      if (count) assert.match(page, new RegExp(`\\b${count} public badges`), entry.id);
      else assert.doesNotMatch(page, /public badges/, entry.id);
    }
    assert.ok(shown >= 2, 'some entries have published awards');
  });

  test('withheld awards leave no trace anywhere: no page, no file, no mention', () => {
    const hidden = Object.values(WITHHELD);
    const emails = loadContent(fixtureContent).awards.map((a) => a.recipient.email);
    for (const file of allFiles()) {
      const relative = path.relative(dist, file);
      for (const awardId of hidden)
        assert.ok(!relative.includes(awardId), `${relative} is named after withheld award ${awardId}`);
      if (!/\.(html|json|xml|txt|js|css|svg)$/.test(file) && !relative.startsWith('_')) continue;
      const body = readFileSync(file, 'utf8');
      for (const awardId of hidden)
        assert.ok(!body.includes(awardId), `${relative} mentions withheld award ${awardId}`);
      for (const email of emails) assert.ok(!body.includes(email), `${relative} contains recipient email ${email}`);
      for (const name of ['Hidden Private', 'Hidden Pending', 'Single Exam', 'Excluded Exam', 'Retired Nobadge']) {
        assert.ok(!body.includes(name), `${relative} contains the name of a withheld recipient (${name})`);
      }
    }
  });

  test('award page shows the award: badge, recipient, issuer, dates, status, criteria, skills, requirements, evidence', () => {
    const html = read(`badges/${id(2)}/index.html`);
    assert.match(html, /NuriTech Certified Solutions Architect Expert/);
    assert.match(html, /누리테크 공인 솔루션 아키텍트 엑스퍼트/);
    assert.match(
      html,
      /Dana &quot;DJ&quot; O&#39;Neil &lt;\/script&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;|Dana "DJ" O'Neil &lt;\/script&gt;/,
    );
    // Inside a quoted attribute "<script>" is inert text; anywhere else it must be escaped.
    const outsideAttributes = html.replace(/="[^"]*"/g, '=""');
    assert.ok(!outsideAttributes.includes('<script>alert(1)</script>'), 'the recipient name is escaped in text');
    assert.match(html, /2026년 6월 1일/);
    assert.match(html, /1 June 2026/);
    assert.match(html, /data-status="valid"/);
    assert.match(html, /NT-304: 클라우드 솔루션 설계/, 'required exams are listed');
    assert.match(html, /transcripts\/verify\/TEST-0002/, 'evidence link');
    assert.match(html, /Solution design/, 'skills');
    assert.match(html, /href="\/certifications\/solutions-architect-expert\/"/);
    assert.match(
      html,
      /<link rel="canonical" href="https:\/\/badges\.example\.org\/badges\/00000000-0000-4000-8000-000000000002\/"/,
    );
  });

  test('expired, revoked and retired states are said plainly; revoked pages are noindex', () => {
    const expired = read(`badges/${id(3)}/index.html`);
    assert.match(expired, /data-status="expired"/);
    assert.match(expired, /This badge expired on 20 May 2025/);
    assert.ok(!expired.includes('noindex'));

    const revoked = read(`badges/${id(4)}/index.html`);
    assert.match(revoked, /data-status="revoked"/);
    assert.match(revoked, /<meta name="robots" content="noindex"/);
    assert.match(revoked, /Exam result withdrawn after a testing-policy investigation\./);

    const retired = read(`badges/${id(5)}/index.html`);
    assert.match(retired, /data-status="valid"/);
    assert.match(retired, /was retired on 31 January 2023/);
    assert.match(retired, /2023년 1월 31일에 중단/);
  });

  test('sitemap lists award pages but not revoked ones', () => {
    const index = read('sitemap-index.xml');
    const listed = [...index.matchAll(/<loc>https:\/\/badges\.example\.org\/([^<]+)<\/loc>/g)].map((m) => m[1]!);
    assert.ok(listed.includes('sitemap-awards-0.xml'), `the index lists the award sitemap: ${listed.join(', ')}`);
    const sitemap = listed.map((file) => read(file)).join('');
    assert.ok(!sitemap.includes('emblem-award-shell'), 'the award page frame is not a page');
    assert.match(sitemap, new RegExp(`https://badges\\.example\\.org/badges/${id(1)}/`));
    assert.ok(!sitemap.includes(id(4)), 'revoked award is not in the sitemap');
    assert.match(sitemap, /https:\/\/badges\.example\.org\/en\/certifications\/cloud-fundamentals\//);
  });

  test('a page per catalog entry in each language; catalog and retired lists', () => {
    const catalog = loadContent(fixtureContent).badgeClasses;
    for (const entry of catalog) {
      assert.ok(existsSync(path.join(dist, 'certifications', entry.id, 'index.html')), entry.id);
      assert.ok(existsSync(path.join(dist, 'en/certifications', entry.id, 'index.html')), `en ${entry.id}`);
    }
    const active = read('en/certifications/index.html');
    assert.match(active, /data-id="solutions-architect-expert"/);
    assert.ok(!active.includes('data-id="nt-900"'), 'exam of a single-exam certification is not listed as a badge');
    assert.ok(!active.includes('data-id="server-administrator-associate"'), 'retired entries are on the retired page');
    const retired = read('en/retired-certifications/index.html');
    for (const retiredId of ['server-administrator-associate', 'nt-050', 'exam-74-343', 'mb2-710'])
      assert.match(retired, new RegExp(`data-id="${retiredId}"`));
    assert.match(
      read('en/certifications/nt-900/index.html'),
      /passing it earns the NuriTech Certified Cloud Fundamentals badge/,
    );
    assert.match(read('en/certifications/exam-74-343/index.html'), /No badge is issued/);
  });

  test('every page declares its language; 404 page exists', () => {
    assert.match(read('index.html'), /<html lang="ko"/);
    assert.match(read('en/index.html'), /<html lang="en"/);
    assert.ok(existsSync(path.join(dist, '404.html')));
  });

  test('catalog pages ship no client JavaScript but the language suggestion (one small deferred module)', () => {
    for (const page of ['index.html', 'en/certifications/index.html', 'certifications/nt-304/index.html']) {
      const scripts = (read(page).match(/<script\b[^>]*>/g) ?? []).filter(
        (s) => !/type="application\/ld\+json"/.test(s),
      );
      // Only a browser knows its reader's languages: the one-line suggestion (LanguageSuggestion.astro) needs a script.
      assert.equal(scripts.length, 1, `${page}: ${scripts.join(' ')}`);
      const src = /^<script type="module" src="\/(_astro\/LanguageSuggestion[^"]+\.js)">$/.exec(scripts[0]!)?.[1];
      assert.ok(src, `${page}: ${scripts[0]}`);
      assert.ok(statSync(path.join(dist, src)).size < 2048, `${src} stays under 2 KB`);
    }
  });
});

describe('failed builds', () => {
  test('a content error stops the build, names file, record and field, and leaves the last good site as it was', () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'emblem-fail-'));
    const content = path.join(work, 'content');
    const out = path.join(work, 'dist');
    cpSync(fixtureContent, content, { recursive: true });
    // The last good site: the suite's shared build of this same content, published where this build goes.
    cpSync(buildSite(), out, { recursive: true });
    const before = readFileSync(path.join(out, 'index.html'), 'utf8');

    const awardsFile = path.join(content, 'awards/fixture-awards.yaml');
    writeFileSync(
      awardsFile,
      readFileSync(awardsFile, 'utf8').replace('badge: cloud-fundamentals', 'badge: cloud-fundamentalz'),
    );
    const bad = runBuild({ contentDir: content, outDir: out });
    assert.notEqual(bad.status, 0);
    const output = bad.stdout + bad.stderr;
    assert.match(
      output,
      /fixture-awards\.yaml › award 00000000-0000-4000-8000-000000000001 › badge: unknown certification or exam "cloud-fundamentalz"/,
    );
    assert.match(output, /previous site .* was left as it was/);
    assert.equal(readFileSync(path.join(out, 'index.html'), 'utf8'), before, 'the last good site is untouched');
    assert.ok(existsSync(path.join(out, 'badges', id(1), 'index.html')));
  });

  test('a recipient email that reaches the output in any way fails the build (privacy check)', () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'emblem-leak-'));
    const content = path.join(work, 'content');
    cpSync(fixtureContent, content, { recursive: true });
    const issuerFile = path.join(content, 'issuer.yaml');
    // An editor pastes a recipient's address into the issuer description.
    writeFileSync(
      issuerFile,
      readFileSync(issuerFile, 'utf8').replace(
        'en: NuriTech runs exams',
        'en: Ask fixture.private@mail.example.com. NuriTech runs exams',
      ),
    );
    const result = runBuild({ contentDir: content, outDir: path.join(work, 'dist') });
    assert.notEqual(result.status, 0);
    assert.match(
      result.stdout + result.stderr,
      /Privacy check failed: .*\n.*recipient email fixture\.private@mail\.example\.com/,
    );
    assert.ok(!existsSync(path.join(work, 'dist')), 'nothing was published');
  });

  test('the build prints what it left out and why', () => {
    // The suite's shared fixture build, with what it printed when it was made.
    const result = runBuild();
    assert.equal(result.status, 0);
    const output = result.stdout + result.stderr;
    assert.match(output, /Published 8 award\(s\); left out 5\./);
    assert.match(output, /1 × recipient chose private/);
    assert.match(output, /1 × exam of a single-exam certification/);
    assert.match(output, /1 × badge is on the exclusion list/);
    assert.match(output, /1 × retired without a badge/);
  });
});
