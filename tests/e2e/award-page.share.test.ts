/**
 * Sharing from an award page in a real Chromium: the preview image the page
 * declares loads, copy link and copy embed put the right text on the
 * clipboard, the share links the page's script makes are the build's, and
 * without JavaScript the address to copy remains. The earner's tools are one
 * section, closed for a plain visit and open arriving from the earner's email;
 * the device's share sheet comes first where the browser has one; the wallet
 * section's QR code, read from the screen, is the credential's address.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { earnerPageUrl } from '../../src/lib/award-page/earner-link.ts';
import { lcwRequestLink } from '../../src/lib/award-page/wallet-link.ts';
import { shareInput } from '../../src/lib/social/share-links.ts';
import { openEarnerTools } from '../helpers/earner-tools.ts';
import { decodeQrImage } from '../helpers/qr-decode.ts';
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
    await openEarnerTools(page.locator('.award-locale[data-locale="ko"]'));
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
    await openEarnerTools(page.locator('.award-locale[data-locale="en"]'));
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
      await openEarnerTools(version);
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

  test("the earner's section: closed for a plain visit, open from the email's link (a clean address); the device's share sheet first (390 and 1280 px, ko and en)", async () => {
    const model = fixtureModel();
    for (const locale of ['ko', 'en'] as const) {
      const viewer = await browser.newContext({ locale: locale === 'ko' ? 'ko-KR' : 'en-US', ignoreHTTPSErrors: true });
      // The browser's own share sheet, stubbed only to record what the page asks it to share.
      await viewer.addInitScript(() => {
        const calls: ShareData[] = [];
        (window as { shared?: ShareData[] }).shared = calls;
        Object.defineProperty(Navigator.prototype, 'share', {
          configurable: true,
          value: (data: ShareData) => {
            calls.push(data);
            return Promise.resolve();
          },
        });
      });
      const tab = await viewer.newPage();
      try {
        for (const width of [390, 1280]) {
          await tab.setViewportSize({ width, height: 844 });
          const version = tab.locator(`.award-locale[data-locale="${locale}"]`);
          const tools = version.locator('details[data-earner-tools]');
          await tab.goto(awardUrl(3));
          assert.ok(await version.locator('.facts').isVisible(), `${locale} ${width}: the recruiter's view`);
          assert.equal(await tools.evaluate((d: HTMLDetailsElement) => d.open), false, `${locale} ${width}: closed`);
          assert.equal(await version.locator('[data-share] input[data-copy-source]').isVisible(), false);
          assert.equal(await tab.locator('a[data-lcw-link]').count(), 0, 'nothing fetched for a closed section');
          // The earner's email links here (src/lib/notify/compose.ts); a new document, as from a mail program.
          await tab.goto('about:blank');
          await tab.goto(earnerPageUrl(awardUrl(3)));
          assert.equal(await tools.evaluate((d: HTMLDetailsElement) => d.open), true, `${locale} ${width}: open`);
          assert.ok(await version.locator('[data-share] input[data-copy-source]').isVisible());
          assert.equal(
            tab.url(),
            awardUrl(3),
            'the marker leaves the address bar: a copied address opens the recruiter view',
          );
          assert.equal(
            await version.locator('.share-links a[data-share-target="linkedin-profile"]').count(),
            1,
            '"Add to LinkedIn profile" is one of the earner\'s tools',
          );
          const button = version.locator('[data-share] button[data-native-share]');
          assert.equal(await button.innerText(), awardPageTexts(locale).shareNative);
          assert.ok(
            await button.evaluate(
              (b) =>
                !!(
                  b.compareDocumentPosition(b.closest('[data-share]')!.querySelector('ul[data-share-links]')!) &
                  Node.DOCUMENT_POSITION_FOLLOWING
                ),
            ),
            'the share sheet comes before the share links',
          );
          await button.click();
          const expected = shareInput(model, fixtureAward(model, 3), siteUrls(SITE), locale)!;
          assert.deepEqual(
            await tab.evaluate(() => (window as { shared?: ShareData[] }).shared),
            [{ title: expected.badge, text: expected.text, url: expected.pageUrl }],
            `${locale} ${width}: the sheet gets this version's words and address`,
          );
        }
      } finally {
        await viewer.close();
      }
    }
    // A browser without a share sheet gets the share links only.
    await page.goto(awardUrl(1));
    const hasSheet = await page.evaluate(() => typeof navigator.share === 'function');
    assert.equal(await page.locator('button[data-native-share]').count(), hasSheet ? 2 : 0);
  });

  test('the wallet section: its QR code, read from the screen, is the credential address; the LCW link offers that credential', async () => {
    const viewer = await browser.newContext({ locale: 'ko-KR', ignoreHTTPSErrors: true });
    try {
      const tab = await viewer.newPage();
      await tab.goto(earnerPageUrl(awardUrl(1)));
      const wallet = tab.locator('.award-locale[data-locale="ko"] [data-wallet]');
      const credentialUrl = `${awardUrl(1)}credential.json`;
      assert.equal(await decodeQrImage(await wallet.locator('svg[data-wallet-qr]').screenshot()), credentialUrl);
      assert.equal(await wallet.locator('input[data-wallet-address]').inputValue(), credentialUrl);
      const lcw = wallet.locator('a[data-lcw-link]');
      await lcw.waitFor();
      const credential = await tab.evaluate(
        async (url) => (await (await fetch(url)).json()) as Record<string, unknown>,
        credentialUrl,
      );
      assert.equal(await lcw.getAttribute('href'), lcwRequestLink(credential));
      assert.equal(await lcw.innerText(), awardPageTexts('ko').lcwLink);
    } finally {
      await viewer.close();
    }
  });

  test('without JavaScript: no link without an address, the address is selectable, no dead copy button or empty embed', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, ignoreHTTPSErrors: true });
    try {
      const plain = await noScript.newPage();
      await plain.goto(awardUrl(1));
      // The earner's section opens without script too (a <details>).
      await openEarnerTools(plain.locator('.award-locale[data-locale="ko"]'));
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
