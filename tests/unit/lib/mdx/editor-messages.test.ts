/**
 * The MDX checks speak the editor's language: the issuer's editorLocale, else
 * its defaultLocale (Korean for the sample issuer), each message with file,
 * line and what to do.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { mdxToJs } from 'satteri';
import { parse as parseYaml } from 'yaml';
import { checkPagesSafety } from '../../../../src/lib/content/page-files.ts';
import { issuerSchema } from '../../../../src/lib/content/schema.ts';
import { EDITOR_MESSAGES, editorLocaleOf } from '../../../../src/lib/mdx/editor-messages.ts';
import { emblemPagesPlugin } from '../../../../src/lib/mdx/mdx-plugin.ts';
import { checkMdxSource } from '../../../../src/lib/mdx/mdx-safety.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';
import { projectRoot } from '../../../helpers/site-build.ts';

const sampleIssuer = parseYaml(readFileSync(path.join(projectRoot, 'content/issuer.yaml'), 'utf8')) as Record<
  string,
  unknown
>;
const page = (body: string) => `---\ntitle: T\ndescription: D\ntranslationKey: t\n---\n\n${body}\n`;

describe('messages in the editor’s language', () => {
  test('every message exists in Korean and English, and they differ', () => {
    const keys = Object.keys(EDITOR_MESSAGES.en).sort();
    assert.deepEqual(Object.keys(EDITOR_MESSAGES.ko!).sort(), keys);
    // urlAttribute only puts the tag before another message (unsafeUrl), in either language.
    for (const key of keys.filter((k) => k !== 'urlAttribute')) {
      const call = (locale: 'ko' | 'en') =>
        (EDITOR_MESSAGES[locale] as unknown as Record<string, (...a: unknown[]) => string>)[key]!('a', 'b', 3, 'c');
      assert.notEqual(call('ko'), call('en'), key);
      assert.match(call('ko'), /[가-힣]/, `${key} is in Korean`);
    }
  });

  test('Korean for the sample issuer (its defaultLocale); editorLocale chooses, and is validated', () => {
    assert.equal(editorLocaleOf(issuerSchema.parse(sampleIssuer)), 'ko');
    assert.equal(editorLocaleOf(issuerSchema.parse({ ...sampleIssuer, editorLocale: 'en' })), 'en');
    assert.equal(editorLocaleOf(issuerSchema.parse({ ...sampleIssuer, defaultLocale: 'en' })), 'en');
    const wrong = issuerSchema.safeParse({ ...sampleIssuer, editorLocale: 'fr' });
    assert.equal(wrong.success, false);
    assert.deepEqual(wrong.error!.issues[0]!.path, ['editorLocale']);
  });

  test('the safety check in Korean, with line and a suggestion', () => {
    const [problem] = checkMdxSource(page('<p style="color: red">text</p>'), 'ko');
    assert.equal(problem!.line, 7);
    assert.match(problem!.message, /<p>에는 style 속성을 쓸 수 없습니다 \(쓸 수 있는 속성: id, class/);
    const [esm] = checkMdxSource(page("import fs from 'node:fs'"), 'ko');
    assert.match(esm!.message, /import와 export는 코드이며/);
  });

  test('the build’s check of every page file names file and line in the editor’s language', () => {
    const dir = path.join(projectRoot, '.tmp/editor-messages');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, 'pages/ko'), { recursive: true });
    writeFileSync(path.join(dir, 'pages/ko/faq.mdx'), page('Text.\n\n<Callout title=“참고”>\n\nx\n\n</Callout>'));
    assert.throws(
      () => checkPagesSafety(dir, projectRoot, 'ko'),
      /\.tmp\/editor-messages\/pages\/ko\/faq\.mdx › line 9: title=“…: 값이 둥근 따옴표.*곧은 따옴표 "를 쓰세요/,
    );
  });

  test('the compile-time checks (components, anchors) too', async () => {
    const pagesDir = '/site/content/pages';
    const compile = async (source: string) =>
      mdxToJs(source, {
        mdastPlugins: [
          emblemPagesPlugin({
            pagesDir,
            catalog: () => new Map(),
            sitePath: siteUrls('https://x.example/').path,
            labelRoot: '/site',
            editorLocale: () => 'ko',
          }),
        ],
        fileURL: pathToFileURL(`${pagesDir}/ko/faq.mdx`),
        data: {
          astro: {
            frontmatter: {},
            headings: [],
            localImagePaths: new Set<string>(),
            remoteImagePaths: new Set<string>(),
          },
        },
        jsxImportSource: 'astro',
      });
    await assert.rejects(
      compile('Text <CertLink id="nope" />.\n'),
      /content\/pages\/ko\/faq\.mdx:1: <CertLink id="nope">: 카탈로그\(content\/certifications\/\)에 이 id의 자격증이나 시험이 없습니다/,
    );
    await assert.rejects(
      compile('<p style="x">y</p>\n'),
      /ko\/faq\.mdx:1: <p style="…">: <p>에는 style 속성을 쓸 수 없습니다/,
    );
  });
});
