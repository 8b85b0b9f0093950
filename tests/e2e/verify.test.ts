/**
 * The verify page in Chromium, against the fixture site built for an HTTPS
 * loopback origin (did:web needs HTTPS; the test certificate is self-signed,
 * so the browser context ignores certificate errors).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { sitePaths } from '../../src/lib/site-urls.ts';
import { launchBrowser } from '../../scripts/lib/browser.ts';
import {
  AWARD,
  forgedProofSet,
  signedByAnotherKey,
  startHttpsFixtureSite,
  tamperedCredential,
  type HttpsFixtureSite,
} from '../helpers/verify-site.ts';
import { bakeSvgCredential } from '../../src/lib/credentials/baking.ts';
import { bakedBadgesFromSite } from '../../src/steps/credentials/baked-badges.ts';

let site: HttpsFixtureSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every URL the page requested since the last `open()`. */
let requested: string[] = [];

const builtFile = (relative: string) => path.join(site.outDir, relative);
const credentialOf = (id: string) =>
  JSON.parse(readFileSync(builtFile(sitePaths.ob3Credential(id)), 'utf8')) as Record<string, unknown>;

async function open(relative: string) {
  requested = [];
  const response = await page.goto(site.siteUrl + relative);
  assert.equal(response?.status(), 200, relative);
}

async function finished(): Promise<string> {
  const result = page.locator('[data-verify-result][data-state="done"]');
  await result.waitFor({ timeout: 30_000 });
  return (await result.getAttribute('data-outcome')) ?? '';
}

async function stepStatus(id: string): Promise<string | null> {
  return page.locator(`[data-verify-steps] [data-step="${id}"]`).getAttribute('data-status');
}

async function stepText(id: string): Promise<string> {
  return page.locator(`[data-verify-steps] [data-step="${id}"]`).innerText();
}

async function paste(json: unknown) {
  await page.locator('#verify-json').fill(JSON.stringify(json));
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
}

async function upload(name: string, mimeType: string, buffer: Buffer) {
  await page.locator('#verify-file').setInputFiles({ name, mimeType, buffer });
}

describe('verify page in Chromium', () => {
  before(async () => {
    site = await startHttpsFixtureSite({ forBrowser: true });
    browser = await launchBrowser({ hosts: site.hosts });
    context = await browser.newContext({ ignoreHTTPSErrors: true });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
  });

  test('the verifier is loaded only when a verification starts', async () => {
    await open('en/verify/');
    await page.locator('#verify-url').waitFor();
    const scripts = () => requested.filter((u) => u.endsWith('.js'));
    const before = scripts();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('[data-verify-result]').isHidden(), true);
    await page.locator('#verify-url').fill(site.siteUrl + sitePaths.awardPage(AWARD.valid));
    await page.locator('#verify-url').press('Enter');
    assert.equal(await finished(), 'verified');
    const lazy = scripts().filter((u) => !before.includes(u));
    assert.ok(
      lazy.length > 0,
      `more JavaScript was loaded once verification started (page load: ${before.join(', ')})`,
    );
    for (const url of requested) assert.ok(url.startsWith(site.origin), `${url} is this site's own file`);
  });

  test('a deep link verifies at once and shows every step, the result and a card', async () => {
    await open(`en/verify/?url=${encodeURIComponent(site.siteUrl + sitePaths.awardPage(AWARD.valid))}`);
    assert.equal(await finished(), 'verified');
    const steps = page.locator('[data-verify-steps] [data-step]');
    assert.deepEqual(
      await steps.evaluateAll((items) =>
        items.map((i) => [i.getAttribute('data-step'), i.getAttribute('data-status')]),
      ),
      [
        ['format', 'passed'],
        ['signature', 'passed'],
        ['issuer', 'passed'],
        ['status', 'passed'],
        ['validity', 'passed'],
      ],
    );
    assert.equal(await page.locator('#verify-outcome').innerText(), 'Verified');
    // Progress is announced through a status region that is exposed from load (never inside the hidden result).
    const status = page.locator('[data-verify-status]');
    assert.equal(await status.getAttribute('role'), 'status');
    assert.equal(
      await status.evaluate((e) => e.closest('[hidden]') === null),
      true,
      'the status region is never hidden',
    );
    assert.match((await status.textContent()) ?? '', /^Verified /);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'verify-outcome', 'focus moves to the result');
    // The credential names badge and issuer in Korean; the English page names this site's own in English.
    assert.equal(await page.locator('[data-field="badge"]').innerText(), 'NuriTech Certified Cloud Fundamentals');
    assert.equal(await page.locator('[data-field="issuer"]').innerText(), 'NuriTech Certification Program');
    assert.equal(await page.locator('[data-field="recipient"]').innerText(), '김민지');
    assert.equal(
      await page.locator('[data-field="recipient"]').getAttribute('lang'),
      'ko',
      'a Hangul name is marked Korean',
    );
    assert.match(await page.locator('[data-field="issued"]').innerText(), /14 March 2025/);
    assert.equal(await page.locator('[data-field="issued"] time').getAttribute('datetime'), '2025-03-14');
    assert.match(await stepText('issuer'), /NuriTech Certification Program/, 'the issuer step names it in English too');
    // The public issuance log (docs/transparency.md): the credential's entry, its inclusion proof checked here, from the tiles.
    assert.match(
      await page.locator('[data-field="log"]').innerText(),
      /^Entry \d+: inclusion proof checked in your browser against the signed checkpoint of \d+ entries$/,
    );
    assert.ok(
      requested.some((url) => url.endsWith('/log/checkpoint')),
      'the checkpoint was read from the site',
    );
    // What a known-issuer registry would show: the site's registry entry for the verified issuer, in English here.
    const registry = page.locator('[data-verify-registry]');
    assert.equal(await registry.isVisible(), true, 'the registry facts are shown');
    const fact = (key: string) => registry.locator(`[data-registry="${key}"]`).innerText();
    assert.equal(await fact('name'), 'NuriTech Certification Program');
    assert.equal(await fact('url'), 'https://nuritech.example.org/');
    assert.equal(await fact('did'), `did:web:${encodeURIComponent(new URL(site.siteUrl).host)}`);
    assert.equal(await registry.locator('[data-registry="location"]').count(), 0, 'no location in the fixture');
    assert.match(
      (await registry.locator('[data-verify-registry-entry]').getAttribute('href')) ?? '',
      /emblem-registry-entry\.json$/,
    );
  });

  test('at 390 px, by ?url=: the outcome moves no step, an OB 2.0 check loads no JSON-LD or Ed25519 code, and the page stays light', async () => {
    // A fresh context: an empty cache, as a first visit from a shared link; observers installed before any script.
    const phone = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 } });
    await phone.addInitScript(`window.__shift = 0;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
        .observe({ type: 'layout-shift', buffered: true });`);
    const tab = await phone.newPage();
    const JSON_LD_CODE = /jsonld\.SyntaxError|URDNA2015/; // jsonld.js and rdf-canonize, which the eddsa suite needs
    const visit = async (relative: string, document: string) => {
      const scripts: string[] = [];
      const received: Promise<{ raw: number; gzip: number }>[] = [];
      const onResponse = (response: import('playwright').Response) =>
        received.push(
          (async () => {
            const body = await response.body().catch(() => Buffer.alloc(0));
            const headers = (await response.request().sizes()).responseHeadersSize;
            if (response.url().endsWith('.js')) scripts.push(body.toString('utf8'));
            // Fonts and images are compressed already; a host gzips the rest.
            const compressible = !/\.(woff2?|png|jpe?g|webp)$/.test(new URL(response.url()).pathname);
            return { raw: headers + body.length, gzip: headers + (compressible ? gzipSync(body).length : body.length) };
          })(),
        );
      tab.on('response', onResponse);
      await tab.goto(`${site.siteUrl}${relative}?url=${encodeURIComponent(site.siteUrl + document)}`);
      const result = tab.locator('[data-verify-result][data-state="done"]');
      await result.waitFor({ timeout: 30_000 });
      assert.equal(await result.getAttribute('data-outcome'), 'verified', document);
      await tab.waitForLoadState('networkidle');
      const shift = (await tab.evaluate('document.fonts.ready.then(() => window.__shift)')) as number;
      tab.off('response', onResponse);
      const sizes = await Promise.all(received);
      const sum = (key: 'raw' | 'gzip') => sizes.reduce((total, size) => total + size[key], 0);
      return { shift, scripts, raw: sum('raw'), gzip: sum('gzip') };
    };
    try {
      // Bytes as a host sends them: the hosts docs/hosting.md covers compress text; the loopback server does not.
      const KiB = 1024;
      const ob3 = await visit('verify/', sitePaths.awardPage(AWARD.valid));
      assert.ok(ob3.shift <= 0.05, `layout shift of the Korean page ${ob3.shift.toFixed(3)} (≤ 0.05)`);
      assert.ok(
        ob3.scripts.some((code) => JSON_LD_CODE.test(code)),
        'an OB 3.0 check loads the JSON-LD code',
      );
      assert.ok(
        ob3.gzip < 250 * KiB,
        `OB 3.0 by ?url=: ${(ob3.gzip / KiB).toFixed(1)} KiB sent gzipped (< 250), ${(ob3.raw / KiB).toFixed(1)} KiB uncompressed`,
      );
      const ob2 = await visit('en/verify/', sitePaths.ob2Assertion(AWARD.valid));
      assert.ok(ob2.shift <= 0.05, `layout shift of the English page ${ob2.shift.toFixed(3)} (≤ 0.05)`);
      assert.equal(ob2.scripts.filter((code) => JSON_LD_CODE.test(code)).length, 0, 'no JSON-LD code for OB 2.0');
      assert.ok(
        ob2.gzip < 250 * KiB,
        `OB 2.0 by ?url=: ${(ob2.gzip / KiB).toFixed(1)} KiB sent gzipped (< 250), ${(ob2.raw / KiB).toFixed(1)} KiB uncompressed`,
      );
    } finally {
      await phone.close();
    }
  });

  test('English names on /en/verify/ for an OB 2.0 assertion too; the Korean page keeps Korean names', async () => {
    await open(`en/verify/?url=${encodeURIComponent(site.siteUrl + sitePaths.ob2Assertion(AWARD.valid))}`);
    assert.equal(await finished(), 'verified');
    assert.equal(await page.locator('[data-field="badge"]').innerText(), 'NuriTech Certified Cloud Fundamentals');
    assert.equal(await page.locator('[data-field="issuer"]').innerText(), 'NuriTech Certification Program');
    assert.equal(await page.locator('[data-field="badge"]').getAttribute('lang'), null);
    assert.match(await stepText('issuer'), /NuriTech Certification Program/);
    await open(`verify/?url=${encodeURIComponent(site.siteUrl + sitePaths.awardPage(AWARD.valid))}`);
    assert.equal(await finished(), 'verified');
    assert.equal(await page.locator('[data-field="issuer"]').innerText(), '누리테크 인증 프로그램');
    assert.match(await page.locator('[data-field="badge"]').innerText(), /클라우드 기초/);
    assert.equal(
      await page.locator('[data-field="recipient"]').getAttribute('lang'),
      null,
      'Korean on a Korean page needs no mark',
    );
  });

  test('the Verify button on an award page checks that award', async () => {
    await open(`${sitePaths.awardPage(AWARD.valid)}#ko`); // the Korean view, whatever the browser prefers
    await page.locator('#ko [data-verify-link]').click();
    assert.equal(await finished(), 'verified');
    assert.equal(await page.locator('#verify-outcome').innerText(), '검증됨');
    assert.match(await stepText('signature'), /서명이 유효합니다/);
  });

  test('a tampered credential fails its signature', async () => {
    await open('en/verify/');
    await paste(tamperedCredential(credentialOf(AWARD.valid)));
    assert.equal(await finished(), 'not-verified');
    assert.equal(await stepStatus('signature'), 'failed');
    assert.match(await stepText('signature'), /not valid/);
    assert.equal(await page.locator('#verify-outcome').innerText(), 'Not verified');
    assert.equal(
      await page.locator('[data-verify-card-warning]').isVisible(),
      true,
      'the card says its details are unproven',
    );
  });

  test('a revoked award reports revoked', async () => {
    await open(`en/verify/?url=${encodeURIComponent(site.siteUrl + sitePaths.ob3Credential(AWARD.revoked))}`);
    assert.equal(await finished(), 'not-verified');
    assert.equal(await stepStatus('status'), 'failed');
    assert.match(await stepText('status'), /revoked/);
    assert.match(
      await page.locator('[data-field="log"]').innerText(),
      /Its revocation is in the log too \(entry \d+\)\.$/,
    );
  });

  test('an expired award reports expired', async () => {
    await open(`en/verify/?url=${encodeURIComponent(site.siteUrl + sitePaths.awardPage(AWARD.expired))}`);
    assert.equal(await finished(), 'not-verified');
    assert.equal(await stepStatus('validity'), 'failed');
    assert.match(await stepText('validity'), /Expired on 20 May 2025/);
  });

  test('a credential signed by another key fails the issuer step', async () => {
    await open('en/verify/');
    await paste(await signedByAnotherKey(credentialOf(AWARD.valid)));
    assert.equal(await finished(), 'not-verified');
    assert.equal(await stepStatus('signature'), 'passed');
    assert.equal(await stepStatus('issuer'), 'failed');
    assert.match(await stepText('issuer'), /not this site’s issuer/);
  });

  test('a forged proof set is not verified, pasted or baked into an uploaded SVG', async () => {
    const forged = await forgedProofSet(credentialOf(AWARD.valid));
    await open('en/verify/');
    await paste(forged);
    assert.equal(await finished(), 'not-verified');
    assert.equal(await stepStatus('signature'), 'failed');
    assert.match(await stepText('signature'), /not valid \(proof 1 of 2\)/);
    assert.equal(await page.locator('#verify-outcome').innerText(), 'Not verified');
    // The site's own baked SVG, its credential swapped for the forgery (baking replaces what is there).
    const genuineSvg = new TextDecoder().decode((await bakedBadgesFromSite(site.outDir, AWARD.valid))['ob3-svg']);
    await open('verify/');
    await upload('forged.svg', 'image/svg+xml', Buffer.from(bakeSvgCredential(genuineSvg, JSON.stringify(forged))));
    assert.equal(await finished(), 'not-verified');
    assert.equal(await stepStatus('signature'), 'failed');
    assert.match(await stepText('signature'), /증명 2개 중 1번째/);
    assert.equal(await page.locator('#verify-outcome').innerText(), '검증 실패');
  });

  test('uploaded baked PNG and SVG badges verify', async () => {
    const baked = await bakedBadgesFromSite(site.outDir, AWARD.valid);
    const files: [string, string, Uint8Array, string][] = [
      ['badge-ob3.png', 'image/png', baked['ob3-png'], 'signature'],
      ['badge-ob3.svg', 'image/svg+xml', baked['ob3-svg'], 'signature'],
      ['badge-ob2.png', 'image/png', baked['ob2-png'], 'hosted'],
    ];
    for (const [name, mimeType, bytes, proofStep] of files) {
      await open('en/verify/');
      await upload(name, mimeType, Buffer.from(bytes));
      assert.equal(await finished(), 'verified', name);
      assert.equal(await stepStatus(proofStep), 'passed', name);
    }
  });

  test('a file that is not a badge gets a clear message', async () => {
    await open('en/verify/');
    await upload('card.png', 'image/png', readFileSync(builtFile(sitePaths.awardCard(AWARD.valid))));
    assert.equal(await finished(), 'not-verified');
    assert.match(await stepText('format'), /This is not a badge/);
    await open('verify/');
    await upload('notes.txt', 'text/plain', Buffer.from('hello'));
    await finished();
    assert.match(await stepText('format'), /배지가 아닙니다/);
  });

  test('an empty form says what to enter', async () => {
    await open('en/verify/');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const error = page.locator('[data-verify-error]');
    assert.equal(await error.isVisible(), true);
    assert.match(await error.innerText(), /Enter a badge address/);
    assert.equal(await error.getAttribute('role'), 'alert');
  });
});
