/**
 * The whole claim loop with real parts: notify writes the invitation, Chromium
 * opens the claim link from it under a strict CSP, the reference claim-inbox
 * (HTTPS on loopback, set as claims.endpoint) receives the choice,
 * claims:apply publishes the award, and the next build has its page. A
 * tampered link is refused by the inbox and by claims:apply.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Browser, BrowserContext, Page } from 'playwright';
import { parseDocument } from 'yaml';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { planClaims } from '../../src/lib/claims/apply-claims.ts';
import { claimLink } from '../../src/lib/claims/claim-link.ts';
import { fieldsFromEmailBody } from '../../src/lib/claims/submission.ts';
import { claimToken } from '../../src/lib/claims/token.ts';
import { loadContent } from '../../src/lib/content/content-files.ts';
import { sitePaths } from '../../src/lib/site-urls.ts';
import { launchBrowser } from '../../scripts/lib/browser.ts';
import { claimContentRepository, originLog, replayClaimDispatch } from '../helpers/claim-workflow.ts';
import { contentCopy } from '../helpers/mail.ts';
import { buildSite, fixtureContent, projectRoot } from '../helpers/site-build.ts';
import { freePort, selfSignedCertificate, type TestCertificate } from '../helpers/tls.ts';

const SECRET = 'claim-e2e-secret-0123456789abcdefghijklmnopq';
const PENDING = '00000000-0000-4000-8000-000000000007';
const env = (extra: Record<string, string> = {}) => ({ ...process.env, EMBLEM_CLAIM_SECRET: SECRET, ...extra });

function run(
  script: string,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd: projectRoot, env: env(extraEnv) }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Every file under `dir` as text, for the privacy scan. */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(path.join(e.parentPath, e.name)).toString('latin1'))
    .join('\n');
}

describe('claim journey in Chromium', () => {
  let cert: TestCertificate;
  let contentDir: string;
  let inbox: ChildProcess;
  let inboxOrigin: string;
  let siteUrl: string;
  let firstBuild: string;
  let site: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let claimLinkFromEmail: string;
  let manageLinkFromEmail: string;
  const cspViolations: string[] = [];

  before(async () => {
    cert = selfSignedCertificate();
    contentDir = contentCopy('claim-e2e');
    const inboxFile = path.join(contentDir, 'inbox.jsonl');
    inbox = spawn(
      process.execPath,
      [
        'scripts/claim-inbox.ts',
        '--port',
        '0',
        '--tls-key',
        path.join(cert.dir, 'key.pem'),
        '--tls-cert',
        cert.certFile,
        '--content',
        contentDir,
        '--out',
        inboxFile,
      ],
      { cwd: projectRoot, env: env(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    inboxOrigin = await new Promise<string>((resolve, reject) => {
      let seen = '';
      inbox.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /listening on (https:\/\/127\.0\.0\.1:\d+)\//.exec(seen);
        if (match) resolve(match[1]!);
      });
      inbox.on('exit', (code) => reject(new Error(`claim-inbox exited (${code}): ${seen}`)));
    });
    // The program's endpoint is the inbox.
    const issuerFile = path.join(contentDir, 'issuer.yaml');
    const issuer = parseDocument(readFileSync(issuerFile, 'utf8'));
    issuer.setIn(['claims', 'endpoint'], `${inboxOrigin}/claims`);
    writeFileSync(issuerFile, issuer.toString());
    const port = await freePort();
    siteUrl = `http://127.0.0.1:${port}/`;
    firstBuild = buildSite({
      contentDir,
      siteUrl,
      outDir: path.join(contentDir, 'dist-1'),
      env: { EMBLEM_CLAIM_SECRET: SECRET, EMBLEM_CLAIM_LIVE_MINUTES: '7' },
    });
    site = await serveStatic({ root: firstBuild, port });

    const notify = await run(
      'scripts/notify.ts',
      [
        '--content',
        contentDir,
        '--outbox',
        path.join(contentDir, 'outbox'),
        '--sent-log',
        path.join(contentDir, 'sent.jsonl'),
        '--events',
        'awarded',
      ],
      {
        EMBLEM_SITE_URL: siteUrl,
      },
    );
    assert.equal(notify.code, 0, notify.stderr);
    const mail = await simpleParser(readFileSync(path.join(contentDir, 'outbox', `awarded_${PENDING}.eml`)));
    claimLinkFromEmail = new RegExp(`${siteUrl.replace(/[.]/g, '\\.')}claim/#\\S+`).exec(mail.text ?? '')![0];
    manageLinkFromEmail = new RegExp(`${siteUrl.replace(/[.]/g, '\\.')}claim/#[^\\s)>\\]]*&p=m`).exec(
      mail.text ?? '',
    )![0];

    browser = await launchBrowser();
    context = await browser.newContext({ ignoreHTTPSErrors: true });
    // The policy the site is meant to run under: scripts from the site only, forms to the endpoint only.
    await context.route(`${siteUrl}**`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: {
          ...response.headers(),
          'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; form-action ${inboxOrigin}; base-uri 'none'`,
        },
      });
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    inbox?.kill();
    rmSync(cert.dir, { recursive: true, force: true });
    rmSync(contentDir, { recursive: true, force: true });
    rmSync(`${contentDir}-workflow`, { recursive: true, force: true });
  });

  test('the claim page is generic: no award id, name or token in its HTML', () => {
    const html = readFileSync(path.join(firstBuild, sitePaths.claimPage('ko', 'ko'), 'index.html'), 'utf8');
    assert.ok(!html.includes(PENDING));
    assert.ok(!html.includes('Hidden Pending'));
    assert.ok(!html.includes(claimToken(SECRET, PENDING, 'data-analyst-associate')));
    assert.ok(!/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/.test(html), 'no inline script');
    assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handler');
    assert.match(html, /<meta name="robots" content="noindex">/);
    const sitemaps = readdirSync(firstBuild).filter((f) => /^sitemap.*\.xml$/.test(f));
    assert.ok(sitemaps.length > 0);
    for (const file of sitemaps)
      assert.doesNotMatch(
        readFileSync(path.join(firstBuild, file), 'utf8'),
        /\/claim\//,
        `${file} lists no claim page`,
      );
  });

  test('with an endpoint, the page says when the badge will be live', () => {
    const html = readFileSync(path.join(firstBuild, sitePaths.claimPage('en', 'ko'), 'index.html'), 'utf8');
    assert.match(html, /data-claim-live[^>]*>\s*Usually live on the site within 7 minutes\./);
  });

  test('the manage link from the email opens the page as a change of visibility, its form marked as a manage request', async () => {
    await page.goto(manageLinkFromEmail);
    await page.locator('[data-claim][data-state="preview"]').waitFor();
    assert.equal(await page.locator('[data-claim-heading]').innerText(), '배지 공개 설정 바꾸기');
    assert.equal(await page.locator('button[name="choice"][value="private"]').innerText(), '비공개로 바꾸기');
    assert.equal(await page.locator('input[name="purpose"]').inputValue(), 'manage');
    assert.ok(
      await page.getByRole('button', { name: '정정 요청 보내기' }).isVisible(),
      'a name correction can be asked for',
    );
  });

  test('no or a broken fragment shows a clear message', async () => {
    await page.goto(`${siteUrl}en/claim/`);
    await page.locator('[data-claim][data-state="missing"]').waitFor();
    assert.match(
      await page.locator('[data-claim-message]').innerText(),
      /opens from the claim link in your badge email/,
    );
    await page.goto(`${siteUrl}claim/#v=1&a=${PENDING}&t=short`);
    await page.locator('[data-claim][data-state="broken"]').waitFor();
    assert.match(await page.locator('[data-claim-message]').innerText(), /손상/);
    assert.ok(await page.locator('[data-claim-preview]').isHidden());
  });

  test('a tampered link is refused by the endpoint', async () => {
    const tampered = claimLinkFromEmail.replace(
      /([?#&]t=)([A-Za-z0-9_-])/,
      (_, prefix: string, c: string) => prefix + (c === 'A' ? 'B' : 'A'),
    );
    assert.notEqual(tampered, claimLinkFromEmail);
    await page.goto(tampered);
    await page.locator('[data-claim][data-state="preview"]').waitFor();
    const [response] = await Promise.all([
      page.waitForResponse(`${inboxOrigin}/claims`),
      page.getByRole('button', { name: '받고 공개하기' }).click(),
    ]);
    assert.equal(response.status(), 403);
    await page.locator('[data-claim-result="refused"]').waitFor();
  });

  test('email link → preview → accept → inbox → claim workflow (claims:apply, commit) → the next build publishes the page', async () => {
    await page.goto(claimLinkFromEmail);
    await page.locator('[data-claim][data-state="preview"]').waitFor();
    assert.ok(await page.locator('[data-claim-name]').isHidden(), 'no name correction on a claim link');
    assert.equal(await page.locator('[data-claim-field="recipient"]').innerText(), 'Hidden Pending');
    assert.equal(await page.locator('[data-claim-field="issuedOn"]').innerText(), '2026년 11월 1일');
    const [response] = await Promise.all([
      page.waitForResponse(`${inboxOrigin}/claims`),
      page.getByRole('button', { name: '받고 공개하기' }).click(),
    ]);
    assert.equal(response.status(), 200);
    await page.locator('[data-claim-result="accepted"]').waitFor();
    assert.deepEqual(cspViolations, []);

    const inboxFile = path.join(contentDir, 'inbox.jsonl');
    const lines = readFileSync(inboxFile, 'utf8').trim().split('\n');
    assert.equal(lines.length, 1, 'the tampered submission was not stored');
    const stored = JSON.parse(lines[0]!) as Record<string, string>;
    assert.equal(stored.award, PENDING);
    assert.equal(stored.choice, 'public');

    // A tampered submission in the file: refused by claims:apply, nothing changed for it.
    const tamperedFile = path.join(contentDir, 'tampered.jsonl');
    writeFileSync(
      tamperedFile,
      `${JSON.stringify({ ...stored, award: '00000000-0000-4000-8000-000000000006', choice: 'public' })}\n`,
    );
    const awardsFile = path.join(contentDir, 'awards/fixture-awards.yaml');
    const before_ = readFileSync(awardsFile, 'utf8');
    const refused = await run('scripts/claims-apply.ts', [
      tamperedFile,
      '--write',
      '--content',
      contentDir,
      '--lang',
      'en',
    ]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stdout,
      /refused: .*tampered\.jsonl line 1 \(00000000-0000-4000-8000-000000000006\): the token does not match/,
    );
    assert.equal(readFileSync(awardsFile, 'utf8'), before_);

    const dry = await run('scripts/claims-apply.ts', [inboxFile, '--content', contentDir, '--lang', 'en']);
    assert.equal(dry.code, 0, dry.stderr + dry.stdout);
    assert.match(dry.stdout, new RegExp(`will be published: Hidden Pending .*${PENDING}`));
    assert.equal(readFileSync(awardsFile, 'utf8'), before_, 'a dry run changes nothing');
    // The claim as the host function dispatches it: claim.yml's apply step, replayed in a clone of the
    // content repository, applies, commits and pushes it; the publish it starts is the next build.
    const {
      repo,
      origin,
      content: repoContent,
    } = claimContentRepository(
      `${contentDir}-workflow`,
      contentDir,
      (source) => !/^(dist-\d|outbox)(\/|$)|^[^/]+\.jsonl$/.test(path.relative(contentDir, source)),
    );
    const awardsInRepo = path.join(repoContent, 'awards/fixture-awards.yaml');
    const dispatched = replayClaimDispatch(repo, stored, SECRET);
    assert.equal(dispatched.status, 0, dispatched.output);
    assert.ok(dispatched.changed, 'the step starts the publish');
    assert.deepEqual(originLog(origin), [`claims: apply ${PENDING} [skip ci]`, 'published']);
    const after_ = readFileSync(awardsInRepo, 'utf8');
    assert.ok(after_.startsWith('# Test fixture: one award per state'), 'comments kept');
    assert.equal(loadContent(repoContent).awards.find((a) => a.id === PENDING)?.claim, 'accepted');
    assert.equal(
      after_.replace('    claim: accepted\n    visibility: public\n', '    claim: pending\n'),
      before_,
      'only that record changed',
    );
    // The same dispatch again (a replay that got past the function): already applied, nothing committed or published.
    const again = replayClaimDispatch(repo, stored, SECRET);
    assert.equal(again.status, 0, again.output);
    assert.match(again.output, /1 claim\(s\) already applied/);
    assert.ok(!again.changed);
    assert.equal(originLog(origin).length, 2);

    assert.ok(!existsSync(path.join(firstBuild, sitePaths.awardPage(PENDING), 'index.html')));
    const secondBuild = buildSite({
      contentDir: repoContent,
      siteUrl,
      outDir: path.join(contentDir, 'dist-2'),
      env: { EMBLEM_CLAIM_SECRET: SECRET },
    });
    assert.ok(existsSync(path.join(secondBuild, sitePaths.awardPage(PENDING), 'index.html')));

    // Neither build contains a claim token, the secret or a recipient email.
    const content = loadContent(contentDir);
    for (const dir of [firstBuild, secondBuild]) {
      const text = allText(dir);
      assert.ok(!text.includes(SECRET));
      for (const award of content.awards) {
        assert.ok(!text.includes(claimToken(SECRET, award.id, award.badge)), `claim token of ${award.id} in ${dir}`);
        assert.ok(
          !text.toLowerCase().includes(award.recipient.email.toLowerCase()),
          `${award.recipient.email} in ${dir}`,
        );
      }
    }
  });
});

describe('claim page without an endpoint', () => {
  let site: StaticServer;
  let browser: Browser;

  before(async () => {
    // The fixture program has no claims.endpoint: choices go by email.
    site = await serveStatic({ root: buildSite({ siteUrl: 'https://badges.example.org/' }) });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  /** What claims:apply accepts from a claim message's body: [award, visibility] pairs. */
  const acceptedFrom = (source: string, body: string) => {
    const content = loadContent(fixtureContent);
    const plan = planClaims([{ source, fields: fieldsFromEmailBody(body) }], content.awards, content.sources, SECRET);
    return plan.accepted.map((a) => [a.awardId, a.visibility]);
  };

  const pendingLink = (origin: string, extra: Record<string, string> = {}) => {
    const award = loadContent(fixtureContent).awards.find((a) => a.id === PENDING)!;
    const link = claimLink(`${origin}/en/claim/`, {
      awardId: award.id,
      badgeId: award.badge,
      token: claimToken(SECRET, award.id, award.badge),
      recipientName: award.recipient.name,
      badgeName: 'Data Analyst Associate',
      issuedOn: award.issuedOn,
      locale: 'en',
    });
    const url = new URL(link);
    const fragment = new URLSearchParams(url.hash.slice(1));
    for (const [key, value] of Object.entries(extra)) fragment.set(key, value);
    url.hash = fragment.toString();
    return url.toString();
  };

  test('each choice is a prefilled email to the issuer that claims:apply accepts', async () => {
    const content = loadContent(fixtureContent);
    const link = pendingLink(site.origin);
    const page = await browser.newPage();
    await page.goto(link);
    await page.locator('[data-claim][data-state="preview"]').waitFor();
    assert.equal(await page.locator('form').count(), 0, 'no form without an endpoint');
    const href = (await page.getByRole('link', { name: 'Accept but keep private' }).getAttribute('href')) ?? '';
    const mail = new URL(href);
    assert.equal(mail.protocol, 'mailto:');
    assert.equal(mail.pathname, content.issuer.email);
    // The badge name is the site's (the link says "Data Analyst Associate").
    assert.match(
      decodeURIComponent(mail.searchParams.get('subject') ?? ''),
      /Badge claim \(NuriTech Certified Data Analyst Associate\)/,
    );
    const body = decodeURIComponent(/[?&]body=([^&]*)/.exec(href)![1]!);
    assert.deepEqual(acceptedFrom('email', body), [[PENDING, 'private']]);
    // The issuer saves the email it received and applies it as it is (base64-encoded here, as some mail programs send it).
    const dir = contentCopy('claim-mail');
    try {
      const eml = await new MailComposer({
        from: 'earner@mail.example.com',
        to: content.issuer.email,
        subject: 'Badge claim',
        text: { content: body, contentTransferEncoding: 'base64' },
      })
        .compile()
        .build();
      writeFileSync(path.join(dir, 'claim.eml'), eml);
      assert.ok(!eml.toString().includes(PENDING), 'the id is only in the encoded body');
      const applied = await run('scripts/claims-apply.ts', [
        path.join(dir, 'claim.eml'),
        '--content',
        dir,
        '--lang',
        'en',
      ]);
      assert.equal(applied.code, 0, applied.stderr + applied.stdout);
      assert.match(applied.stdout, new RegExp(`accepted, stays private: .*${PENDING}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await page.close();
  });

  test('the badge name and artwork come from the site by the badge id; the name is labelled as given in the link', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pendingLink(site.origin, { n: 'Bill Gates', c: 'Honorary Doctorate — call +1-555-0100' }));
    await page.locator('[data-claim][data-state="preview"]').waitFor();
    assert.equal(
      await page.locator('[data-claim-field="badge"]').innerText(),
      'NuriTech Certified Data Analyst Associate',
    );
    assert.doesNotMatch(await page.locator('main').innerText(), /Honorary Doctorate|555/);
    assert.equal(await page.locator('[data-claim-field="recipient"]').innerText(), 'Bill Gates');
    assert.match(
      await page.locator('dd:has([data-claim-field="recipient"])').innerText(),
      /^Bill Gates\s*\(as given in your link\)$/,
    );
    const art = page.locator('[data-claim-field="artwork"]');
    assert.ok(await art.isVisible());
    assert.match((await art.getAttribute('src')) ?? '', /\/images\/badges\/data-analyst-associate\.svg$/);
    assert.ok(await art.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the artwork loads');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an impossible date in the link shows a clear message instead of throwing', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pendingLink(site.origin, { d: '2026-13-45' }));
    await page.locator('[data-claim][data-state="bad-date"]').waitFor();
    assert.match(
      await page.locator('[data-claim-message]').innerText(),
      /issue date in this claim link \("2026-13-45"\) is not a real date/,
    );
    assert.ok(await page.locator('[data-claim-preview]').isHidden());
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the language switch keeps the claim', async () => {
    const page = await browser.newPage();
    const link = pendingLink(site.origin);
    await page.goto(link);
    await page.locator('[data-claim][data-state="preview"]').waitFor();
    const korean = page.locator('a[data-switch-locale="ko"]');
    assert.equal(new URL((await korean.getAttribute('href')) ?? '', site.origin).hash, new URL(link).hash);
    await korean.click();
    await page.waitForURL((url) => url.pathname === '/claim/');
    await page.locator('[data-claim][data-state="preview"]').waitFor();
    assert.equal(
      await page.locator('[data-claim-field="badge"]').innerText(),
      '누리테크 공인 데이터 분석가 어소시에이트',
    );
    await page.close();
  });

  test('after a choice the page says what happened and offers the message to copy; the mail reads as a sentence first', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    const page = await context.newPage();
    await page.goto(pendingLink(site.origin));
    await page.locator('[data-claim][data-state="preview"]').waitFor();
    const choice = page.getByRole('link', { name: 'Accept but keep private' });
    const href = (await choice.getAttribute('href')) ?? '';
    const body = decodeURIComponent(/[?&]body=([^&]*)/.exec(href)![1]!);
    assert.match(
      body,
      /^Hello, I accept my badge “NuriTech Certified Data Analyst Associate” and would like to keep it private.*\n\nv: 1\naward: /s,
    );
    // No mail program in this browser: the click opens nothing, and the page takes over.
    await choice.click();
    await page.locator('[data-claim][data-state="chosen"]').waitFor();
    const chosen = page.locator('[data-claim-chosen]');
    assert.match(await chosen.innerText(), /You chose “Accept but keep private”\. An email to .* should have opened/);
    assert.match(await chosen.innerText(), /If no email app opened, copy the message below/);
    const message = await page.locator('[data-claim-chosen] textarea').inputValue();
    assert.equal(message, body);
    await page.getByRole('button', { name: 'Copy message' }).click();
    await page.locator('[data-claim-chosen] [data-copy-status]').filter({ hasText: 'Copied.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), body);
    assert.deepEqual(acceptedFrom('copied', message), [[PENDING, 'private']]);
    await context.close();
  });
});
