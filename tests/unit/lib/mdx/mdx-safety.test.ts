/**
 * The MDX safety check: editors' pages hold Markdown, the documented
 * components and harmless HTML with quoted attribute values; every way to put
 * code or script into a page is refused with its line.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { checkMdxSource, unsafeUrl } from '../../../../src/lib/mdx/mdx-safety.ts';
import { realPagesDir } from '../../../helpers/pages-content.ts';
import { projectRoot } from '../../../helpers/site-build.ts';

const page = (body: string) => `---\ntitle: T\ndescription: D\ntranslationKey: t\n---\n\n${body}\n`;
/** Line numbers of the body start at 7 (frontmatter is lines 1-5, then an empty line). */
const problems = (body: string) => checkMdxSource(page(body));

function refused(body: string, pattern: RegExp, line = 7) {
  const found = problems(body);
  assert.ok(found.length > 0, `refused: ${body}`);
  assert.ok(
    found.some((p) => pattern.test(p.message) && p.line === line),
    `expected ${pattern} at line ${line} for ${JSON.stringify(body)}, got ${JSON.stringify(found)}`,
  );
}

describe('MDX safety check', () => {
  test('the shipped pages pass', () => {
    const files = readdirSync(realPagesDir, { recursive: true, withFileTypes: true }).filter(
      (f) => f.isFile() && f.name.endsWith('.mdx'),
    );
    assert.ok(files.length >= 4);
    for (const file of files)
      assert.deepEqual(checkMdxSource(readFileSync(path.join(file.parentPath, file.name), 'utf8')), [], file.name);
  });

  test('Markdown, components with quoted attributes, allowed HTML and comments pass', () => {
    const body = [
      '## Heading with **bold**, _em_, `code` and [a link](/faq/#x), [mail](mailto:a@b.example), [web](https://example.org/)',
      '',
      '<h2 id="auto-accept">Anchored heading</h2>',
      '',
      '<Callout type="tip" title="Note">',
      '',
      'Text with <CertLink id="x" /> and <abbr title="Open Badges">OB</abbr>.',
      '',
      '</Callout>',
      '',
      '{/* an editor comment */}',
      '',
      '<EligibilityTable list="retired" />',
      '',
      '<VideoLink url="https://www.youtube.com/watch?v=abcdefgh" title="Video" />',
      '',
      '![logo](/images/logo.svg)',
    ].join('\n');
    assert.deepEqual(problems(body), []);
  });

  test('import and export (ESM) are refused', () => {
    refused("import fs from 'node:fs'", /import and export are code/);
    refused('export const secret = process.env.EMBLEM_SIGNING_KEY', /import and export are code/);
  });

  test('{…} expressions are refused, in flow and in text', () => {
    refused('{process.env.EMBLEM_SIGNING_KEY}', /JavaScript expression/);
    refused('Hello {require("child_process").execSync("id")} there', /JavaScript expression/);
    refused('{/* comment */ 1 + 1}', /JavaScript expression/);
  });

  test('expression and spread attributes are refused, also on allowed components', () => {
    refused('<Callout title={process.env.HOME}>\n\nx\n\n</Callout>', /title=\{process\.env\.HOME\}.*in quotes/);
    refused('<Callout {...props}>\n\nx\n\n</Callout>', /spread attributes are code/);
    refused('<CertLink id />', /give the attribute a value in quotes/);
  });

  test('unknown components, script-capable and unlisted HTML elements are refused', () => {
    refused('<Secret />', /<Secret> is not one of the page components/);
    for (const tag of [
      'script',
      'iframe',
      'object',
      'embed',
      'style',
      'form',
      'input',
      'svg',
      'link',
      'meta',
      'base',
    ]) {
      refused(`<${tag} />`, new RegExp(`<${tag}> is not an HTML element pages may use`));
    }
    refused('<>fragment</>', /fragments/);
  });

  test('event handlers and unlisted attributes are refused', () => {
    refused('<img src="/images/logo.svg" onload="alert(1)" />', /onload.*event handler/);
    refused('<p onClick="x">text</p>', /onClick.*event handler/);
    refused('<p style="color: red">text</p>', /style is not an attribute <p> may have/);
    refused('<Question id="a" q="b" onmouseover="x">\n\nx\n\n</Question>', /event handler/);
  });

  test('javascript:, data: and vbscript: addresses are refused in links, images, definitions and attributes', () => {
    refused('[click](javascript:alert(1))', /javascript:/);
    refused('[click](JaVaScRiPt:alert(1))', /javascript:/);
    refused('<a href="java&#x09;script:alert(1)">x</a>', /javascript:/);
    refused('![x](data:image/svg+xml;base64,PHN2Zz4=)', /data:/);
    refused('[ref]: vbscript:msgbox', /vbscript:/);
    refused('<a href="javascript:alert(1)">x</a>', /javascript:/);
    refused('<img src="data:text/html,x" alt="" />', /data:/);
    refused('<VideoLink url="javascript:alert(1)" title="x" />', /javascript:/);
  });

  test('safe addresses pass the URL rule', () => {
    for (const ok of [
      '/faq/',
      '#anchor',
      'https://example.org/',
      'mailto:x@y.example',
      'tel:+821012345678',
      'relative/path',
      '?q=1',
    ]) {
      assert.equal(unsafeUrl(ok), undefined, ok);
    }
    for (const bad of ['javascript:x', ' javascript:x', 'data:,x', 'vbscript:x', 'file:///etc/passwd'])
      assert.ok(unsafeUrl(bad), bad);
  });

  test('MDX syntax errors are reported with their line', () => {
    const found = problems('text\n\n<!-- an HTML comment -->');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.line, 9);
    assert.match(found[0]!.message, /is not valid MDX/);
  });

  test('curly quotes around an attribute value are named as such, with line and column, instead of a syntax error', () => {
    const cases: [string, string, string][] = [
      ['<Question id="a" q=“Why?”>\n\nx\n\n</Question>', 'q', '“'],
      ['<Question id="a" q=”Why?”>\n\nx\n\n</Question>', 'q', '”'],
      ['<Callout title=‘Note’>\n\nx\n\n</Callout>', 'title', '‘'],
      ['Text first.\n\n<Callout type="tip"\n  title=“Note”>\n\nx\n\n</Callout>', 'title', '“'],
    ];
    for (const [body, attr, quote] of cases) {
      const found = problems(body);
      assert.equal(found.length, 1, body);
      const line = 7 + body.split('\n').findIndex((l) => l.includes(`${attr}=${quote}`));
      assert.equal(found[0]!.line, line, body);
      assert.equal(found[0]!.column, body.split('\n')[line - 7]!.indexOf(`${attr}=`) + 1, body);
      assert.match(found[0]!.message, new RegExp(`^${attr}=${quote}…: .*use straight quotes " instead of “ ”`));
      assert.doesNotMatch(found[0]!.message, /Unexpected character|\[text\]\(url\)/);
    }
    // A straight opening quote closed by a curly one runs on to the next straight quote.
    const mixed = problems('<Question id="a" q="Why?”>\n\nx\n\n</Question>\n\nSee "this".');
    assert.equal(mixed.length, 1);
    assert.equal(mixed[0]!.line, 7);
    assert.match(mixed[0]!.message, /straight quotes/);
    // In Korean, still naming the straight quote.
    assert.match(checkMdxSource(page('<Callout title=“참고”>\n\nx\n\n</Callout>'), 'ko')[0]!.message, /곧은 따옴표 "/);
  });

  test('curly quotes in text, and inside a straight-quoted value, are text', () => {
    assert.deepEqual(
      problems('He said “hello” and ‘bye’.\n\n<Question id="a" q="What is a “badge”?">\n\nx\n\n</Question>'),
      [],
    );
  });

  test('every problem in a page is reported, each with its line', () => {
    const found = problems("import x from 'y'\n\n{x}\n\n<script>alert(1)</script>");
    assert.deepEqual(
      found.map((p) => p.line),
      [7, 9, 11],
    );
  });
});

describe('MDX pages plugin (the dev server path)', () => {
  test('refuses a page with code while compiling it, before any JavaScript is generated', async () => {
    const { mdxToJs } = await import('satteri');
    const { emblemPagesPlugin } = await import('../../../../src/lib/mdx/mdx-plugin.ts');
    const pagesDir = path.join(projectRoot, '.tmp/plugin-pages');
    const plugin = emblemPagesPlugin({
      pagesDir,
      catalog: () => new Map(),
      sitePath: (p) => p,
      labelRoot: projectRoot,
    });
    const compile = (body: string) =>
      mdxToJs(page(body), { mdastPlugins: [plugin], fileURL: pathToFileURL(path.join(pagesDir, 'en/x.mdx')) });
    assert.throws(
      () => compile("import fs from 'node:fs'\n\nText."),
      /\.tmp\/plugin-pages\/en\/x\.mdx:7: .*import and export are code/,
    );
    assert.throws(() => compile('<img src="/a.png" onerror="alert(1)" />'), /x\.mdx:7: .*event handler/);
    assert.doesNotThrow(() => compile('<Callout type="tip">\n\nFine.\n\n</Callout>'));
  });
});
