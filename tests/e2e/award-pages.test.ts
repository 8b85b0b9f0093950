/**
 * Award pages in a real Chromium, one per state, served over HTTP on loopback.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { buildSite, holdPort } from '../helpers/site-build.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
let server: StaticServer;
let releasePort: (() => void) | undefined;
let browser: Browser;
let page: Page;

async function open(path: string) {
  const response = await page.goto(server.origin + path);
  assert.ok(response, path);
  return response;
}

describe('award pages in Chromium', () => {
  before(async () => {
    const dist = buildSite({ siteUrl: 'http://127.0.0.1:4390/' });
    releasePort = await holdPort(4390);
    server = await serveStatic({ root: dist, port: 4390 });
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    releasePort?.();
  });

  const cases = [
    { n: 1, status: 'valid', title: '누리테크 클라우드 기초 인증', note: '이 배지는 유효합니다.' },
    { n: 3, status: 'expired', title: '누리테크 공인 클라우드 관리자 어소시에이트', note: '2025년 5월 20일에 만료되었습니다' },
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
      assert.ok(!(await page.locator('.award-locale[data-locale="en"]').isVisible()), 'the other language is hidden until chosen');
      assert.match(await main.locator('h1').innerText(), new RegExp(c.title));
      assert.equal(await main.locator('[data-status]').getAttribute('data-status'), c.status);
      assert.match(await main.locator('.notice').innerText(), new RegExp(c.note));
      const imageWidth = await main.locator('.award img.award-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth);
      assert.ok(imageWidth && imageWidth > 0, 'badge image loaded');
      assert.equal(await page.locator('h1:visible').count(), 1, 'one visible h1');
    });
  }

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
    assert.equal(await page.locator('.languages a[data-switch-locale="ko"]').evaluate((a) => getComputedStyle(a).fontWeight), '700');
    assert.ok(await page.getByRole('link', { name: '배지 검증', exact: true }).first().isVisible());
    assert.equal(await page.getByRole('link', { name: 'Verify a badge', exact: true }).count(), 0, 'hidden English frame is not in the accessibility tree');
    await page.locator('.languages a[data-switch-locale="en"]').click();
    assert.ok(page.url().endsWith('#en'));
    assert.ok(await page.getByRole('link', { name: 'Verify a badge', exact: true }).isVisible());
    assert.equal(await page.getByRole('link', { name: '배지 검증', exact: true }).count(), 0);
    assert.ok(await page.locator('footer [data-l10n="en"]').isVisible());
    const weight = (locale: string) => page.locator(`.languages a[data-switch-locale="${locale}"]`).evaluate((a) => getComputedStyle(a).fontWeight);
    assert.deepEqual([await weight('en'), await weight('ko')], ['700', '400'], 'the chosen language is the marked one');
  });
});
