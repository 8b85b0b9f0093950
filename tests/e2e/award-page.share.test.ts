/**
 * Sharing from an award page in a real Chromium: the preview image the page
 * declares loads, copy link and copy embed put the right text on the
 * clipboard, the share links the page's script makes are the build's, and
 * without JavaScript the address to copy remains.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { launchBrowser } from '../../scripts/lib/browser.ts';
import { awardPageTexts } from '../../src/lib/award-page/award-page-text-table.ts';
import { shareLinks } from '../../src/lib/social/share-links.ts';
import { siteUrls } from '../../src/lib/site-urls.ts';
import { fixtureAward, fixtureModel } from '../helpers/fixture-model.ts';
import { buildSite } from '../helpers/site-build.ts';
import { type SiteForBrowser, serveForBrowser } from '../helpers/site-server.ts';

// The suite's shared fixture build, browsed at its real URL (tests/helpers/site-server.ts).
const SITE = 'https://badges.example.org/';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const awardUrl = (n: number) => `${SITE}badges/${id(n)}/`;
let site: SiteForBrowser;
let browser: Browser;
let context: BrowserContext;
let page: Page;

describe('sharing an award page in Chromium', () => {
  before(async () => {
    site = await serveForBrowser(buildSite(), SITE);
    browser = await launchBrowser({ hosts: site.hosts });
    context = await browser.newContext({ locale: 'ko-KR', ignoreHTTPSErrors: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: SITE.slice(0, -1) });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('the og:image the page declares loads, at the declared size', async () => {
    await page.goto(awardUrl(1));
    const meta = (property: string) => page.locator(`meta[property="${property}"]`).getAttribute('content');
    const imageUrl = (await meta('og:image'))!;
    assert.equal(imageUrl, `${awardUrl(1)}card.png`);
    const declared = [Number(await meta('og:image:width')), Number(await meta('og:image:height'))];
    const response = await page.goto(imageUrl);
    assert.equal(response?.status(), 200);
    assert.equal(response?.headers()['content-type'], 'image/png');
    const natural = await page.evaluate(() => {
      const img = document.querySelector('img')!;
      return [img.naturalWidth, img.naturalHeight];
    });
    assert.deepEqual(natural, declared);
    assert.deepEqual(natural, [1200, 630]);
  });

  test('copy link puts the award URL on the clipboard', async () => {
    await page.goto(awardUrl(1));
    await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
    const share = page.locator('.award-locale[data-locale="ko"] [data-share]');
    const button = share.locator('button[data-copy-button]').first();
    assert.ok(await button.isVisible(), 'the copy button is shown when JavaScript runs');
    assert.equal(await button.innerText(), '링크 복사');
    await button.click();
    await share.locator('[data-copy-status]').first().filter({ hasText: '복사했습니다' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), awardUrl(1));
  });

  test('the English version copies the embed snippet, whose badge image loads', async () => {
    await page.goto(`${awardUrl(3)}#en`);
    const share = page.locator('.award-locale[data-locale="en"] [data-share]');
    assert.ok(await share.isVisible());
    await share.locator('details.embed summary').click();
    const preview = share.locator('.embed-preview img');
    await preview.waitFor();
    assert.ok(
      await preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      'embed image loads',
    );
    await share.locator('details.embed button[data-copy-button]').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await share.locator('textarea[data-embed-code]').inputValue());
    assert.match(copied, new RegExp(`^<a href="${awardUrl(3)}#en"`), 'made in the English view, the snippet opens it');
    assert.doesNotMatch(copied, /<script/i);
    const xText = new URL((await share.locator('a[data-share-target="x"]').getAttribute('href'))!).searchParams.get(
      'text',
    );
    assert.match(xText!, /expired on/, 'an expired award says so when shared');
  });

  test('a revoked award offers no sharing at all', async () => {
    await page.goto(awardUrl(4));
    assert.equal(await page.locator('[data-share]').count(), 0);
    assert.equal(await page.locator('a[data-share-target]').count(), 0);
  });

  test('the share links the script makes are the links the build makes, in both languages', async () => {
    const model = fixtureModel();
    // Valid, tricky names, expired.
    for (const n of [1, 2, 3]) {
      await page.goto(awardUrl(n));
      for (const locale of ['ko', 'en'] as const) {
        const links = await page
          .locator(`.award-locale[data-locale="${locale}"] a[data-share-target]`)
          .evaluateAll((as) =>
            as.map((a) => ({
              target: a.getAttribute('data-share-target'),
              href: a.getAttribute('href'),
              newTab: a.getAttribute('target') === '_blank' && a.getAttribute('rel') === 'noopener noreferrer',
              text: a.textContent,
            })),
          );
        const expected = shareLinks(model, fixtureAward(model, n), siteUrls(SITE), locale);
        assert.deepEqual(
          links.map(({ target, href }) => ({ target, href })),
          expected.map(({ target, href }) => ({ target, href })),
          `award ${n}, ${locale}`,
        );
        for (const [i, link] of links.entries()) {
          const newTab = link.target !== 'email';
          assert.equal(link.newTab, newTab, `${link.target} opens a new tab unless it is email`);
          const note = locale === 'ko' ? ' (새 탭에서 열림)' : ' (opens in a new tab)';
          assert.equal(link.text, expected[i]!.label + (newTab ? note : ''), `${link.target} says so`);
        }
      }
      assert.equal(await page.locator('ul[data-share-links]').count(), 2);
      assert.equal(await page.locator('ul[data-share-links][hidden]').count(), 0, 'shown once made');
    }
  });

  test('the controls the script makes are in the language of their version, and work', async () => {
    await page.goto(awardUrl(1));
    for (const locale of ['ko', 'en'] as const) {
      const texts = awardPageTexts(locale);
      // Shown through the language menu, as a reader would.
      await page.locator(`.languages a[data-switch-locale="${locale}"]`).click();
      const version = page.locator(`.award-locale[data-locale="${locale}"]`);
      const print = version.locator('button[data-print-button]');
      assert.equal(await print.innerText(), texts.print);
      assert.equal(await version.locator('[data-print-hint]').isVisible(), false, 'the hint gives way to the button');
      await page.evaluate(() => {
        (window as { printed?: number }).printed = 0;
        window.print = () => void ((window as { printed?: number }).printed! += 1);
      });
      await print.click();
      assert.equal(
        await page.evaluate(() => (window as { printed?: number }).printed),
        1,
        'print opens the print dialog',
      );
      assert.deepEqual(await version.locator('button[data-bake]').allInnerTexts(), Object.values(texts.bake));
      assert.deepEqual(
        await version.locator('[data-share] > [data-copy-group] button[data-copy-button]').allInnerTexts(),
        [texts.copyLink],
      );
      const embed = version.locator('details.embed');
      assert.equal(await embed.locator('summary').innerText(), texts.embedTitle);
      await embed.locator('summary').click();
      const copyHtml = embed.locator('button[data-copy-button]');
      assert.equal(await copyHtml.innerText(), texts.embedCopy);
      await copyHtml.click();
      await embed.locator('[data-copy-status]').filter({ hasText: texts.copied }).waitFor();
      assert.equal(
        await page.evaluate(() => navigator.clipboard.readText()),
        await embed.locator('textarea[data-embed-code]').inputValue(),
      );
      assert.match(
        (await embed.locator('.embed-preview img').getAttribute('alt')) ?? '',
        locale === 'ko' ? / 배지$/ : / badge$/,
      );
    }
  });

  test('without JavaScript: no link without an address, the address is selectable, no dead copy button or empty embed', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, ignoreHTTPSErrors: true });
    try {
      const plain = await noScript.newPage();
      await plain.goto(awardUrl(1));
      const share = plain.locator('.award-locale[data-locale="ko"] [data-share]');
      assert.ok(await share.isVisible());
      // The sites shared to need JavaScript themselves: the reader copies the address instead.
      assert.equal(await share.locator('ul[data-share-links]').isVisible(), false);
      assert.equal(await share.locator('input[data-copy-source]').inputValue(), awardUrl(1));
      assert.ok(await share.locator('input[data-copy-source]').isVisible());
      assert.equal(await share.locator('button[data-copy-button]').first().isVisible(), false);
      assert.equal(await share.locator('details.embed').isVisible(), false);
    } finally {
      await noScript.close();
    }
  });
});
