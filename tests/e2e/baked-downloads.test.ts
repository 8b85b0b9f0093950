/**
 * Baked badges are made in the browser when the earner clicks download (the
 * site stores none per award). In Chromium, against the fixture site on HTTPS
 * loopback: each file the page makes is byte for byte what the build side
 * bakes for the same award (bakedBadgesFromSite, same bakeBadge function), it
 * verifies on the verify page, and without JavaScript the page points to the
 * JSON instead. Also the embed code the page's script fills in.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { bakedBadgesFromSite } from '../../src/steps/credentials/baked-badges.ts';
import { BAKED_BADGE_KINDS, BAKED_BADGES, type BakedBadgeKind } from '../../src/lib/credentials/baked-badges.ts';
import { embedSnippet } from '../../src/lib/social/embed.ts';
import { siteUrls } from '../../src/lib/site-urls.ts';
import { launchBrowser } from '../../scripts/lib/browser.ts';
import { fixtureAward, fixtureModel } from '../helpers/fixture-model.ts';
import { projectRoot } from '../helpers/site-build.ts';
import { AWARD, awardId, startHttpsFixtureSite, type HttpsFixtureSite } from '../helpers/verify-site.ts';
import { openEarnerTools } from '../helpers/earner-tools.ts';

let site: HttpsFixtureSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Files the browser made for AWARD.valid, for the verify page test. */
const madeInBrowser = new Map<BakedBadgeKind, Buffer>();

async function clickDownload(locale: string, kind: BakedBadgeKind): Promise<{ bytes: Buffer; name: string }> {
  await openEarnerTools(page.locator(`.award-locale[data-locale="${locale}"]`));
  const button = page.locator(`.award-locale[data-locale="${locale}"] button[data-bake="${kind}"]`);
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { bytes: readFileSync((await download.path())!), name: download.suggestedFilename() };
}

describe('baked badges made in the browser', () => {
  before(async () => {
    site = await startHttpsFixtureSite({ forBrowser: true });
    browser = await launchBrowser({ hosts: site.hosts });
    // A Korean reader: the award page shows the browser's language when the address names none.
    context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true, locale: 'ko-KR' });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('each download is byte-identical to what the build side bakes for the same award', async () => {
    // A valid, an expired and an expiring award, of three badge classes (different artwork).
    for (const id of [AWARD.valid, AWARD.expired, AWARD.expiring]) {
      await page.goto(`${site.siteUrl}badges/${id}/#ko`);
      const expected = await bakedBadgesFromSite(site.outDir, id);
      for (const kind of BAKED_BADGE_KINDS) {
        const { bytes, name } = await clickDownload('ko', kind);
        assert.ok(
          bytes.equals(expected[kind]),
          `${id} ${kind}: ${bytes.length} bytes made in the browser, ${expected[kind].length} by the build side`,
        );
        assert.match(
          name,
          new RegExp(`^[a-z0-9-]+-${id.slice(0, 8)}${BAKED_BADGES[kind].suffix.replace('.', '\\.')}$`),
        );
        if (id === AWARD.valid) madeInBrowser.set(kind, bytes);
      }
    }
    // The other language's buttons make the same file.
    await page.goto(`${site.siteUrl}badges/${AWARD.valid}/#en`);
    assert.ok((await clickDownload('en', 'ob3-svg')).bytes.equals(madeInBrowser.get('ob3-svg')!));
  });

  test('the files made in the browser verify on the verify page', async () => {
    const proofStep: Record<BakedBadgeKind, string> = {
      'ob3-png': 'signature',
      'ob3-svg': 'signature',
      'ob2-png': 'hosted',
    };
    for (const kind of BAKED_BADGE_KINDS) {
      await page.goto(`${site.siteUrl}en/verify/`);
      await page.locator('#verify-file').setInputFiles({
        name: `badge${BAKED_BADGES[kind].suffix}`,
        mimeType: BAKED_BADGES[kind].mediaType,
        buffer: madeInBrowser.get(kind)!,
      });
      const result = page.locator('[data-verify-result][data-state="done"]');
      await result.waitFor({ timeout: 30_000 });
      assert.equal(await result.getAttribute('data-outcome'), 'verified', kind);
      assert.equal(
        await page.locator(`[data-verify-steps] [data-step="${proofStep[kind]}"]`).getAttribute('data-status'),
        'passed',
        kind,
      );
    }
  });

  test('the offline verification bundle: made on a click, verified by the CLI with no network', async () => {
    await page.goto(`${site.siteUrl}badges/${AWARD.valid}/#ko`);
    await openEarnerTools(page.locator('.award-locale[data-locale="ko"]'));
    const button = page.locator('.award-locale[data-locale="ko"] button[data-offline-bundle]');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const file = (await download.path())!;
    assert.match(download.suggestedFilename(), new RegExp(`-${AWARD.valid.slice(0, 8)}-offline\\.json$`));
    const bundle = JSON.parse(readFileSync(file, 'utf8'));
    const published = (relative: string) => JSON.parse(readFileSync(path.join(site.outDir, relative), 'utf8'));
    assert.deepEqual(bundle.credential, published(`badges/${AWARD.valid}/credential.json`));
    assert.deepEqual(bundle.documents[`${site.siteUrl}.well-known/did.json`], published('.well-known/did.json'));
    assert.deepEqual(bundle.documents[`${site.siteUrl}status/revocation.json`], published('status/revocation.json'));
    assert.ok(bundle.instructions.ko && bundle.instructions.en, 'instructions in every language');
    // The CLI reads nothing but the file (its fetch answers from the bundle only).
    const cli = spawnSync(process.execPath, ['scripts/verify.ts', file, '--offline', '--json'], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    assert.equal(cli.status, 0, cli.stdout + cli.stderr);
    assert.equal(JSON.parse(cli.stdout).outcome, 'verified');
  });

  test('a revoked award offers nothing to bake', async () => {
    await page.goto(`${site.siteUrl}badges/${AWARD.revoked}/#ko`);
    await openEarnerTools(page.locator('.award-locale[data-locale="ko"]'));
    assert.equal(await page.locator('button[data-bake]').count(), 0);
    assert.ok(await page.locator('.award-locale[data-locale="ko"] [data-credential-revoked]').isVisible());
  });

  test('the embed code field holds the snippet the build makes, filled in from the preview', async () => {
    const id = awardId(2);
    await page.goto(`${site.siteUrl}badges/${id}/#en`);
    await openEarnerTools(page.locator('.award-locale[data-locale="en"]'));
    const share = page.locator('.award-locale[data-locale="en"] [data-share]');
    await share.locator('details.embed summary').click();
    const code = share.locator('textarea[data-embed-code]');
    assert.ok(await code.isVisible());
    // The same markup as the snippet the build makes (the browser writes ' in attributes as itself, not &#39;).
    const model = fixtureModel();
    const snippet = embedSnippet(model, fixtureAward(model, 2), siteUrls(site.siteUrl), 'en')!;
    const value = await code.inputValue();
    const reparsed = await page.evaluate((html) => {
      const template = document.createElement('template');
      template.innerHTML = html;
      return template.innerHTML;
    }, snippet);
    assert.equal(value, reparsed);
    assert.match(value, /O'Neil &lt;\/script&gt;/, 'the recipient name stays escaped text');
  });

  test('without JavaScript: no bake buttons, a note, the JSON links', async () => {
    const noScript = await browser.newContext({ ignoreHTTPSErrors: true, javaScriptEnabled: false, locale: 'ko-KR' });
    try {
      const plain = await noScript.newPage();
      await plain.goto(`${site.siteUrl}badges/${AWARD.valid}/`);
      await openEarnerTools(plain.locator('.award-locale[data-locale="ko"]'));
      const downloads = plain.locator('.award-locale[data-locale="ko"] [data-credential-downloads]');
      assert.equal(
        await downloads.locator('button[data-bake]').first().isVisible(),
        false,
        'no button that cannot work',
      );
      assert.match(await downloads.innerText(), /JavaScript/);
      assert.equal(await plain.locator('details.embed').first().isVisible(), false, 'no empty embed code field');
      // Opened in a tab of their own, through Chromium: its host mapping reaches the test's server, Playwright's request client would not.
      const fileTab = await noScript.newPage();
      for (const document of ['credential', 'assertion']) {
        const href = await downloads.locator(`a[data-document="${document}"]`).getAttribute('href');
        assert.equal((await fileTab.goto(new URL(href!, site.siteUrl).href))?.status(), 200, href!);
      }
    } finally {
      await noScript.close();
    }
  });
});
