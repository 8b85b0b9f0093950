/**
 * Email templates: content that editors own, one file per event and locale,
 * `content/emails/<event>.<locale>.md`: Markdown with a `subject` in its
 * frontmatter. Placeholders are written `{{name}}`; the list is PLACEHOLDERS.
 * Values are escaped for HTML; an unknown placeholder or a missing file stops
 * everything with the file and line.
 */
import { marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import { escapeHtml } from '../html.ts';
import type { Locale } from '../content/schema.ts';

export const NOTIFY_EVENTS = ['awarded', 'published', 'reminder', 'expiring', 'revoked'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** Every placeholder a template may use, with what it holds (empty when it does not apply). */
export const PLACEHOLDERS = {
  name: "the earner's name",
  badge: "the badge's name in the earner's language",
  issuer: "the issuer's name",
  issuerUrl: "the issuer's website",
  issuerEmail: "the issuer's badge email address",
  issuedOn: 'the issue date, written for the language',
  expires: 'the expiry date (empty when the badge does not expire)',
  revokedOn: 'the revocation date (revoked emails)',
  reason: 'the reason for the revocation (revoked emails)',
  pageUrl: "the award's public page, opening its section for the earner",
  claimUrl: 'the claim link (awarded and reminder emails)',
  manageUrl: 'the manage link: switch the badge between public and private later (awarded emails)',
  verifyUrl: 'the verify page of the site',
  supportUrl: 'the first support link of the issuer',
  reminderNumber: 'which reminder this is (1, 2, …)',
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
export type PlaceholderValues = Record<Placeholder, string>;

export interface EmailTemplate {
  file: string;
  event: NotifyEvent;
  locale: Locale;
  subject: string;
  body: string;
}

export class TemplateError extends Error {
  constructor(file: string, line: number | undefined, message: string) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`);
    this.name = 'TemplateError';
  }
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function templateFileName(event: NotifyEvent, locale: Locale): string {
  return `${event}.${locale}.md`;
}

function checkPlaceholders(text: string, file: string, firstLine: number): void {
  text.split('\n').forEach((line, i) => {
    for (const match of line.matchAll(PLACEHOLDER)) {
      const name = match[1]!;
      if (!Object.hasOwn(PLACEHOLDERS, name)) {
        throw new TemplateError(
          file,
          firstLine + i,
          `unknown placeholder {{${name}}} (known: ${Object.keys(PLACEHOLDERS).join(', ')})`,
        );
      }
    }
    // A lone "{{" is a typo that would otherwise reach the earner verbatim.
    const rest = line.replace(PLACEHOLDER, '');
    if (rest.includes('{{') || rest.includes('}}')) throw new TemplateError(file, firstLine + i, 'unbalanced {{ }}');
  });
}

/** Parses one template file. `file` names it in errors. */
export function parseTemplate(text: string, file: string, event: NotifyEvent, locale: Locale): EmailTemplate {
  const normalized = text.replace(/\r\n/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(normalized);
  if (!match) throw new TemplateError(file, 1, 'must start with a frontmatter block (---, subject: …, ---)');
  let frontmatter: unknown;
  try {
    frontmatter = parseYaml(match[1]!);
  } catch (error) {
    throw new TemplateError(file, 2, `frontmatter cannot be parsed: ${(error as Error).message.split('\n')[0]}`);
  }
  const subject = (frontmatter as { subject?: unknown } | null)?.subject;
  const subjectLine = 2 + match[1]!.split('\n').findIndex((l) => /^subject\s*:/.test(l));
  if (typeof subject !== 'string' || !subject.trim())
    throw new TemplateError(file, 2, 'frontmatter needs a non-empty "subject"');
  const unknownKeys = Object.keys(frontmatter as object).filter((k) => k !== 'subject');
  if (unknownKeys.length) throw new TemplateError(file, 2, `unknown frontmatter field(s) ${unknownKeys.join(', ')}`);
  checkPlaceholders(subject, file, subjectLine);
  const bodyFirstLine = match[0].split('\n').length - (match[0].endsWith('\n') ? 1 : 0) + 1;
  const body = normalized.slice(match[0].length);
  if (!body.trim()) throw new TemplateError(file, bodyFirstLine, 'the message body is empty');
  checkPlaceholders(body, file, bodyFirstLine);
  return { file, event, locale, subject: subject.trim(), body };
}

/**
 * Every template the program needs: each event in each of the issuer's
 * locales. `read` returns a file's text, or undefined when it does not exist.
 */
export function loadTemplates(
  folderLabel: string,
  locales: readonly Locale[],
  read: (fileName: string) => string | undefined,
): Map<string, EmailTemplate> {
  const templates = new Map<string, EmailTemplate>();
  for (const event of NOTIFY_EVENTS) {
    for (const locale of locales) {
      const name = templateFileName(event, locale);
      const file = `${folderLabel}/${name}`;
      const text = read(name);
      if (text === undefined)
        throw new TemplateError(file, undefined, `missing: the "${event}" email has no ${locale} translation`);
      templates.set(`${event}.${locale}`, parseTemplate(text, file, event, locale));
    }
  }
  return templates;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const fillRaw = (text: string, values: PlaceholderValues) =>
  text.replace(PLACEHOLDER, (_, name: Placeholder) => values[name]);

/**
 * The subject, a plain-text part (the Markdown with values filled in and
 * links written out) and an HTML part (rendered Markdown with escaped values).
 */
export function renderEmail(template: EmailTemplate, values: PlaceholderValues, locale: Locale): RenderedEmail {
  const subject = fillRaw(template.subject, values).replace(/\s+/g, ' ').trim();
  // Values enter the HTML only after Markdown is rendered, through opaque
  // markers: a name with "*" or "<" cannot change the markup.
  const used: string[] = [];
  const withMarkers = template.body.replace(PLACEHOLDER, (_, name: Placeholder) => {
    used.push(values[name]);
    return `emblemvalue${used.length - 1}x`;
  });
  const rendered = marked.parse(withMarkers, { async: false, gfm: true }) as string;
  const body = rendered.replace(/emblemvalue(\d+)x/g, (_, i: string) => escapeHtml(used[Number(i)]!));
  const html = `<!doctype html>\n<html lang="${locale}">\n<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n<body>\n${body}</body>\n</html>\n`;
  // The same markers for the text part: Markdown is turned into plain text
  // before the values go in, so a value's own "*" or "[" stays as written.
  const plain = withMarkers
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) =>
      label === url ? url : `${label}: ${url}`,
    )
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const text = plain.replace(/emblemvalue(\d+)x/g, (_, i: string) => used[Number(i)]!);
  return { subject, text: `${text}\n`, html };
}
