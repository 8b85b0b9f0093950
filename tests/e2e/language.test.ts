/**
 * Language switching and FAQ anchors in a real Chromium: the award page keeps
 * one URL and switches with CSS :target (#en), the FAQ switches between /faq/
 * and /en/faq/ and keeps the question being read, and a question's anchor
 * brings the reader to it. Also: the claim guide's video makes no request to
 * another host until the reader presses play.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../helpers/browser.ts';
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
    page = await browser.newPage();
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

  test("following a question's anchor brings it into view, and switching language keeps it", async () => {
    await page.goto(`${server.origin}/en/faq/`);
    await page.locator('.faq-contents a[href="#test-partner"]').click();
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
    assert.ok(await page.locator('#test-partner').evaluate((el) => el.matches(':target')));

    // A support agent's link opens straight at the question.
    await page.goto(`${server.origin}/en/faq/#privacy`);
    assert.ok(await page.locator('#privacy').evaluate((el) => el.matches(':target') && el.getBoundingClientRect().top < window.innerHeight / 2));
  });

  test('the claim guide video makes no third-party request until play is pressed', async () => {
    foreignRequests = [];
    await page.goto(`${server.origin}/en/claim-guide/`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(foreignRequests, [], 'nothing requested from other hosts on load');
    assert.equal(await page.locator('.video video, .video iframe').count(), 0);
    const videoRequest = page.waitForRequest((request) => request.url().startsWith('https://nuritech.example.org/media/'));
    await page.locator('[data-video-play]').click();
    await videoRequest;
    assert.equal(await page.locator('.video video').count(), 1, 'the player appears once asked for');
  });
});
