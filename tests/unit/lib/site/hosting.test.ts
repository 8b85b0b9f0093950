/**
 * The Content-Security-Policy the build writes: which inline sources get a
 * hash (scripts the browser runs, inline styles) and which do not (JSON-LD and
 * JSON data blocks, external scripts), and what the claim endpoint adds.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BuildContext } from '../../../../src/steps/context.ts';
import { inlineSourcesOf } from '../../../../src/steps/site-files/hosting-files.ts';
import { contentFacts } from '../../../../src/steps/checks/scan-file.ts';
import {
  collectInlineSources,
  contentSecurityPolicy,
  credentialHeaderRules,
  declaredScriptHashes,
  headersFile,
  securityHeaderRule,
} from '../../../../src/lib/site/hosting.ts';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('Content-Security-Policy', () => {
  test('hashes inline scripts and styles exactly as written, not data blocks or external scripts', () => {
    const html = [
      '<script type="module">for(const b of document.querySelectorAll(`[x]`)) b.hidden = a < 1 && "&amp;";</script>',
      '<script>console.log(1)</script>',
      '<script type="application/ld+json">{"@type":"FAQPage","name":"a &amp; b"}</script>',
      '<script type="application/json" id="verify-strings">{"a":1}</script>',
      '<script type="module" src="/_astro/x.js"></script>',
      '<style>p{color:red}</style>',
      '<a style="color:#5b6470;font:14px/1.4 &quot;x&quot;">x</a>',
    ].join('\n');
    const sources = collectInlineSources(html);
    assert.deepEqual(
      [...sources.scripts].sort(),
      [
        hash('for(const b of document.querySelectorAll(`[x]`)) b.hidden = a < 1 && "&amp;";'),
        hash('console.log(1)'),
      ].sort(),
    );
    assert.deepEqual([...sources.styles], [hash('p{color:red}')]);
    // The browser hashes the attribute's value after decoding character references.
    assert.deepEqual([...sources.styleAttributes], [hash('color:#5b6470;font:14px/1.4 "x"')]);
  });

  test('text inside an attribute value is not a script: an FAQ attribute holding "</script><script>…" adds no hash', () => {
    const page = `<div class="faq" data-q="</script><script>alert('q')</script>"><p>answer</p></div><p style="color:red">x</p>`;
    const facts = contentFacts(page, true);
    assert.deepEqual(
      facts.inline?.filter((entry) => entry.startsWith('script ')),
      [],
    );
    assert.deepEqual(
      facts.inline?.filter((entry) => entry.startsWith('attr ')),
      [`attr ${hash('color:red')}`],
    );
  });

  test('an inline script no template declares stops the build, naming the page; the policy lists declared scripts only', async (t) => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'emblem-csp-'));
    t.after(() => rmSync(root, { recursive: true, force: true }));
    const outDir = path.join(root, 'site');
    mkdirSync(path.join(outDir, 'faq'), { recursive: true });
    writeFileSync(
      path.join(outDir, 'index.html'),
      '<script type="application/ld+json">{"a":1}</script><script type="module" src="/_astro/x.js"></script>',
    );
    const build = () => ({ outDir, cacheDir: path.join(root, 'cache'), log: () => {} }) as unknown as BuildContext;
    const allowed = await inlineSourcesOf(build(), declaredScriptHashes(['start()']));
    assert.deepEqual([...allowed.scripts], [hash('start()')]);

    writeFileSync(path.join(outDir, 'faq', 'index.html'), '<p>q</p><script>alert(1)</script>');
    await assert.rejects(inlineSourcesOf(build(), declaredScriptHashes(['start()'])), (error: Error) => {
      assert.match(error.message, /1 page\(s\) carry an inline script that no template declares/);
      assert.ok(error.message.includes(`faq/index.html (${hash('alert(1)')})`), error.message);
      return true;
    });
    // Declared by a template: allowed.
    assert.deepEqual(
      [...(await inlineSourcesOf(build(), declaredScriptHashes(['alert(1)']))).scripts],
      [hash('alert(1)')],
    );
  });

  test('the policy: no unsafe-inline for scripts, no framing, the claim endpoint only when set', () => {
    const sources = collectInlineSources('<script>x()</script><p style="color:red">y</p>');
    const plain = contentSecurityPolicy(sources, { siteOrigin: 'https://badges.example.org' });
    assert.match(plain, new RegExp(`script-src 'self' ${hash('x()').replace(/[+/]/g, '\\$&')};`));
    assert.match(plain, /style-src-attr 'unsafe-hashes' 'sha256-/);
    assert.match(plain, /frame-ancestors 'none'/);
    assert.match(plain, /connect-src 'self';/);
    assert.match(plain, /form-action 'self';/);
    assert.doesNotMatch(plain, /unsafe-inline|unsafe-eval/);
    const claims = contentSecurityPolicy(sources, {
      siteOrigin: 'https://badges.example.org',
      claimEndpoint: 'https://claims.example.org/api/claim?x=1',
    });
    assert.match(claims, /connect-src 'self' https:\/\/claims\.example\.org;/);
    assert.match(claims, /form-action 'self' https:\/\/claims\.example\.org;/);
  });

  test('_headers: the policy for every file, cross-origin access for images', () => {
    const text = headersFile([securityHeaderRule("default-src 'none'"), ...credentialHeaderRules('/')]);
    assert.match(
      text,
      /^\/\*\n {2}Content-Security-Policy: default-src 'none'\n {2}X-Content-Type-Options: nosniff\n {2}Referrer-Policy: strict-origin-when-cross-origin\n/m,
    );
    assert.match(text, /^\/images\/\*\n {2}Access-Control-Allow-Origin: \*$/m);
  });
});
