/**
 * The site's Content-Security-Policy in Chromium: every kind of page, served
 * by the preview server with the site's own `_headers` (so the browser
 * enforces exactly the policy the build wrote), loads and works without one
 * violation, including a verification by paste and by ?url=.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { sitePaths } from '../../src/lib/site-urls.ts';
import { launchBrowser } from '../../scripts/lib/browser.ts';
import { pagesContent } from '../helpers/pages-content.ts';
import { buildSite } from '../helpers/site-build.ts';
import { type SiteForBrowser, serveForBrowser } from '../helpers/site-server.ts';
import { AWARD } from '../helpers/verify-site.ts';

/** The suite's shared build of these pages, browsed at its real URL (tests/helpers/site-server.ts). */
const siteUrl = 'https://badges.example.org/';
let site: SiteForBrowser;
let outDir: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[] = [];

const PAGES = [
  '',
  'en/',
  'certifications/',
  'en/certifications/',
  'retired-certifications/',
  'certifications/cloud-fundamentals/',
  'en/certifications/cloud-fundamentals/',
  sitePaths.awardPage(AWARD.valid),
  sitePaths.awardPage(AWARD.revoked),
  sitePaths.awardPage(AWARD.expired),
  'faq/',
  'en/faq/',
  'claim-guide/',
  'en/claim-guide/',
  'verify/',
  'en/verify/',
];

async function open(relative: string): Promise<void> {
  problems = [];
  const response = await page.goto(siteUrl + relative, { waitUntil: 'networkidle' });
  assert.equal(response?.status(), 200, relative);
  assert.match(
    response!.headers()['content-security-policy'] ?? '',
    /script-src 'self'/,
    `${relative} is served with the policy`,
  );
}

async function violations(): Promise<string[]> {
  const seen = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  return [...seen, ...problems];
}

describe('Content-Security-Policy in Chromium', () => {
  before(async () => {
    outDir = buildSite({ contentDir: pagesContent(), siteUrl });
    site = await serveForBrowser(outDir, siteUrl);
    browser = await launchBrowser({ hosts: site.hosts });
    context = await browser.newContext({ ignoreHTTPSErrors: true });
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__csp.push(
          `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`,
        );
      });
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
  });

  test('_headers carries the policy and the hardening headers', () => {
    const headers = readFileSync(path.join(outDir, '_headers'), 'utf8');
    // Page scripts are files on the site (Vite inlines none: see astro.config.mjs); any inline one is listed by its hash.
    assert.match(
      headers,
      /^\/\*\n {2}Content-Security-Policy: default-src 'none'; script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*;/m,
    );
    // The site-wide policy; only the editing studio's rule (/studio/*, its own page) allows inline styles.
    const siteWide = /^\/\*\n {2}Content-Security-Policy: (.*)$/m.exec(headers)![1]!;
    assert.doesNotMatch(siteWide, /unsafe-inline|unsafe-eval/);
    assert.doesNotMatch(
      headers.replace(/^\/studio\/\*\n(?: {2}.*\n)+/m, ''),
      /unsafe-inline|unsafe-eval/,
      "no rule but the studio's relaxes the policy",
    );
    assert.match(headers, /frame-ancestors 'none'/);
    assert.match(headers, /base-uri 'self'/);
    assert.match(headers, /^ {2}X-Content-Type-Options: nosniff$/m);
    assert.match(headers, /^ {2}Referrer-Policy: strict-origin-when-cross-origin$/m);
    assert.match(headers, /^\/images\/\*\n {2}Access-Control-Allow-Origin: \*$/m);
  });

  for (const relative of PAGES) {
    test(`/${relative} loads without a CSP violation or console error`, async () => {
      await open(relative);
      assert.deepEqual(await violations(), []);
    });
  }

  test('inline scripts run under the policy: the copy buttons appear on an award page', async () => {
    // As the earner's email opens it: the earner's tools open, and the wallet link is made from a fetch.
    await open(`${sitePaths.awardPage(AWARD.valid)}#for-earner`);
    // The copy script unhides its buttons only when it ran (and the clipboard exists).
    const shown = await page.locator('.award-locale:visible [data-copy-button]').first().isVisible();
    assert.equal(shown, true, 'the inline copy-button script ran');
    await page.locator('.award-locale:visible a[data-lcw-link]').waitFor();
    assert.deepEqual(await violations(), []);
  });

  test('a verification by ?url= and by paste runs without a violation', async () => {
    await open(`en/verify/?url=${encodeURIComponent(siteUrl + sitePaths.awardPage(AWARD.valid))}`);
    const result = page.locator('[data-verify-result][data-state="done"]');
    await result.waitFor({ timeout: 60_000 });
    assert.equal(await result.getAttribute('data-outcome'), 'verified');
    assert.deepEqual(await violations(), []);

    await open('en/verify/');
    const credential = readFileSync(path.join(outDir, sitePaths.ob3Credential(AWARD.valid)), 'utf8');
    await page.locator('#verify-json').fill(credential);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await result.waitFor({ timeout: 60_000 });
    assert.equal(await result.getAttribute('data-outcome'), 'verified');
    assert.deepEqual(await violations(), []);
  });

  test('an injected inline script is blocked and reported (the test can see violations)', async () => {
    await open('en/');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__ran = true';
      document.body.append(script);
    });
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran), undefined);
    assert.ok(
      (await violations()).some((v) => v.startsWith('script-src')),
      'the violation was reported',
    );
  });
});
