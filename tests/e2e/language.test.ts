/**
 * Language switching and FAQ anchors in a real Chromium: the award page keeps
 * one URL; its language is picked before first paint (an explicit #en or menu
 * choice, remembered; else the browser's languages) and falls back to CSS
 * :target (#en) without JavaScript; the FAQ switches between /faq/
 * and /en/faq/ and keeps the question being read, and a question's anchor
 * brings the reader to it. Also: the claim guide's video makes no request to
 * another host until the reader presses play.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../../scripts/lib/browser.ts';
import { pagesContent } from '../helpers/pages-content.ts';
import { buildSite } from '../helpers/site-build.ts';

const AWARD = '/badges/00000000-0000-4000-8000-000000000001/';
let server: StaticServer;
let browser: Browser;
let page: Page;
/** Requests the page tried to make to any host but the test server (all refused). */
let foreignRequests: string[] = [];

describe('languages and anchors in Chromium', () => {
  before(async () => {
    const dist = buildSite({ contentDir: pagesContent(), siteUrl: 'https://badges.example.org/' });
    server = await serveStatic({ root: dist });
    browser = await launchBrowser();
    page = await browser.newPage({ locale: 'ko-KR' });
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(server.origin)) return route.continue();
      foreignRequests.push(route.request().url());
      return route.abort();
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('an award page switches language in place, on one URL', async () => {
    await page.goto(server.origin + AWARD);
    const ko = page.locator('.award-locale[data-locale="ko"]');
    const en = page.locator('.award-locale[data-locale="en"]');
    assert.ok(await ko.isVisible());
    assert.ok(!(await en.isVisible()));
    await page.locator('a[data-switch-locale="en"]').click();
    assert.equal(new URL(page.url()).pathname, AWARD, 'the URL stays the same');
    assert.equal(new URL(page.url()).hash, '#en');
    assert.ok(await en.isVisible(), 'English is shown');
    assert.ok(!(await ko.isVisible()), 'Korean is hidden');
    assert.match(await en.locator('h1').innerText(), /NuriTech Certified Cloud Fundamentals/);
    assert.equal(await en.getAttribute('lang'), 'en');
    await page.locator('a[data-switch-locale="ko"]').click();
    assert.ok(await ko.isVisible(), 'back to Korean');
    assert.ok(!(await en.isVisible()));
  });

  /** A fresh visitor (no remembered choice) whose browser prefers `locale`. */
  async function visitor(
    locale: string,
    options: { javaScriptEnabled?: boolean } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale, ...options });
    // Where the language stands when the page's content starts to arrive, i.e. before anything can be painted.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.body) return;
        observer.disconnect();
        (window as unknown as { languageAtBody: unknown }).languageAtBody =
          document.documentElement.getAttribute('data-lang');
      }).observe(document, { childList: true, subtree: true });
    });
    const visitorPage = await context.newPage();
    await visitorPage.route('**/*', (route) =>
      route.request().url().startsWith(server.origin) ? route.continue() : route.abort(),
    );
    return { context, page: visitorPage };
  }
  const shownLocale = (p: Page) =>
    p.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.award-locale')]
        .filter((el) => el.offsetParent !== null)
        .map((el) => el.dataset.locale),
    );

  test('a browser that prefers English gets English on the shared URL, decided before first paint', async () => {
    const { context, page: en } = await visitor('en-US');
    await en.goto(server.origin + AWARD);
    assert.equal(
      await en.evaluate(() => (window as unknown as { languageAtBody: unknown }).languageAtBody),
      'en',
      'chosen before the body arrived',
    );
    assert.deepEqual(await shownLocale(en), ['en']);
    assert.equal(await en.locator('html').getAttribute('lang'), 'en');
    assert.match(await en.title(), /NuriTech Certified Cloud Fundamentals/);
    assert.equal(await en.locator('nav.languages').getAttribute('aria-label'), 'Language');
    assert.equal(await en.locator('.languages a[aria-current="true"]').getAttribute('data-switch-locale'), 'en');
    assert.ok(await en.getByRole('link', { name: 'Verify a badge', exact: true }).isVisible(), 'the header follows');
    await context.close();

    const { context: koContext, page: ko } = await visitor('ko-KR');
    await ko.goto(server.origin + AWARD);
    assert.equal(await ko.evaluate(() => (window as unknown as { languageAtBody: unknown }).languageAtBody), 'ko');
    assert.deepEqual(await shownLocale(ko), ['ko'], 'a Korean browser sees Korean, as before');
    assert.equal(await ko.locator('html').getAttribute('lang'), 'ko');
    await koContext.close();
  });

  test('an explicit choice wins over the browser, is remembered, and the skip link keeps it', async () => {
    const { context, page: p } = await visitor('ko-KR');
    await p.goto(server.origin + AWARD);
    await p.locator('a[data-switch-locale="en"]').click();
    assert.deepEqual(await shownLocale(p), ['en']);
    // The skip link (#main) replaces the fragment: the language stays, and so do title, lang and labels.
    const skip = p.locator('a.skip:visible');
    assert.equal(await skip.count(), 1, 'one skip link, in the language shown');
    await skip.focus();
    assert.equal(await skip.innerText(), 'Skip to content');
    await p.keyboard.press('Enter');
    assert.equal(new URL(p.url()).hash, '#main');
    assert.deepEqual(await shownLocale(p), ['en'], 'still English after the skip link');
    assert.equal(await p.locator('html').getAttribute('lang'), 'en');
    assert.match(await p.title(), /NuriTech Certified Cloud Fundamentals/);
    assert.equal(await p.locator('nav.languages').getAttribute('aria-label'), 'Language');
    // Remembered: the plain URL opens in English for this Korean browser from now on…
    await p.goto(server.origin + AWARD);
    assert.deepEqual(await shownLocale(p), ['en']);
    // …until Korean is chosen.
    await p.locator('a[data-switch-locale="ko"]').click();
    assert.deepEqual(await shownLocale(p), ['ko']);
    assert.equal(await p.locator('html').getAttribute('lang'), 'ko');
    assert.match(await p.title(), /누리테크 클라우드 기초 인증/);
    assert.equal(await p.locator('nav.languages').getAttribute('aria-label'), '언어');
    await p.goto(server.origin + AWARD);
    assert.deepEqual(await shownLocale(p), ['ko']);
    await context.close();
  });

  test('every share link made in the English view opens in English, even in a Korean browser', async () => {
    const { context, page: p } = await visitor('en-US');
    await p.goto(server.origin + AWARD);
    const en = p.locator('.award-locale[data-locale="en"]');
    const pageUrl = `https://badges.example.org${AWARD}#en`;
    assert.equal(await en.locator('[data-share] input[data-copy-source]').inputValue(), pageUrl, 'the address to copy');
    const links = await en
      .locator('[data-share-target]')
      .evaluateAll((as) => as.map((a) => [a.getAttribute('data-share-target'), a.getAttribute('href')!]));
    assert.deepEqual(links.map(([target]) => target).sort(), [
      'email',
      'facebook',
      'linkedin',
      'linkedin-profile',
      'x',
    ]);
    for (const [target, href] of links) {
      const url = new URL(href!);
      const carried =
        target === 'email'
          ? url.searchParams.get('body')
          : [...url.searchParams.values()].find((v) => v.startsWith('https://badges.example.org/'));
      assert.ok(carried?.includes(pageUrl), `${target} carries ${pageUrl}: ${href}`);
    }
    const embed = await en.locator('textarea[data-embed-code]').inputValue();
    assert.match(
      embed,
      new RegExp(`href="${pageUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`),
      'the embed snippet links to the English view',
    );
    // The Korean view shares the plain URL: each reader's browser then picks.
    const ko = p.locator('.award-locale[data-locale="ko"]');
    assert.equal(
      await ko.locator('[data-share] input[data-copy-source]').inputValue(),
      `https://badges.example.org${AWARD}`,
    );
    await context.close();

    // What was shared opens in English for a Korean reader, with and without JavaScript.
    for (const javaScriptEnabled of [true, false]) {
      const { context: reader, page: r } = await visitor('ko-KR', { javaScriptEnabled });
      await r.goto(`${server.origin}${AWARD}#en`);
      assert.deepEqual(await shownLocale(r), ['en'], `JavaScript ${javaScriptEnabled ? 'on' : 'off'}`);
      await reader.close();
    }
  });

  test('without JavaScript the language menu still switches with :target, on one URL', async () => {
    const { context, page: p } = await visitor('en-US', { javaScriptEnabled: false });
    await p.goto(server.origin + AWARD);
    assert.deepEqual(await shownLocale(p), ['ko'], 'no script: the default language');
    await p.locator('a[data-switch-locale="en"]').click();
    assert.deepEqual(await shownLocale(p), ['en']);
    await p.locator('a[data-switch-locale="ko"]').click();
    assert.deepEqual(await shownLocale(p), ['ko']);
    await context.close();
  });

  test('the FAQ switches between /faq/ and /en/faq/', async () => {
    await page.goto(`${server.origin}/faq/`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
    assert.equal(await page.locator('h1').innerText(), '디지털 배지 자주 묻는 질문');
    await page.locator('a[data-switch-locale="en"]').click();
    await page.waitForURL(`${server.origin}/en/faq/`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('h1').innerText(), 'Digital badges FAQ');
    await page.locator('a[data-switch-locale="ko"]').click();
    await page.waitForURL(`${server.origin}/faq/`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  });

  test("following a question's anchor opens it and brings it into view, and switching language keeps it", async () => {
    await page.goto(`${server.origin}/en/faq/`);
    // A plain visit shows the questions closed: on a phone the page is the list of questions.
    assert.deepEqual(
      await page
        .locator('details.faq-question')
        .evaluateAll((all) => all.filter((d) => (d as HTMLDetailsElement).open)),
      [],
    );
    // At 390 px the FAQ was 9,500 px tall with every answer open; closed, it is a couple of screens.
    await page.setViewportSize({ width: 390, height: 844 });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height < 844 * 2.5, `the FAQ is ${height} px tall at 390 px`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('#test-partner summary').click();
    assert.ok(await page.locator('#test-partner').evaluate((el) => (el as HTMLDetailsElement).open), 'a tap opens it');
    await page.locator('#test-partner a.anchor').click();
    await page.waitForURL(`${server.origin}/en/faq/#test-partner`);
    const question = page.locator('#test-partner');
    assert.ok(await question.evaluate((el) => el.matches(':target')), 'the question is the :target');
    assert.ok(
      await question.evaluate((el) => {
        const top = el.getBoundingClientRect().top;
        return top >= 0 && top < window.innerHeight / 2;
      }),
      'and is scrolled into view',
    );
    assert.match(await question.locator('h2').innerText(), /test-delivery partner/);

    await page.locator('a[data-switch-locale="ko"]').click();
    await page.waitForURL(`${server.origin}/faq/#test-partner`);
    assert.match(await page.locator('#test-partner h2').innerText(), /시험 응시 파트너/);
    assert.ok(
      await page
        .locator('#test-partner')
        .evaluate((el) => el.matches(':target') && (el as HTMLDetailsElement).open && el.checkVisibility()),
      'the Korean question is the target, open',
    );

    // A support agent's link opens straight at the question, its answer shown.
    await page.goto(`${server.origin}/en/faq/#privacy`);
    assert.ok(
      await page
        .locator('#privacy')
        .evaluate(
          (el) =>
            el.matches(':target') &&
            (el as HTMLDetailsElement).open &&
            el.getBoundingClientRect().top < window.innerHeight / 2,
        ),
    );
    assert.ok(await page.locator('#privacy .faq-answer p').first().isVisible(), 'its answer is visible');
    // Printing shows every answer.
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
    assert.equal(await page.locator('details.faq-question:not([open])').count(), 0);
    await page.emulateMedia({ media: 'screen' });
  });

  test('the claim guide video makes no third-party request until play is pressed', async () => {
    foreignRequests = [];
    await page.goto(`${server.origin}/en/claim-guide/`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(foreignRequests, [], 'nothing requested from other hosts on load');
    assert.equal(await page.locator('.video video, .video iframe').count(), 0);
    const videoRequest = page.waitForRequest((request) =>
      request.url().startsWith('https://nuritech.example.org/media/'),
    );
    await page.locator('[data-video-play]').click();
    await videoRequest;
    assert.equal(await page.locator('.video video').count(), 1, 'the player appears once asked for');
  });
});
