/**
 * The site's own pages (everything but the award page body) in Chromium, at a
 * phone (390 px) and a desktop (1280 px) width: exam codes never split across
 * lines and wide FAQ tables scroll in a named, focusable region; headings get
 * smaller level by level; the menu marks the current page; the FAQ's anchor
 * links have names of their own; every date is a <time datetime>; Korean text
 * in the English claim preview is marked lang="ko".
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { claimFragment } from '../../src/lib/claims/claim-link.ts';
import { formatDate } from '../../src/lib/i18n.ts';
import type { Locale } from '../../src/lib/content/schema.ts';
import { launchBrowser } from '../../scripts/lib/browser.ts';
import { pagesContent } from '../helpers/pages-content.ts';
import { buildSite } from '../helpers/site-build.ts';

const PAGES = [
  '',
  'certifications/',
  'retired-certifications/',
  'certifications/cloud-fundamentals/',
  'certifications/legacy/',
  'faq/',
  'claim-guide/',
  'claim/',
  'verify/',
];
/** Pages the menu links to (the others are reached from them). */
const IN_MENU = new Set(['', 'certifications/', 'retired-certifications/', 'verify/', 'faq/', 'claim-guide/']);
const LOCALES: [Locale, string][] = [
  ['ko', '/'],
  ['en', '/en/'],
];
const WIDTHS = [390, 1280];
const AWARD_PAGE = 'badges/00000000-0000-4000-8000-000000000001/';

let server: StaticServer;
let browser: Browser;
let page: Page;

describe('site pages in Chromium, at 390 and 1280 px', () => {
  before(async () => {
    const dist = buildSite({ contentDir: pagesContent(), siteUrl: 'https://badges.example.org/' });
    server = await serveStatic({ root: dist });
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('FAQ at 390 px: no exam code or date is split across lines; tables scroll in a named, focusable region that shows it scrolls, the page does not', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const retiredScrolls: string[] = [];
    for (const [, prefix] of LOCALES) {
      await page.goto(`${server.origin}${prefix}faq/`);
      // As a reader who has opened every question.
      await page.evaluate(() => {
        for (const question of document.querySelectorAll('details')) question.open = true;
      });
      const codes = await page.evaluate(() =>
        [...document.querySelectorAll('table.eligibility td:first-child, .code, table time')].map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          return { text: cell.textContent?.trim() ?? '', lines: lines.size };
        }),
      );
      assert.ok(codes.filter((c) => c.text).length >= 10, `${prefix}faq/: the tables list codes (${codes.length})`);
      const split = codes.filter((c) => c.text && c.lines > 1);
      assert.deepEqual(split, [], `${prefix}faq/: codes or dates split across lines`);
      const regions = await page.evaluate(() =>
        [...document.querySelectorAll('table')].map((table) => {
          const region = table.parentElement!;
          const label =
            document.getElementById(region.getAttribute('aria-labelledby') ?? '')?.textContent ??
            region.getAttribute('aria-label') ??
            '';
          return {
            tag: region.tagName,
            tabIndex: region.tabIndex,
            label,
            overflow: getComputedStyle(region).overflowX,
            retired: table.dataset.eligibility === 'retired',
            scrolls: region.scrollWidth > region.clientWidth,
            // The cue: shadows fixed to the region's edges, under covers that scroll with the table.
            cue: getComputedStyle(region).backgroundAttachment,
            images: getComputedStyle(region).backgroundImage.match(/gradient\(/g)?.length ?? 0,
          };
        }),
      );
      assert.ok(regions.length >= 3, 'the generated tables and the Markdown one');
      for (const region of regions) {
        assert.equal(region.tag, 'SECTION', 'a region landmark');
        assert.equal(region.tabIndex, 0, 'keyboard users can scroll it');
        assert.ok(region.label.length > 5, 'named by its caption or its label');
        assert.equal(region.overflow, 'auto');
        assert.equal(region.cue, 'local, local, scroll, scroll', 'shows that it scrolls');
        assert.equal(region.images, 4);
      }
      if (regions.some((r) => r.retired && r.scrolls)) retiredScrolls.push(prefix);
      const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(pageWidth <= 390, `${prefix}faq/ scrolls sideways: ${pageWidth} px`);
    }
    assert.ok(retiredScrolls.length > 0, 'the retired table is wider than a phone in some language, and scrolls');
  });

  test('headings shrink level by level (h1 > h2 > h3 > h4) on every page, both languages and widths', async () => {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const [, prefix] of LOCALES) {
        // The award page shares the scale (its body is drawn by award-page-html.ts); one URL for both languages.
        for (const path of [...PAGES, ...(prefix === '/' ? [AWARD_PAGE] : [])]) {
          await page.goto(server.origin + prefix + path);
          const sizes = await page.evaluate(() => {
            const out: Record<number, number[]> = {};
            for (const h of document.querySelectorAll<HTMLElement>('h1, h2, h3, h4')) {
              // Hidden result and preview sections too: they show later, in the same scale.
              (out[Number(h.tagName[1])] ??= []).push(Number.parseFloat(getComputedStyle(h).fontSize));
            }
            return out;
          });
          for (let level = 1; level < 4; level++) {
            const upper = sizes[level];
            const lower = sizes[level + 1];
            if (!upper || !lower) continue;
            assert.ok(
              Math.min(...upper) > Math.max(...lower),
              `${prefix}${path} at ${width} px: h${level} (${upper.join(', ')} px) is not larger than h${level + 1} (${lower.join(', ')} px)`,
            );
          }
        }
      }
    }
  });

  test('the menu marks the page it is on with aria-current="page", and only that one', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const [, prefix] of LOCALES) {
      for (const path of PAGES) {
        await page.goto(server.origin + prefix + path);
        const current = await page
          .locator('.site-header nav:not(.languages) a[aria-current]')
          .evaluateAll((links) =>
            links.map((a) => [a.getAttribute('aria-current'), new URL((a as HTMLAnchorElement).href).pathname]),
          );
        if (IN_MENU.has(path)) assert.deepEqual(current, [['page', prefix + path]], `${prefix}${path}`);
        else assert.deepEqual(current, [], `${prefix}${path} is not in the menu`);
      }
    }
  });

  test('every FAQ anchor link has a name of its own, naming its question', async () => {
    for (const [, prefix] of LOCALES) {
      await page.goto(`${server.origin}${prefix}faq/`);
      const anchors = await page.locator('.faq-question').evaluateAll((sections) =>
        sections.map((s) => ({
          question: s.querySelector('h2')!.firstChild!.textContent!.trim(),
          name: s.querySelector('a.anchor')!.getAttribute('aria-label')!,
        })),
      );
      assert.ok(anchors.length >= 12, `${anchors.length} questions`);
      assert.equal(new Set(anchors.map((a) => a.name)).size, anchors.length, 'names are distinct');
      for (const a of anchors) assert.ok(a.name.includes(a.question), `"${a.name}" names "${a.question}"`);
    }
  });

  test('every date on the site pages is a <time datetime> that reads as its day; no date is left as bare text', async () => {
    let times = 0;
    for (const [locale, prefix] of LOCALES) {
      for (const path of PAGES) {
        await page.goto(server.origin + prefix + path);
        const found = await page.evaluate(() => {
          const dates = [...document.querySelectorAll('main time')].map((t) => ({
            datetime: t.getAttribute('datetime') ?? '',
            text: t.textContent ?? '',
          }));
          // Text outside <time> that looks like a formatted date ("2019년 12월 31일", "31 December 2019").
          const bare: string[] = [];
          const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement?.closest('time, script')) continue;
            const match = node.textContent?.match(
              /\d{4}년 \d{1,2}월 \d{1,2}일|\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/,
            );
            if (match) bare.push(match[0]);
          }
          return { dates, bare };
        });
        for (const date of found.dates) {
          assert.match(date.datetime, /^\d{4}-\d{2}-\d{2}$/, `${prefix}${path}: datetime="${date.datetime}"`);
          assert.equal(date.text, formatDate(locale, date.datetime), `${prefix}${path}: <time> shows its own day`);
        }
        times += found.dates.length;
        // Dates written into editors' prose (the FAQ's exclusion reasons) are content, not data: only data dates are checked.
        if (!path.startsWith('faq/')) assert.deepEqual(found.bare, [], `${prefix}${path}: dates outside <time>`);
      }
    }
    assert.ok(times >= 8, `dates found: ${times}`);
  });

  test('the English claim preview marks the Hangul name lang="ko", names the badge from the catalog in English, and the date as <time>', async () => {
    const fragment = claimFragment({
      awardId: '00000000-0000-4000-8000-000000000001',
      badgeId: 'cloud-fundamentals',
      token: 'x'.repeat(43),
      recipientName: '김민지',
      badgeName: '누리테크 클라우드 기초',
      issuedOn: '2025-03-14',
      locale: 'ko',
    });
    await page.goto(`${server.origin}/en/claim/#${fragment}`);
    await page.locator('[data-claim-preview]:not([hidden])').waitFor();
    assert.equal(await page.locator('[data-claim-field="recipient"]').getAttribute('lang'), 'ko');
    // The badge's name comes from the site's catalog, in the page's language, not from the link.
    assert.equal(await page.locator('[data-claim-field="badge"]').innerText(), 'NuriTech Certified Cloud Fundamentals');
    assert.equal(await page.locator('[data-claim-field="badge"]').getAttribute('lang'), null);
    assert.equal(await page.locator('[data-claim-field="issuedOn"] time').getAttribute('datetime'), '2025-03-14');
    assert.equal(await page.locator('[data-claim-field="issuedOn"]').innerText(), formatDate('en', '2025-03-14'));
  });
});
