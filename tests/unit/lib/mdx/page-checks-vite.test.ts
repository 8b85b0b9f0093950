/**
 * A page saved while the dev server runs is checked before it compiles: curly
 * quotes named as such and a question missing in another language, each with
 * the file and line the overlay shows, in the editors' language.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pageChecksVitePlugin } from '../../../../src/lib/mdx/page-checks-vite.ts';
import { projectRoot } from '../../../helpers/site-build.ts';

type Located = Error & { loc?: { file: string; line: number; column: number } };

const contentDir = path.join(projectRoot, '.tmp/page-checks-vite');
const front = '---\ntitle: T\ndescription: D\ntranslationKey: faq\n---\n\n';
const question = (id: string, q = `Q ${id}?`) => `<Question id="${id}" q=${q}>\n\nAnswer.\n\n</Question>\n\n`;

function save(file: string, text: string): string {
  const full = path.join(contentDir, 'pages', file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

function transformError(locale: 'ko' | 'en', file: string, code: string): Located | undefined {
  const plugin = pageChecksVitePlugin({ contentDir, editorLocale: () => locale, labelRoot: projectRoot });
  try {
    plugin.transform.handler(code, file);
  } catch (error) {
    return error as Located;
  }
  return undefined;
}

describe('checks of a page saved while the dev server runs', () => {
  rmSync(contentDir, { recursive: true, force: true });
  const en = save('en/faq.mdx', front + question('a', '"A?"'));

  test('a page that passes compiles on; MDX outside the pages folder is left alone', () => {
    const ko = save('ko/faq.mdx', front + question('a', '"가?"'));
    assert.equal(transformError('ko', ko, front + question('a', '"가?"')), undefined);
    assert.equal(transformError('ko', path.join(projectRoot, 'src/x.mdx'), 'q=“x”'), undefined);
  });

  test('curly quotes are named, with the file and line for the overlay', () => {
    const code = `${front}${question('a', '"가?"')}${question('b', '“나?”')}`;
    const ko = save('ko/faq.mdx', code);
    const error = transformError('ko', ko, code);
    assert.match(error!.message, /page-checks-vite\/pages\/ko\/faq\.mdx:13: q=“…: .*곧은 따옴표 "를 쓰세요/);
    assert.deepEqual(error!.loc, { file: ko, line: 13, column: 18 });
    assert.match(transformError('en', ko, code)!.message, /use straight quotes " instead of “ ”/);
  });

  test('a question added in one language only names the question and both files', () => {
    const code = `${front}${question('a', '"가?"')}${question('new-one', '"새 질문?"')}`;
    const ko = save('ko/faq.mdx', code);
    const error = transformError('ko', ko, code);
    assert.match(
      error!.message,
      /page-checks-vite\/pages\/en\/faq\.mdx:7: 질문 "new-one"이\(가\) 이 파일에 없습니다: .*page-checks-vite\/pages\/ko\/faq\.mdx:13에는 있으며/,
    );
    assert.deepEqual(error!.loc, { file: en, line: 7, column: 1 });
  });
});
