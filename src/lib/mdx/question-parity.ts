/**
 * The same FAQ questions in every language. A question is its `<Question id>`
 * (the anchor support staff link to); pages in different languages are the
 * same page when they share a `translationKey` (as everywhere else: it is the
 * URL). A page that exists in one language only is shown with a notice
 * (content-pages.ts) and is not compared; inside pages that exist in several
 * languages, every question id must be in every one of them.
 */
import { mdxToMdast } from 'satteri';
import type { Locale } from '../content/schema.ts';
import { editorMessages } from './editor-messages.ts';

export interface QuestionRef {
  id: string;
  line: number;
}

export interface PageQuestions {
  /** Path for messages. */
  file: string;
  /** The page's translationKey. */
  key: string;
  questions: readonly QuestionRef[];
}

export interface ParityProblem {
  /** The file that lacks the question. */
  file: string;
  /** Where in that file it belongs (the question it should follow), or the first question's line. */
  line: number | undefined;
  message: string;
}

interface Node {
  type: string;
  name?: string | null;
  position?: { start: { line: number } } | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: Node[];
}

/** The `<Question id="…">` of an MDX source, in order, with their lines; a source that does not parse has none
 * (the safety check reports it). */
export function pageQuestions(source: string): QuestionRef[] {
  let root: Node;
  try {
    root = mdxToMdast(source) as unknown as Node;
  } catch {
    return [];
  }
  const found: QuestionRef[] = [];
  const walk = (node: Node) => {
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'Question') {
      const id = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'id')?.value;
      if (typeof id === 'string' && id) found.push({ id, line: node.position?.start.line ?? 0 });
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  return found;
}

/** Every question missing from a language's version of a page that another language's version asks. */
export function questionParity(pages: readonly PageQuestions[], locale: Locale = 'en'): ParityProblem[] {
  const t = editorMessages(locale);
  const problems: ParityProblem[] = [];
  for (const versions of Map.groupBy(pages, (p) => p.key).values()) {
    if (versions.length < 2) continue;
    for (const page of versions) {
      const own = new Set(page.questions.map((q) => q.id));
      const reported = new Set<string>();
      for (const other of versions) {
        if (other === page) continue;
        for (const [index, question] of other.questions.entries()) {
          if (own.has(question.id) || reported.has(question.id)) continue;
          reported.add(question.id);
          // The nearest question before it (in the file that has it) that this file has too.
          const after = other.questions
            .slice(0, index)
            .reverse()
            .find((q) => own.has(q.id));
          const line = after
            ? page.questions.find((q) => q.id === after.id)!.line
            : (page.questions[0]?.line ?? undefined);
          problems.push({
            file: page.file,
            line,
            message: t.missingQuestion(question.id, other.file, question.line, after?.id),
          });
        }
      }
    }
  }
  return problems;
}
