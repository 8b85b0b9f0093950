/**
 * The MDX (Sätteri) plugin for editors' pages, run while each page compiles:
 *  - first refuses code and unsafe markup (src/lib/mdx/mdx-safety.ts), so a page
 *    edited while the dev server runs is checked before it is evaluated;
 *  - checks every <CertLink id> against the catalog and every <Question id>
 *    anchor, failing the build with file and line when one is wrong;
 *  - collects the questions (id, text, plain-text answer) into the page's
 *    frontmatter as `faq`, for the FAQPage structured data;
 *  - gives each Emblem component the language of the file it is written in
 *    (a `locale` prop), so a page shown as a fallback stays in one language;
 *  - prefixes site-relative Markdown links ("/faq/") with the site's base path.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  MdastNode,
  MdastPluginDefinition,
  MdastVisitorContext,
  MdxJsxFlowElement,
  MdxJsxTextElement,
  PluginFactoryContext,
} from 'satteri';
import { QUESTION_ID, type FaqQuestion } from './mdx-components.ts';
import { editorMessages } from './editor-messages.ts';
import { unsafeConstructs } from './mdx-safety.ts';
import type { Locale, LocalizedText } from '../content/schema.ts';

/** Components that render in the language of the file they are written in. */
export const LOCALIZED_COMPONENTS: ReadonlySet<string> = new Set([
  'Question',
  'CertLink',
  'EligibilityTable',
  'Callout',
  'Steps',
  'VideoLink',
]);

export interface PagesPluginOptions {
  /** Absolute path of the content's pages/ folder; other MDX files are left alone. */
  pagesDir: string;
  /** Catalog names by id; called when a page compiles, after the content is loaded. */
  catalog: () => ReadonlyMap<string, LocalizedText>;
  /** Site-relative path → path including the base ("/faq/" → "/program/faq/"). */
  sitePath: (relative: string) => string;
  /** Paths in messages are relative to this folder. */
  labelRoot?: string;
  /** The language of the messages (the issuer's editorLocale, else defaultLocale); English without it. */
  editorLocale?: () => Locale;
}

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

const BLOCK = new Set([
  'paragraph',
  'heading',
  'list',
  'listItem',
  'blockquote',
  'code',
  'table',
  'tableRow',
  'mdxJsxFlowElement',
]);

function attribute(node: JsxElement, name: string): { present: boolean; value?: string } {
  const found = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  if (found?.type !== 'mdxJsxAttribute') return { present: false };
  return { present: true, value: typeof found.value === 'string' ? found.value : undefined };
}

/**
 * An error that says where it is, as the dev server's overlay reads it. @astrojs/mdx's Vite plugin
 * (dist/vite-plugin-mdx.js) turns an error thrown while a page compiles into `err.loc = { file: id, line:
 * e.line, column: e.column }` (else it looks for "line:column:" at the start of the message, which our messages,
 * starting with the file, do not have); Astro (core/errors/dev/utils.js, collectErrorMetadata) then draws the
 * code frame and highlights the line from `loc`, and only when both line and column are numbers. Without them
 * the overlay showed the first lines of the file.
 */
export function locatedError(
  file: string,
  message: string,
  at: { line: number; column?: number } | undefined,
): Error & { line?: number; column?: number; loc?: { file: string; line: number; column: number }; id: string } {
  const error = Object.assign(new Error(message), { id: file });
  if (!at) return error;
  const column = at.column ?? 1;
  return Object.assign(error, { line: at.line, column, loc: { file, line: at.line, column } });
}

/** The error for a page's problems: every problem on its own line (file:line: message), located at the first that has a line. */
export function pageProblemsError(
  file: string,
  label: string,
  problems: readonly { line?: number; column?: number; message: string }[],
) {
  const first = problems.find((p) => p.line !== undefined);
  return locatedError(
    file,
    problems.map((p) => `${label}${p.line ? `:${p.line}` : ''}: ${p.message}`).join('\n'),
    first && { line: first.line!, column: first.column },
  );
}

export function emblemPagesPlugin(options: PagesPluginOptions) {
  const labelRoot = options.labelRoot ?? process.cwd();
  return (factory: PluginFactoryContext): MdastPluginDefinition | null => {
    if (factory.sourceFormat !== 'mdx' || !factory.fileURL) return null;
    const file = fileURLToPath(factory.fileURL);
    const relative = path.relative(options.pagesDir, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
    const locale = relative.split(path.sep)[0] as Locale;
    const label = path.relative(labelRoot, file);
    const questions: FaqQuestion[] = [];
    let catalog: ReadonlyMap<string, LocalizedText> | undefined;
    const editorLocale = options.editorLocale?.() ?? 'en';
    const t = editorMessages(editorLocale);

    const fail = (
      node: { position?: { start: { line: number; column?: number } } | undefined },
      message: string,
    ): never => {
      throw locatedError(
        file,
        `${label}${node.position ? `:${node.position.start.line}` : ''}: ${message}`,
        node.position?.start,
      );
    };

    const certName = (node: JsxElement): string => {
      const id = attribute(node, 'id');
      if (id.value === undefined) fail(node, t.certLinkNeedsId());
      const name = (catalog ??= options.catalog()).get(id.value!);
      if (!name) fail(node, t.certLinkUnknown(id.value!));
      return name![locale] ?? Object.values(name!)[0] ?? id.value!;
    };

    /** The answer as plain text, with catalog names where <CertLink> stands. */
    const plainText = (node: MdastNode): string => {
      if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') return node.value;
      if (node.type === 'break') return '\n';
      if ((node.type === 'mdxJsxTextElement' || node.type === 'mdxJsxFlowElement') && node.name === 'CertLink')
        return certName(node);
      if (!('children' in node)) return '';
      const children = node.children as MdastNode[];
      // A table row reads as its cells one after another, not run together.
      if (node.type === 'tableRow') return children.map(plainText).join(' · ');
      return children.map(plainText).join(children.some((c) => BLOCK.has(c.type)) ? '\n' : '');
    };

    const visit = (node: JsxElement, _ctx: MdastVisitorContext): JsxElement | undefined => {
      if (!node.name || !LOCALIZED_COMPONENTS.has(node.name)) return undefined;
      if (node.name === 'CertLink') certName(node);
      if (node.name === 'Question') {
        const id = attribute(node, 'id');
        const text = attribute(node, 'q');
        if (!id.value || !QUESTION_ID.test(id.value)) {
          fail(node, t.questionNeedsId(id.value));
        }
        if (questions.some((q) => q.id === id.value)) fail(node, t.questionDuplicate(id.value!));
        if (!text.value?.trim()) fail(node, t.questionNeedsText(id.value!));
        const answer = plainText(node)
          .split('\n')
          .map((line) => line.replace(/\s+/g, ' ').trim())
          .filter(Boolean)
          .join('\n');
        questions.push({ id: id.value!, question: text.value!.trim(), answer });
      }
      if (attribute(node, 'locale').present) return undefined;
      // The tree cannot take a new attribute in place; an equal node with one more does.
      return {
        ...node,
        attributes: [...node.attributes, { type: 'mdxJsxAttribute', name: 'locale', value: locale }],
      } as JsxElement;
    };

    return {
      name: 'emblem-pages',
      options: { position: true },
      before(root) {
        const problems = unsafeConstructs(root as unknown as Parameters<typeof unsafeConstructs>[0], editorLocale);
        if (problems.length) throw pageProblemsError(file, label, problems);
      },
      mdxJsxFlowElement: (node, ctx) => visit(node, ctx),
      mdxJsxTextElement: (node, ctx) => visit(node, ctx),
      link(node, ctx) {
        if (node.url.startsWith('/') && !node.url.startsWith('//'))
          ctx.setProperty(node, 'url', options.sitePath(node.url));
      },
      after(_root, ctx) {
        const astro = (ctx.data as { astro?: { frontmatter: Record<string, unknown> } }).astro;
        if (astro && questions.length) astro.frontmatter.faq = questions;
      },
    };
  };
}
