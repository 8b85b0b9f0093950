/**
 * The printed award page in Chromium: print media turns it into a one-page
 * certificate (A4 and Letter) in the language being viewed, with a QR code
 * that a QR decoder reads as the award's address; the "Print / save as PDF"
 * button (script) and its no-script hint. Uses the shared fixture build.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright';
import sharp from 'sharp';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../../scripts/lib/browser.ts';
import { buildSite } from '../helpers/site-build.ts';
import { openEarnerTools } from '../helpers/earner-tools.ts';

const SITE = 'https://badges.example.org/';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
let dist: string;
let server: StaticServer;
let browser: Browser;
let page: Page;

async function open(n: number, lang: 'ko' | 'en', media: 'screen' | 'print') {
  await page.emulateMedia({ media });
  // The language named in the address: a choice made earlier in this browser is remembered.
  await page.goto(`${server.origin}/badges/${id(n)}/#${lang}`);
  await page.waitForLoadState('load');
  // The page's script makes the certificate from the page (src/browser/award-certificate.ts).
  await page.locator('[data-certificate-qr]').waitFor({ state: 'attached' });
}

async function pdfPages(format: 'A4' | 'Letter'): Promise<number> {
  return (await PDFDocument.load(await page.pdf({ format, printBackground: true }))).getPageCount();
}

/** Reads the QR code as printed: a screenshot of the code under print media, decoded by jsQR. */
async function printedQr(): Promise<string | undefined> {
  const png = await page.locator('.certificate-qr-code').screenshot({ scale: 'device' });
  const { data, info } = await sharp(png)
    .flatten({ background: '#ffffff' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data;
}

describe('printed award certificate in Chromium', () => {
  before(async () => {
    dist = buildSite();
    server = await serveStatic({ root: dist });
    browser = await launchBrowser();
    // A Korean reader: the award page shows the browser's language when the address names none.
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const cases = [
    {
      n: 1,
      lang: 'ko',
      status: 'valid',
      says: ['디지털 배지 인증서', '김민지', '누리테크 클라우드 기초 인증', '유효'],
    },
    {
      n: 1,
      lang: 'en',
      status: 'valid',
      says: ['Digital badge certificate', '김민지', 'NuriTech Certified Cloud Fundamentals', 'Valid'],
    },
    { n: 3, lang: 'en', status: 'expired', says: ['Priya Natarajan', 'Expired', '20 May 2025'] },
    { n: 4, lang: 'ko', status: 'revoked', says: ['이서준', '취소됨', '취소 사유'] },
  ] as const;
  for (const c of cases) {
    test(`award ${c.n} (${c.status}, ${c.lang}) prints as one page, A4 and Letter, with a QR code to the award`, async () => {
      await open(c.n, c.lang, 'print');
      const certificate = page.locator('[data-certificate]:visible');
      assert.equal(await certificate.count(), 1, 'only the certificate of the language being viewed is printed');
      const text = await certificate.evaluate((el) => el.textContent ?? '');
      for (const word of c.says) assert.ok(text.includes(word), `certificate says ${word}`);
      // Once the status is checked, the paper says as of when, not "just now" (the page's own line does).
      const asOf = certificate.locator('[data-certificate-as-of]');
      await asOf.locator('time').waitFor({ state: 'attached' });
      const printedAsOf = await asOf.innerText();
      assert.match(
        printedAsOf,
        c.lang === 'en' ? /^Status as of \d+ \w+ \d{4}/ : /^\d{4}년 \d+월 \d+일 .* 기준 상태입니다/,
      );
      assert.doesNotMatch(printedAsOf, /just now|방금/);
      assert.equal(
        await page.locator('.award:visible, .site-header:visible, .site-footer:visible').count(),
        0,
        'the page itself is not printed',
      );
      assert.ok(
        ((await certificate.getAttribute('class')) ?? '').split(' ').includes(`award--${c.status}`),
        'the certificate has the state class its stamp follows',
      );
      const stamp = await certificate
        .locator('.award-stamp')
        .evaluate((el) => getComputedStyle(el, '::before').content);
      assert.equal(
        stamp,
        c.status === 'valid' ? 'none' : JSON.stringify(c.says.find((w) => /^(Expired|취소됨)$/.test(w))),
      );
      const awardUrl = `${SITE}badges/${id(c.n)}/`;
      assert.equal(await page.locator('[data-certificate-url]').innerText(), awardUrl);
      assert.equal(await printedQr(), awardUrl);
      assert.equal(await pdfPages('A4'), 1);
      assert.equal(await pdfPages('Letter'), 1);
    });
  }

  test('on screen the certificate is hidden, and the stamp marks the artwork of an expired award', async () => {
    await open(3, 'ko', 'screen');
    assert.equal(await page.locator('[data-certificate]:visible, [data-certificate-qr]:visible').count(), 0);
    const stamp = page.locator('.award .award-stamp:visible');
    assert.equal(await stamp.count(), 1);
    assert.equal(await stamp.evaluate((el) => getComputedStyle(el, '::before').content), '"만료됨"');
    // On a phone the stamp sits on the small badge, not across the facts beside it.
    await page.setViewportSize({ width: 390, height: 900 });
    const image = (await page.locator('.award .award-image:visible').boundingBox())!;
    const mark = (await stamp.boundingBox())!;
    assert.ok(image.width <= 100, `the phone layout's small badge (${image.width} px)`);
    const centre = { x: mark.x + mark.width / 2, y: mark.y + mark.height / 2 };
    assert.ok(
      centre.x > image.x && centre.x < image.x + image.width && centre.y > image.y && centre.y < image.y + image.height,
      'stamp centred on the badge',
    );
    assert.ok(mark.width < image.width * 1.5, `stamp about the badge's size (${mark.width} px)`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(1, 'ko', 'screen');
    assert.equal(await page.locator('.award .award-stamp:visible').count(), 0, 'a valid award has no stamp');
  });

  test('"Print / save as PDF" opens the print dialog; without scripts a hint says how to print', async () => {
    await open(1, 'en', 'screen');
    await openEarnerTools(page.locator('.award-locale[data-locale="en"]'));
    const button = page.locator('[data-print-button]:visible');
    assert.equal(await button.count(), 1);
    assert.equal(await button.innerText(), 'Print / save as PDF');
    assert.equal(await page.locator('[data-print-hint]:visible').count(), 0);
    await page.evaluate(() => {
      window.print = () => document.documentElement.setAttribute('data-printed', '');
    });
    await button.click();
    assert.equal(await page.locator('html[data-printed]').count(), 1);

    const noScript = await browser.newContext({ javaScriptEnabled: false, locale: 'ko-KR' });
    try {
      const plain = await noScript.newPage();
      await plain.goto(`${server.origin}/badges/${id(1)}/#en`);
      await openEarnerTools(plain.locator('.award-locale[data-locale="en"]'));
      assert.equal(await plain.locator('[data-print-button]:visible').count(), 0);
      assert.match(await plain.locator('[data-print-hint]:visible').innerText(), /Ctrl\+P/);
      // Without the script there is no certificate: printing gives the page itself, in the language chosen.
      await plain.emulateMedia({ media: 'print' });
      assert.equal(await plain.locator('[data-certificate]').count(), 0);
      assert.equal(await plain.locator('.award:visible').count(), 1);
      assert.match(await plain.locator('.award:visible h1').innerText(), /NuriTech Certified Cloud Fundamentals/);
    } finally {
      await noScript.close();
    }
  });

  test('the retired list shows a neutral mark, not the check-mark artwork, for entries that never had a badge', () => {
    for (const prefix of ['', 'en/']) {
      const page = readFileSync(path.join(dist, prefix, 'retired-certifications/index.html'), 'utf8');
      const items = [...page.matchAll(/<li class="catalog-item" data-id="([^"]+)"[^>]*>([\s\S]*?)<\/li>/g)];
      const noBadge = items.filter(([, , body]) => /tag--muted/.test(body!));
      assert.ok(
        noBadge.some(([, id]) => id === 'nt-050'),
        'nt-050 (retired before the program) is listed without a badge',
      );
      for (const [, id, body] of items) {
        const withoutBadge = noBadge.some(([, other]) => other === id);
        assert.equal(
          /data-no-badge-mark/.test(body!),
          withoutBadge,
          `${id}: the no-badge mark exactly when there is no badge`,
        );
        assert.equal(/<img /.test(body!), !withoutBadge, `${id}: artwork only when there is a badge`);
      }
    }
  });
});
