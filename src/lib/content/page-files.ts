/**
 * Reads the editors' MDX pages (`<content>/pages/<locale>/**.mdx`) far enough
 * to check their frontmatter and that they hold no code (src/lib/mdx/mdx-safety.ts)
 * before Astro starts: a mistake then stops the build with the file and the
 * field or line named, like every other content error.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ContentError, type ContentIssue } from './content-model.ts';
import { validatePages, type ContentPage, type RawPageFile } from './content-pages.ts';
import { checkMdxSource } from '../mdx/mdx-safety.ts';
import { pageQuestions, questionParity } from '../mdx/question-parity.ts';
import type { Locale } from './schema.ts';

const FRONTMATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/;

export function pagesDir(contentDir: string): string {
  return path.join(contentDir, 'pages');
}

export function readPageFiles(contentDir: string, labelRoot = process.cwd()): RawPageFile[] {
  const dir = pagesDir(contentDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.mdx') && !d.name.startsWith('_'))
    .map((d) => path.join(d.parentPath, d.name))
    .sort()
    .map((file) => {
      const label = path.relative(labelRoot, file) || file;
      const folder = path.relative(dir, file).split(path.sep)[0]!;
      const match = FRONTMATTER.exec(readFileSync(file, 'utf8'));
      if (!match)
        return {
          file: label,
          folder,
          frontmatter: undefined,
          parseError: 'the file must start with a "---" frontmatter block',
        };
      try {
        return { file: label, folder, frontmatter: parseYaml(match[1]!) as unknown };
      } catch (error) {
        const detail = error instanceof YAMLParseError ? error.message.split('\n')[0]! : (error as Error).message;
        return { file: label, folder, frontmatter: undefined, parseError: detail };
      }
    });
}

/**
 * Refuses any page that contains code or unsafe markup, before anything is
 * compiled. Every .mdx file under pages/ is checked, "_" files included:
 * the content collection would still load them.
 */
export function checkPagesSafety(contentDir: string, labelRoot = process.cwd(), locale: Locale = 'en'): void {
  const dir = pagesDir(contentDir);
  if (!existsSync(dir)) return;
  const issues: ContentIssue[] = [];
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => !d.isDirectory() && d.name.endsWith('.mdx'))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
  for (const file of files) {
    const label = path.relative(labelRoot, file) || file;
    for (const problem of checkMdxSource(readFileSync(file, 'utf8'), locale)) {
      issues.push({
        file: label,
        record: '',
        field: problem.line ? `line ${problem.line}` : '',
        message: problem.message,
      });
    }
  }
  if (issues.length) throw new ContentError(issues);
}

/**
 * Refuses pages that exist in several languages but do not ask the same FAQ
 * questions (src/lib/mdx/question-parity.ts), naming the question, the file
 * that lacks it and the file that has it. Run after the frontmatter is checked.
 */
export function checkPagesParity(contentDir: string, labelRoot = process.cwd(), locale: Locale = 'en'): void {
  const pages = readPageFiles(contentDir, labelRoot).flatMap((raw) => {
    const key = (raw.frontmatter as { translationKey?: unknown } | undefined)?.translationKey;
    if (typeof key !== 'string') return [];
    const source = readFileSync(path.resolve(labelRoot, raw.file), 'utf8');
    return [{ file: raw.file, key, questions: pageQuestions(source) }];
  });
  const issues: ContentIssue[] = questionParity(pages, locale).map((problem) => ({
    file: problem.file,
    record: '',
    field: problem.line ? `line ${problem.line}` : '',
    message: problem.message,
  }));
  if (issues.length) throw new ContentError(issues);
}

export function loadPages(contentDir: string, locales: readonly Locale[], labelRoot?: string): ContentPage[] {
  return validatePages(readPageFiles(contentDir, labelRoot), locales);
}

/**
 * Every problem of the page checks (what a page may contain, the same questions in every language), in one
 * language, without stopping at the first check that fails: for reports such as the preview's comment.
 */
export function pageCheckProblems(
  contentDir: string,
  labelRoot = process.cwd(),
  locale: Locale = 'en',
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  for (const check of [checkPagesSafety, checkPagesParity]) {
    try {
      check(contentDir, labelRoot, locale);
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      issues.push(...error.issues);
    }
  }
  return issues;
}
