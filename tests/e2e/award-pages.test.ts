/**
 * Award pages in a real Chromium, one per state, served on loopback;
 * and the status as of viewing: an expiry passed since the build, a revocation
 * bit set in the status list after the build, a status list that cannot be read.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { launchBrowser } from '../../scripts/lib/browser.ts';
import { buildSite, FIXTURE_NOW } from '../helpers/site-build.ts';
import { type SiteForBrowser, serveForBrowser } from '../helpers/site-server.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const SITE = 'https://badges.example.org/';
const origin = SITE.slice(0, -1);
let dist: string;
let site: SiteForBrowser;
let browser: Browser;
let page: Page;

async function open(path: string) {
  const response = await page.goto(origin + path);
  assert.ok(response, path);
  return response;
}

describe('award pages in Chromium', () => {
  before(async () => {
    // The suite's shared fixture build, browsed at its real URL (tests/helpers/site-server.ts).
    dist = buildSite();
    site = await serveForBrowser(dist, SITE);
    browser = await launchBrowser({ hosts: site.hosts });
    page = await browser.newPage({ locale: 'ko-KR', ignoreHTTPSErrors: true });
    // The page tells the status as of viewing: view it at the build moment unless a test says otherwise.
    await page.clock.setFixedTime(new Date(FIXTURE_NOW));
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  const cases = [
    { n: 1, status: 'valid', title: '누리테크 클라우드 기초 인증', note: '이 배지는 유효합니다.' },
    {
      n: 3,
      status: 'expired',
      title: '누리테크 공인 클라우드 관리자 어소시에이트',
      note: '2025년 5월 20일에 만료되었습니다',
    },
    { n: 4, status: 'revoked', title: '클라우드 보안 스페셜티', note: '취소했습니다' },
    { n: 5, status: 'valid', title: '누리테크 공인 서버 관리자 어소시에이트', note: '중단되었습니다' },
    { n: 13, status: 'valid', title: '누리테크 공인 데이터 분석가 어소시에이트', note: '이 배지는 유효합니다.' },
  ];
  for (const c of cases) {
    test(`award ${c.n} (${c.status}) renders its state, badge image and details`, async () => {
      const response = await open(`/badges/${id(c.n)}/`);
      assert.equal(response.status(), 200);
      const main = page.locator('.award-locale[data-locale="ko"]');
      assert.ok(await main.isVisible(), 'the default-language version is shown');
      assert.ok(
        !(await page.locator('.award-locale[data-locale="en"]').isVisible()),
        'the other language is hidden until chosen',
      );
      assert.match(await main.locator('h1').innerText(), new RegExp(c.title));
      assert.equal(await main.locator('article [data-status]').getAttribute('data-status'), c.status);
      assert.match(await main.locator('.notice').innerText(), new RegExp(c.note));
      const imageWidth = await main
        .locator('.award img.award-image')
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth);
      assert.ok(imageWidth && imageWidth > 0, 'badge image loaded');
      assert.equal(await page.locator('h1:visible').count(), 1, 'one visible h1');
    });
  }

  test('the person first (issue 29): the name as large as the title; at 390 px a compact header and the facts and status in the first 600 px', async () => {
    for (const locale of ['ko', 'en'] as const) {
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 844 });
        await page.goto('about:blank');
        await open(`/badges/${id(1)}/#${locale}`);
        const version = page.locator(`.award-locale[data-locale="${locale}"]`);
        const size = (selector: string) =>
          version.locator(selector).evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
        const [name, title] = [await size('.award-hero .recipient'), await size('.award-hero h1')];
        assert.ok(name >= title, `${locale} ${width}: the name (${name}px) is at least the title's size (${title}px)`);
        const menu = page.locator(`.site-header [data-l10n="${locale}"] details.site-menu > summary`);
        const nav = page.locator(`#site-nav-${locale}`);
        if (width === 390) {
          const bottom = async (selector: string) =>
            (await version.locator(selector).boundingBox())!.y +
            (await version.locator(selector).boundingBox())!.height;
          const facts = await bottom('.award-hero .facts');
          const status = await bottom('.award-hero [data-status]');
          assert.ok(Math.max(facts, status) <= 600, `${locale}: facts end at ${facts}px, status at ${status}px`);
          assert.ok(await menu.isVisible(), 'a menu button on phones');
          assert.equal(await nav.isVisible(), false, 'the menu is folded');
          await menu.click();
          assert.ok(await nav.isVisible(), 'the button opens it (no script needed: a <details>)');
        } else {
          assert.equal(await menu.isVisible(), false, 'no menu button on a wide screen');
          assert.ok(await nav.isVisible());
        }
      }
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  test('a withheld award is a 404 with the not-found page', async () => {
    const response = await open(`/badges/${id(6)}/`);
    assert.equal(response.status(), 404);
    assert.match(await page.locator('h1').first().innerText(), /페이지를 찾을 수 없습니다/);
  });

  test('a revoked award shows the reason and is greyed out', async () => {
    await open(`/badges/${id(4)}/#en`);
    const en = page.locator('.award-locale[data-locale="en"]');
    assert.ok(await en.isVisible());
    assert.match(await en.locator('.revocation-reason').innerText(), /testing-policy investigation/);
    const filter = await en.locator('.award img.award-image').evaluate((img) => getComputedStyle(img).filter);
    assert.match(filter, /grayscale/);
  });

  test('the page frame (navigation, footer) follows the chosen language on the one award URL', async () => {
    await open(`/badges/${id(1)}/`);
    await page.evaluate(() => localStorage.clear()); // forget the English chosen by an earlier test
    await page.reload();
    assert.equal(
      await page.locator('.languages a[data-switch-locale="ko"]').evaluate((a) => getComputedStyle(a).fontWeight),
      '700',
    );
    assert.ok(await page.getByRole('link', { name: '배지 검증', exact: true }).first().isVisible());
    assert.equal(
      await page.getByRole('link', { name: 'Verify a badge', exact: true }).count(),
      0,
      'hidden English frame is not in the accessibility tree',
    );
    await page.locator('.languages a[data-switch-locale="en"]').click();
    assert.ok(page.url().endsWith('#en'));
    assert.ok(await page.getByRole('link', { name: 'Verify a badge', exact: true }).isVisible());
    assert.equal(await page.getByRole('link', { name: '배지 검증', exact: true }).count(), 0);
    assert.ok(await page.locator('footer [data-l10n="en"]').isVisible());
    const weight = (locale: string) =>
      page.locator(`.languages a[data-switch-locale="${locale}"]`).evaluate((a) => getComputedStyle(a).fontWeight);
    assert.deepEqual([await weight('en'), await weight('ko')], ['700', '400'], 'the chosen language is the marked one');
  });
  describe('the status as of viewing', () => {
    /** A visitor at `when`, whose requests for the status list `statusList` answers (else the site does). */
    async function viewAt(when: string, statusList?: (body: string) => string | undefined): Promise<Page> {
      const context = await browser.newContext({ locale: 'en-GB', ignoreHTTPSErrors: true });
      const viewer = await context.newPage();
      await viewer.clock.setFixedTime(new Date(when));
      if (statusList) {
        await viewer.route('**/status/revocation.json', async (route) => {
          // The list as built (what the site would answer), changed by the test.
          const body = statusList(readFileSync(path.join(dist, 'status/revocation.json'), 'utf8'));
          return body === undefined
            ? route.abort()
            : route.fulfill({ status: 200, contentType: 'application/json', body });
        });
      }
      return viewer;
    }
    const checkedLine = (viewer: Page) => viewer.locator('.award-locale[data-locale="en"] [data-status-as-of]');

    test('an award built valid shows Expired once its expiry has passed, and says when that was checked', async () => {
      // Award 13 expires on 20 December 2026; the site was built on 26 November 2026.
      const viewer = await viewAt('2027-01-05T09:00:00Z');
      await viewer.goto(`${origin}/badges/${id(13)}/`);
      const en = viewer.locator('.award-locale[data-locale="en"]');
      await en.locator('article [data-status="expired"]').waitFor();
      assert.equal(await en.locator('article [data-status]').innerText(), 'Expired');
      assert.match(await en.locator('[data-status-note]').innerText(), /expired on 20 December 2026/);
      assert.equal(await en.locator('article [data-expiry-label]').innerText(), 'Expired');
      await checkedLine(viewer).locator('time').waitFor();
      assert.match(await checkedLine(viewer).innerText(), /^Checked just now \(5 January 2027/);
      assert.equal(await checkedLine(viewer).locator('time').getAttribute('datetime'), '2027-01-05T09:00:00.000Z');
      assert.ok(await en.locator('article').evaluate((a) => a.classList.contains('award--expired')));
      // The artwork is stamped and its alt text names the state, in each language (the script's words).
      const stamp = en.locator('article .award-stamp');
      assert.equal(await stamp.evaluate((el) => getComputedStyle(el, '::before').content), '"Expired"');
      assert.match((await en.locator('article img.award-image').getAttribute('alt')) ?? '', / badge \(Expired\)$/);
      const ko = viewer.locator('.award-locale[data-locale="ko"]');
      assert.equal(await ko.locator('article .award-stamp').getAttribute('data-expired'), '만료됨');
      assert.match((await ko.locator('article img.award-image').getAttribute('alt')) ?? '', / 배지 \(만료됨\)$/);
      assert.equal(await ko.locator('article [data-status]').textContent(), '만료됨');
      // The printable certificate says the same, with its stamp.
      const certificate = en.locator('[data-certificate]');
      assert.ok(await certificate.evaluate((c) => c.classList.contains('award--expired')));
      assert.equal(await certificate.locator('[data-status]').textContent(), 'Expired');
      assert.match(
        (await certificate.locator('[data-certificate-note]').textContent()) ?? '',
        /expired on 20 December 2026/,
      );
      // Paper outlives "just now": the certificate says as of when (issue 29).
      assert.match(
        (await certificate.locator('[data-certificate-as-of]').textContent()) ?? '',
        /^Status as of \d+ \w+ \d{4} at \d{2}:\d{2} \(checked against/,
      );
      await viewer.context().close();
    });

    test('a revocation bit set in the status list after the build shows the award as revoked', async () => {
      const credential = JSON.parse(readFileSync(path.join(dist, `badges/${id(1)}/credential.json`), 'utf8')) as {
        credentialStatus: { statusListIndex: string };
      };
      const index = Number(credential.credentialStatus.statusListIndex);
      const viewer = await viewAt(FIXTURE_NOW, (body) => {
        // Flip this award's bit (the first bit is the most significant of the first byte). The page checks
        // no signature (the verify page does), so the unsigned change must show.
        const list = JSON.parse(body) as { credentialSubject: { encodedList: string } };
        const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
        assert.equal(bits[index >> 3]! & (0x80 >> (index & 7)), 0, 'not revoked in the built list');
        bits[index >> 3]! |= 0x80 >> (index & 7);
        list.credentialSubject.encodedList = `u${gzipSync(bits).toString('base64url')}`;
        return JSON.stringify(list);
      });
      await viewer.goto(`${origin}/badges/${id(1)}/`);
      const en = viewer.locator('.award-locale[data-locale="en"]');
      await en.locator('article [data-status="revoked"]').waitFor();
      assert.equal(await en.locator('article [data-status]').innerText(), 'Revoked');
      assert.equal(await en.locator('[data-certificate] [data-status]').textContent(), 'Revoked');
      assert.equal(await en.locator('[data-status-note]').innerText(), 'The issuer has revoked this badge.');
      assert.equal(
        await en.locator('article .award-stamp').evaluate((el) => getComputedStyle(el, '::before').content),
        '"Revoked"',
      );
      assert.equal(
        await viewer.locator('.award-locale[data-locale="ko"] [data-status-note]').textContent(),
        '발급 기관이 이 배지를 취소했습니다.',
      );
      assert.match(await checkedLine(viewer).innerText(), /^Checked just now/);
      assert.ok(await en.locator('[data-share]').isHidden(), 'nothing left to share');
      await viewer.context().close();

      // The same page with the list as built: still valid, checked now.
      const unchanged = await viewAt(FIXTURE_NOW);
      await unchanged.goto(`${origin}/badges/${id(1)}/`);
      await checkedLine(unchanged).locator('time').waitFor();
      assert.equal(
        await unchanged.locator('.award-locale[data-locale="en"] article [data-status]').innerText(),
        'Valid',
      );
      await unchanged.context().close();
    });

    test('when the status list cannot be read, the page keeps the built status and says it is the published one', async () => {
      const viewer = await viewAt(FIXTURE_NOW, () => undefined);
      await viewer.goto(`${origin}/badges/${id(1)}/`);
      await viewer.waitForFunction(() =>
        /could not be checked/.test(
          document.querySelector('[data-locale="en"] [data-status-as-of]')?.textContent ?? '',
        ),
      );
      assert.equal(
        await checkedLine(viewer).innerText(),
        'The revocation list could not be checked just now. The status shown is the one this page was published with.',
      );
      assert.equal(await viewer.locator('.award-locale[data-locale="en"] article [data-status]').innerText(), 'Valid');
      await viewer.context().close();
    });
  });
});
