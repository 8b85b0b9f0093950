/**
 * Reads the editors' MDX pages (`<content>/pages/<locale>/**.mdx`) far enough
 * to check their frontmatter before Astro starts: a mistake then stops the
 * build with the file and the field named, like every other content error.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { validatePages, type ContentPage, type RawPageFile } from './content-pages.ts';
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
      if (!match) return { file: label, folder, frontmatter: undefined, parseError: 'the file must start with a "---" frontmatter block' };
      try {
        return { file: label, folder, frontmatter: parseYaml(match[1]!) as unknown };
      } catch (error) {
        const detail = error instanceof YAMLParseError ? error.message.split('\n')[0]! : (error as Error).message;
        return { file: label, folder, frontmatter: undefined, parseError: detail };
      }
    });
}

export function loadPages(contentDir: string, locales: readonly Locale[], labelRoot?: string): ContentPage[] {
  return validatePages(readPageFiles(contentDir, labelRoot), locales);
}
