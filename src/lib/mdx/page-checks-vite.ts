/**
 * The checks of editors' pages for a page saved while the dev server runs:
 * Astro checks every page when it starts (src/integrations/emblem.ts), but a
 * page edited afterwards is only compiled. This Vite plugin runs before
 * @astrojs/mdx's compile (transform order "pre") on every page file and
 * refuses, in the editors' language and at the right line for the overlay:
 * what a page may not contain (with curly quotes named as such, where the
 * compiler would only say "Unexpected character"), and a FAQ question that
 * one language's version of the page asks and another's does not.
 */
import path from 'node:path';
import type { Locale } from '../content/schema.ts';
import { readPageFiles } from '../content/page-files.ts';
import { locatedError, pageProblemsError } from './mdx-plugin.ts';
import { checkMdxSource } from './mdx-safety.ts';
import { pageQuestions, questionParity } from './question-parity.ts';
import { readFileSync } from 'node:fs';

export interface PageChecksOptions {
  contentDir: string;
  editorLocale: () => Locale;
  /** Paths in messages are relative to this folder. */
  labelRoot?: string;
}

export function pageChecksVitePlugin(options: PageChecksOptions) {
  const labelRoot = options.labelRoot ?? process.cwd();
  const pagesDir = path.join(options.contentDir, 'pages');
  return {
    name: 'emblem:page-checks',
    enforce: 'pre' as const,
    transform: {
      order: 'pre' as const,
      filter: { id: /\.mdx(?:\?.*)?$/ },
      handler(code: string, id: string): undefined {
        const file = id.split('?')[0]!;
        const relative = path.relative(pagesDir, file);
        if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
        const locale = options.editorLocale();
        const label = path.relative(labelRoot, file) || file;
        const problems = checkMdxSource(code, locale);
        if (problems.length) throw pageProblemsError(file, label, problems);
        // The same questions as this page's other languages (the files as saved; this one as compiled).
        const pages = readPageFiles(options.contentDir, labelRoot).flatMap((raw) => {
          const key = (raw.frontmatter as { translationKey?: unknown } | undefined)?.translationKey;
          if (typeof key !== 'string') return [];
          const full = path.resolve(labelRoot, raw.file);
          return [{ file: raw.file, full, key, source: full === file ? code : readFileSync(full, 'utf8') }];
        });
        const own = pages.find((p) => p.full === file);
        if (!own) return undefined;
        const parity = questionParity(
          pages.filter((p) => p.key === own.key).map((p) => ({ ...p, questions: pageQuestions(p.source) })),
          locale,
        );
        if (parity.length) {
          const first = parity[0]!;
          throw locatedError(
            path.resolve(labelRoot, first.file),
            parity.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`).join('\n'),
            first.line === undefined ? undefined : { line: first.line },
          );
        }
        return undefined;
      },
    },
  };
}
