/**
 * A tagged template for HTML with escaping by default: every interpolated
 * value is escaped unless it is already Html (from another html`` call or
 * rawHtml). Arrays are joined; null, undefined and false render nothing.
 * Used where pages are rendered outside Astro (award pages at scale).
 *
 * Templates are written as indented markup, one element a line. The layout
 * is not output: whitespace that holds a line break is dropped where it
 * touches a tag or an interpolation, and is one space elsewhere (between
 * attributes, inside a sentence). Done once per template, not per call: award
 * pages render the same few templates hundreds of thousands of times.
 */
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

export function escapeHtml(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIALS, (ch) => ESCAPES[ch]!) : value;
}

type Value = Html | string | number | boolean | null | undefined | Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

const LAYOUT = /\s*\n\s*/g;

/** A template part without its layout whitespace (see above). */
export function withoutLayout(part: string): string {
  return part.replace(LAYOUT, (run: string, at: number) => {
    const before = part[at - 1];
    const after = part[at + run.length];
    return before === undefined || after === undefined || before === '>' || after === '<' ? '' : ' ';
  });
}

const templates = new WeakMap<TemplateStringsArray, string[]>();

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let parts = templates.get(strings);
  if (!parts) templates.set(strings, (parts = strings.map(withoutLayout)));
  let out = parts[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + parts[i + 1]!;
  return new Html(out);
}

/** Trusted markup (already escaped, or produced by our own code). */
export function rawHtml(markup: string): Html {
  return new Html(markup);
}
