/**
 * The same FAQ questions in every language: a question (its id) in one
 * language's page and not in the other's stops the build, naming the id, the
 * file that lacks it and the file that has it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ContentError } from '../../../../src/lib/content/content-model.ts';
import { checkPagesParity } from '../../../../src/lib/content/page-files.ts';
import { pageQuestions, questionParity } from '../../../../src/lib/mdx/question-parity.ts';
import { projectRoot } from '../../../helpers/site-build.ts';

const front = (key: string) => `---\ntitle: T\ndescription: D\ntranslationKey: ${key}\n---\n\n`;
const question = (id: string) => `<Question id="${id}" q="Q ${id}?">\n\nAnswer.\n\n</Question>\n\n`;

/** A content folder with the given page files (path under pages/ → text). */
function contentWith(name: string, files: Record<string, string>): string {
  const dir = path.join(projectRoot, '.tmp/question-parity', name);
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, 'pages', file)), { recursive: true });
    writeFileSync(path.join(dir, 'pages', file), text);
  }
  return dir;
}

describe('FAQ questions in every language', () => {
  test('questions are read by id with their line', () => {
    const source = `${front('faq')}${question('a')}Text <b>x</b>\n\n${question('b')}`;
    assert.deepEqual(pageQuestions(source), [
      { id: 'a', line: 7 },
      { id: 'b', line: 15 },
    ]);
  });

  test('a question missing in one language names the id, the file without it and the file with it', () => {
    const problems = questionParity([
      {
        file: 'pages/ko/faq.mdx',
        key: 'faq',
        questions: [
          { id: 'a', line: 7 },
          { id: 'b', line: 20 },
          { id: 'c', line: 30 },
        ],
      },
      {
        file: 'pages/en/faq.mdx',
        key: 'faq',
        questions: [
          { id: 'a', line: 8 },
          { id: 'c', line: 12 },
        ],
      },
    ]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.file, 'pages/en/faq.mdx');
    assert.equal(problems[0]!.line, 8, 'the line of the question before which it belongs after');
    assert.match(problems[0]!.message, /"b"/);
    assert.match(problems[0]!.message, /pages\/ko\/faq\.mdx:20/);
    assert.match(problems[0]!.message, /after the question "a"/);
  });

  test('in Korean too', () => {
    const [problem] = questionParity(
      [
        { file: 'pages/ko/faq.mdx', key: 'faq', questions: [{ id: 'a', line: 7 }] },
        { file: 'pages/en/faq.mdx', key: 'faq', questions: [] },
      ],
      'ko',
    );
    assert.match(problem!.message, /질문 "a"/);
    assert.match(problem!.message, /pages\/ko\/faq\.mdx:7/);
  });

  test('a page in one language only is not compared (it is shown with a notice), nor are different pages', () => {
    assert.deepEqual(
      questionParity([
        { file: 'pages/ko/faq.mdx', key: 'faq', questions: [{ id: 'a', line: 7 }] },
        { file: 'pages/en/help.mdx', key: 'help', questions: [{ id: 'b', line: 7 }] },
      ]),
      [],
    );
  });

  test('pages are paired by translationKey, not by file name', () => {
    const dir = contentWith('by-key', {
      'ko/faq.mdx': `${front('faq')}${question('a')}${question('b')}`,
      'en/questions.mdx': `${front('faq')}${question('a')}`,
      'en/faq.mdx': `${front('other')}`,
    });
    assert.throws(
      () => checkPagesParity(dir, projectRoot, 'en'),
      (error: unknown) => {
        assert.ok(error instanceof ContentError);
        assert.equal(error.issues.length, 1);
        assert.match(
          error.message,
          /question-parity\/by-key\/pages\/en\/questions\.mdx › line 7: .*"b".*question-parity\/by-key\/pages\/ko\/faq\.mdx:13/,
        );
        return true;
      },
    );
  });

  test('14 questions in Korean and 13 in English stop the check; the same ids pass', () => {
    const ids = Array.from({ length: 14 }, (_, i) => `q${i + 1}`);
    const dir = contentWith('fourteen', {
      'ko/faq.mdx': front('faq') + ids.map(question).join(''),
      'en/faq.mdx': front('faq') + ids.slice(0, 13).map(question).join(''),
    });
    assert.throws(() => checkPagesParity(dir, projectRoot, 'en'), /"q14".*ko\/faq\.mdx/);
    writeFileSync(path.join(dir, 'pages/en/faq.mdx'), front('faq') + ids.map(question).join(''));
    checkPagesParity(dir, projectRoot, 'en');
  });

  test('the shipped pages and the fixture pages ask the same questions in both languages', () => {
    checkPagesParity(path.join(projectRoot, 'content'), projectRoot, 'en');
    checkPagesParity(path.join(projectRoot, 'tests/fixtures/content'), projectRoot, 'en');
  });
});
