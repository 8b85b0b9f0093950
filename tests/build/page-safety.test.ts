/**
 * An editor's page that tries to run code or publish secrets stops the build
 * before anything runs, and nothing is written.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { generateSigningKey } from '../../src/lib/credentials/keys.ts';
import { defectContent } from '../helpers/pages-content.ts';
import { projectRoot, runBuild } from '../helpers/site-build.ts';

const SITE = 'https://badges.example.org/';

describe('editor pages cannot run code or leak secrets', () => {
  test('a page with import, expressions and an event handler stops the build, in the editors’ language (Korean for this issuer); its code never runs', () => {
    const marker = path.join(projectRoot, '.tmp/page-safety-marker');
    rmSync(marker, { force: true });
    let lineOf = (_: string) => 0;
    const contentDir = defectContent('code-in-page', (dir) => {
      const file = path.join(dir, 'pages/en/faq.mdx');
      const text = readFileSync(file, 'utf8').replace(
        /\n---\n/,
        `\n---\n\nimport fs from 'node:fs'\nexport const ran = fs.writeFileSync(${JSON.stringify(marker)}, String(process.env.EMBLEM_SIGNING_KEY))\n\n{process.env.HOME}\n\n<img src="/images/x.svg" onload="alert(1)" />\n`,
      );
      writeFileSync(file, text);
      lineOf = (start) => text.split('\n').findIndex((line) => line.startsWith(start)) + 1;
    });
    const outDir = path.join(projectRoot, '.tmp/pages-defects/code-in-page-dist');
    rmSync(outDir, { recursive: true, force: true });
    const result = runBuild({ contentDir, siteUrl: SITE, outDir });
    const output = result.stdout + result.stderr;
    assert.notEqual(result.status, 0, 'the build must fail');
    assert.match(output, new RegExp(`pages/en/faq\\.mdx › line ${lineOf('import fs')}: .*import와 export는 코드이며`));
    assert.match(
      output,
      new RegExp(`pages/en/faq\\.mdx › line ${lineOf('{process')}: .*\\{process\\.env\\.HOME\\}.*자바스크립트 식`),
    );
    assert.match(
      output,
      new RegExp(`pages/en/faq\\.mdx › line ${lineOf('<img')}: .*onload.*이벤트 처리 속성은 스크립트를 실행하므로`),
    );
    assert.equal(existsSync(marker), false, 'the page module was never evaluated');
    assert.equal(existsSync(outDir), false, 'nothing was written');
  });

  test('a FAQ question in one language only stops the build, naming the question and both files', () => {
    const contentDir = defectContent('question-in-one-language', (dir) => {
      const file = path.join(dir, 'pages/ko/faq.mdx');
      writeFileSync(
        file,
        `${readFileSync(file, 'utf8')}\n<Question id="only-in-korean" q="한국어에만 있는 질문?">\n\n답.\n\n</Question>\n`,
      );
    });
    const outDir = path.join(projectRoot, '.tmp/pages-defects/question-in-one-language-dist');
    rmSync(outDir, { recursive: true, force: true });
    const result = runBuild({ contentDir, siteUrl: SITE, outDir });
    const output = result.stdout + result.stderr;
    assert.notEqual(result.status, 0, 'the build must fail');
    assert.match(output, /pages\/en\/faq\.mdx › line \d+: .*"only-in-korean".*pages\/ko\/faq\.mdx:\d+/);
    assert.equal(existsSync(outDir), false, 'nothing was written');
  });

  test('page text that publishes the signing key or a secret setting stops the build (privacy check)', async () => {
    const key = await generateSigningKey();
    const claimSecret = 'claim-secret-7f3a9c2e51';
    const smtp = 'smtp://mailer:pa55w0rd-xyz@smtp.example.org:587';
    const contentDir = defectContent('secrets-in-page', (dir) => {
      const file = path.join(dir, 'pages/en/claim-guide.mdx');
      writeFileSync(
        file,
        `${readFileSync(file, 'utf8')}\n\nKey: ${key.secretKeyMultibase}\n\nClaims: ${claimSecret}\n\nMail: \`${smtp}\`\n`,
      );
    });
    const outDir = path.join(projectRoot, '.tmp/pages-defects/secrets-in-page-dist');
    rmSync(outDir, { recursive: true, force: true });
    const result = runBuild({
      contentDir,
      siteUrl: SITE,
      outDir,
      env: {
        EMBLEM_SIGNING_KEY: JSON.stringify(key),
        EMBLEM_CLAIM_SECRET: claimSecret,
        EMBLEM_SMTP_URL: smtp,
        EMBLEM_DKIM_DOMAIN: 'mail.nuritech.example.org',
      },
    });
    const output = result.stdout + result.stderr;
    assert.notEqual(result.status, 0, 'the build must fail');
    assert.match(output, /Privacy check failed/);
    assert.match(output, /en\/claim-guide\/index\.html: secret: .*secretKeyMultibase.*EMBLEM_SIGNING_KEY/);
    assert.match(output, /en\/claim-guide\/index\.html: secret: the value of EMBLEM_CLAIM_SECRET/);
    assert.match(output, /en\/claim-guide\/index\.html: secret: the value of EMBLEM_SMTP_URL/);
    assert.doesNotMatch(output, /EMBLEM_DKIM_DOMAIN/, 'a setting whose value is public is not guarded as a secret');
    assert.ok(
      !output.includes(key.secretKeyMultibase) && !output.includes(claimSecret),
      'the message never repeats a secret',
    );
    assert.equal(existsSync(outDir), false, 'nothing was published');
  });

  test('a secret in credential files the output scan does not read again (unchanged since a build that scanned them) still stops the build', () => {
    // The fixture's build and its cache: the output scan knows the facts of every credential file by digest.
    const fixture = runBuild();
    assert.equal(fixture.status, 0, fixture.stdout + fixture.stderr);
    const cache = path.join(projectRoot, '.tmp/pages-defects/secret-in-credential-cache');
    rmSync(cache, { recursive: true, force: true });
    cpSync(path.join(projectRoot, '.tmp/build-cache', path.basename(fixture.outDir)), cache, { recursive: true });
    const outDir = path.join(projectRoot, '.tmp/pages-defects/secret-in-credential-dist');
    rmSync(outDir, { recursive: true, force: true });
    // Text of one award's evidence, now the value of a secret setting.
    const result = runBuild({
      outDir,
      env: { EMBLEM_BUILD_CACHE: cache, EMBLEM_CLAIM_SECRET: 'Passed both NT-304 and NT-305.' },
    });
    const output = result.stdout + result.stderr;
    assert.notEqual(result.status, 0, 'the build must fail');
    for (const file of ['credential.json', 'assertion.json']) {
      assert.match(
        output,
        new RegExp(
          `badges/00000000-0000-4000-8000-000000000002/${file.replace('.', '\\.')}: secret: the value of EMBLEM_CLAIM_SECRET`,
        ),
      );
    }
    assert.equal(existsSync(outDir), false, 'nothing was published');
  });
});
