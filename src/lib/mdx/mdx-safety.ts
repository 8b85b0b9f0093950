/**
 * What an editor's MDX page may contain. MDX is a programming language: an
 * `import`, an `export` or a `{…}` expression is JavaScript that runs in the
 * build with the build's rights (files, keys, environment), and a raw element
 * can put script into every reader's browser. Editors write content, so a page
 * may hold Markdown, the documented components and a few harmless HTML
 * elements, with attribute values written as plain quoted text; nothing else.
 *
 * The check works on the syntax tree (satteri, the parser Astro compiles the
 * pages with) and runs before anything is compiled or evaluated: when Astro
 * starts (every page file, src/lib/content/page-files.ts) and again as the first thing
 * each page's compilation does (src/lib/mdx/mdx-plugin.ts, for the dev server).
 */
import { mdxToMdast } from 'satteri';
import type { Locale } from '../content/schema.ts';
import { editorMessages, type EditorMessages } from './editor-messages.ts';

/** The components of docs/EDITORS.md, and the attributes each takes. */
export const PAGE_COMPONENTS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['Question', new Set(['id', 'q'])],
  ['Callout', new Set(['type', 'title'])],
  ['Steps', new Set<string>()],
  ['CertLink', new Set(['id'])],
  ['EligibilityTable', new Set(['list'])],
  ['VideoLink', new Set(['url', 'title'])],
]);

/** Attributes any allowed HTML element may have. */
const GLOBAL_ATTRIBUTES = ['id', 'class', 'title', 'lang', 'dir'];

/** Harmless HTML elements (no script, no embedding, no forms, no styles), and their own attributes. */
export const PAGE_HTML_ELEMENTS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  (
    [
      ...[
        'h2',
        'h3',
        'h4',
        'h5',
        'h6',
        'p',
        'br',
        'hr',
        'strong',
        'em',
        'b',
        'i',
        'u',
        's',
        'sub',
        'sup',
        'small',
        'mark',
        'kbd',
        'code',
        'span',
        'div',
      ].map((name) => [name, []] as [string, string[]]),
      ...[
        'abbr',
        'blockquote',
        'ul',
        'li',
        'dl',
        'dt',
        'dd',
        'details',
        'summary',
        'figure',
        'figcaption',
        'table',
        'thead',
        'tbody',
        'tr',
        'caption',
      ].map((name) => [name, []] as [string, string[]]),
      ['ol', ['start']],
      ['th', ['colspan', 'rowspan', 'scope']],
      ['td', ['colspan', 'rowspan']],
      ['a', ['href']],
      ['img', ['src', 'alt', 'width', 'height']],
    ] as [string, string[]][]
  ).map(([name, own]) => [name, new Set([...GLOBAL_ATTRIBUTES, ...own])]),
);

/** Attributes whose value is a URL, on components and elements. */
const URL_ATTRIBUTES: ReadonlySet<string> = new Set(['href', 'src', 'url']);
/** Schemes a link or image may use; anything else with a scheme (javascript:, data:, vbscript:, file:, …) is refused. */
const SAFE_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:', 'tel:']);
/** An expression that is only comments (`{/* note *\/}`): MDX's way to write a comment, and inert. */
const COMMENT_ONLY = /^\s*(?:\/\*(?:(?!\*\/)[\s\S])*\*\/\s*)+$/;

export interface MdxProblem {
  line: number | undefined;
  /** 1-based, where known. */
  column?: number;
  message: string;
}

interface Node {
  type: string;
  position?: { start: { line: number; column?: number } } | null;
  children?: Node[];
  name?: string | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  value?: unknown;
  url?: string;
}

/** Why a URL is refused, or undefined when it is fine. */
export function unsafeUrl(url: string, t: EditorMessages = editorMessages()): string | undefined {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"), so compare without them.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed here
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact)?.[1];
  if (scheme === undefined || SAFE_SCHEMES.has(`${scheme}:`)) return undefined;
  return t.unsafeUrl(url.slice(0, 60), scheme);
}

/** Every construct in an MDX syntax tree that an editor's page may not contain, in document order. */
export function unsafeConstructs(root: Node, locale: Locale = 'en'): MdxProblem[] {
  const t = editorMessages(locale);
  const problems: MdxProblem[] = [];
  const walk = (node: Node, lineHint: number | undefined) => {
    const line = node.position?.start.line ?? lineHint;
    const column = node.position?.start.column;
    const problem = (message: string) => problems.push({ line, column, message });
    switch (node.type) {
      case 'mdxjsEsm':
        problem(t.esm(String(node.value).trim().split('\n')[0]!.slice(0, 60)));
        break;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        if (!COMMENT_ONLY.test(String(node.value))) {
          problem(t.expression(String(node.value).trim().slice(0, 60)));
        }
        break;
      case 'html':
        problem(t.rawHtml(String(node.value).slice(0, 60)));
        break;
      case 'link':
      case 'image':
      case 'definition': {
        const why = unsafeUrl(node.url ?? '', t);
        if (why) problem(why);
        break;
      }
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        problems.push(...elementProblems(node, line, column, t));
        break;
    }
    for (const child of node.children ?? []) walk(child, line);
  };
  walk(root, undefined);
  return problems;
}

function elementProblems(
  node: Node,
  line: number | undefined,
  column: number | undefined,
  t: EditorMessages,
): MdxProblem[] {
  const problems: MdxProblem[] = [];
  const problem = (message: string) => problems.push({ line, column, message });
  const name = node.name;
  if (!name) {
    problem(t.fragment());
    return problems;
  }
  const component = PAGE_COMPONENTS.get(name);
  const allowed = component ?? PAGE_HTML_ELEMENTS.get(name);
  if (!allowed) {
    const list = [...PAGE_COMPONENTS.keys()].map((c) => `<${c}>`).join(', ');
    problem(/^[A-Z]/.test(name) ? t.unknownComponent(name, list) : t.unknownElement(name, list));
    return problems;
  }
  for (const attribute of node.attributes ?? []) {
    if (attribute.type !== 'mdxJsxAttribute' || attribute.name === undefined) {
      problem(t.spreadAttribute(name, String(attribute.value ?? '').slice(0, 40)));
      continue;
    }
    const attr = attribute.name;
    if (typeof attribute.value !== 'string') {
      const given =
        attribute.value && typeof attribute.value === 'object'
          ? `{${String((attribute.value as { value?: unknown }).value ?? '').slice(0, 40)}}`
          : '';
      problem(given ? t.expressionAttribute(name, attr, given) : t.attributeWithoutValue(name, attr));
      continue;
    }
    if (/^on/i.test(attr)) {
      problem(t.eventHandler(name, attr));
      continue;
    }
    if (!allowed.has(attr)) {
      problem(t.attributeNotAllowed(name, attr, [...allowed].join(', ')));
      continue;
    }
    if (URL_ATTRIBUTES.has(attr)) {
      const why = unsafeUrl(attribute.value, t);
      if (why) problem(t.urlAttribute(name, attr, why));
    }
  }
  return problems;
}

/** An attribute whose value opens with a curly quote (q=“…”, q=”…”, q=‘…’), or a straight-quoted value closed by
 * one (q="…” followed by the end of the tag or the next attribute). */
const CURLY_ATTRIBUTE =
  /(?<=^|[\s<])([A-Za-z_:][\w:.-]*)\s*=\s*(?:([“”‘’„‟‚‛«»])|"[^"\n]*([“”‘’])(?=\s*\/?>|\s+[A-Za-z_:][\w:.-]*\s*=))/g;

/**
 * Curly quotes around attribute values, with line and column. Only asked when
 * the source does not parse: curly quotes in text, or inside a value in
 * straight quotes, are text. They are refused rather than straightened: the
 * file is compiled as it is on disk (so the safety check sees exactly what
 * compiles), and a quote inside the value (q="What is a “badge”?") would make
 * any straightening a guess.
 */
export function curlyQuoteProblems(source: string, t: EditorMessages = editorMessages()): MdxProblem[] {
  const problems: MdxProblem[] = [];
  for (const [index, text] of source.split('\n').entries()) {
    for (const match of text.matchAll(CURLY_ATTRIBUTE)) {
      problems.push({
        line: index + 1,
        column: match.index + 1,
        message: t.curlyQuotes(match[1]!, match[2] ?? match[3]!),
      });
    }
  }
  return problems;
}

/** Parses an MDX source (without evaluating anything) and lists what it may not contain; a syntax error is one
 * problem (curly quotes around attribute values, the usual cause from word processors, are named as such). */
export function checkMdxSource(source: string, locale: Locale = 'en'): MdxProblem[] {
  const t = editorMessages(locale);
  let root: Node;
  try {
    root = mdxToMdast(source) as unknown as Node;
  } catch (error) {
    const curly = curlyQuoteProblems(source, t);
    if (curly.length) return curly;
    const message = (error as Error).message;
    const at = /^(\d+):(\d+): /.exec(message);
    return [
      {
        line: at ? Number(at[1]) : undefined,
        column: at ? Number(at[2]) : undefined,
        message: t.invalidMdx(at ? message.slice(at[0].length) : message),
      },
    ];
  }
  return unsafeConstructs(root, locale);
}
