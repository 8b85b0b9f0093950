/**
 * Content model: raw records from content files -> validated, cross-checked
 * content. Pure: the file reading is in content-files.ts.
 */
import type { z } from 'zod';
import {
  awardSchema,
  badgeClassSchema,
  issuerSchema,
  programRulesSchema,
  type Award,
  type BadgeClass,
  type Issuer,
  type Locale,
  type LocalizedText,
  type ProgramRules,
} from './schema.ts';

/** One record as found in a content file, before validation. */
export interface RawRecord {
  /** Path relative to the project (or content) root, for error messages. */
  file: string;
  /** Position in a batch file (0 for a single-record file). */
  index: number;
  data: unknown;
}

export interface ContentIssue {
  file: string;
  /** The record's id, or its position in the file when it has no usable id. */
  record: string;
  /** Dotted path of the field, empty when the problem is the whole record. */
  field: string;
  message: string;
}

export class ContentError extends Error {
  readonly issues: ContentIssue[];
  constructor(issues: ContentIssue[]) {
    const shown = issues.slice(0, 50).map(formatIssue);
    const more = issues.length > 50 ? `\n  … and ${issues.length - 50} more` : '';
    super(`Content has ${issues.length} error(s); nothing was built:\n  ${shown.join('\n  ')}${more}`);
    this.name = 'ContentError';
    this.issues = issues;
  }
}

export function formatIssue(issue: ContentIssue): string {
  const where = [issue.file, issue.record].filter(Boolean).join(' › ');
  return `${where} › ${issue.field || '(record)'}: ${issue.message}`;
}

export interface Content {
  issuer: Issuer;
  rules: ProgramRules;
  badgeClasses: BadgeClass[];
  awards: Award[];
  /** Where each record came from, by id (for later error messages and reports). */
  sources: Map<string, string>;
}

export interface RawContent {
  issuer: RawRecord;
  rules: RawRecord | undefined;
  badgeClasses: RawRecord[];
  awards: RawRecord[];
}

function recordLabel(raw: RawRecord, kind: string): string {
  const id = (raw.data as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? `${kind} ${id}` : `${kind} #${raw.index + 1}`;
}

function parseRecord<S extends z.ZodType>(schema: S, raw: RawRecord, kind: string, issues: ContentIssue[]): z.infer<S> | undefined {
  const result = schema.safeParse(raw.data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    issues.push({
      file: raw.file,
      record: recordLabel(raw, kind),
      field: issue.path.map(String).join('.'),
      message: describeZodIssue(issue),
    });
  }
  return undefined;
}

export function describeZodIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (issue.code === 'invalid_union') return 'does not match any of the allowed forms';
  return issue.message;
}

/** Locales a LocalizedText lacks from the required list. */
export function missingLocales(text: LocalizedText | undefined, required: readonly Locale[]): Locale[] {
  if (!text) return [];
  return required.filter((locale) => !text[locale]);
}

/**
 * Validates every record and the rules that span records. Collects all
 * problems before failing, so an editor fixes a batch file in one pass.
 */
export function validateContent(raw: RawContent): Content {
  const issues: ContentIssue[] = [];
  const issuer = parseRecord(issuerSchema, raw.issuer, 'issuer', issues);
  const rules = raw.rules ? parseRecord(programRulesSchema, raw.rules, 'program rules', issues) : { exclusions: [] };
  const sources = new Map<string, string>();
  const requiredLocales = issuer?.locales ?? [];

  const checkTranslations = (file: string, record: string, field: string, text: LocalizedText | undefined) => {
    const missing = missingLocales(text, requiredLocales);
    if (missing.length) issues.push({ file, record, field, message: `missing translation for ${missing.join(', ')}` });
  };
  if (issuer) {
    if (!issuer.locales.includes(issuer.defaultLocale)) {
      issues.push({ file: raw.issuer.file, record: 'issuer', field: 'defaultLocale', message: 'must be one of locales' });
    }
    checkTranslations(raw.issuer.file, 'issuer', 'name', issuer.name);
    checkTranslations(raw.issuer.file, 'issuer', 'description', issuer.description);
    issuer.support.forEach((s, i) => {
      checkTranslations(raw.issuer.file, 'issuer', `support.${i}.label`, s.label);
    });
  }
  if (rules && raw.rules) {
    rules.exclusions.forEach((rule, i) => {
      checkTranslations(raw.rules!.file, 'program rules', `exclusions.${i}.reason`, rule.reason);
    });
  }

  const badgeClasses: BadgeClass[] = [];
  const badgeClassFile = new Map<string, string>();
  for (const record of raw.badgeClasses) {
    const entry = parseRecord(badgeClassSchema, record, 'certification', issues);
    if (!entry) continue;
    const label = `certification ${entry.id}`;
    const earlier = badgeClassFile.get(entry.id);
    if (earlier) {
      issues.push({ file: record.file, record: label, field: 'id', message: `duplicate id (also in ${earlier})` });
      continue;
    }
    badgeClassFile.set(entry.id, record.file);
    sources.set(entry.id, record.file);
    checkTranslations(record.file, label, 'name', entry.name);
    checkTranslations(record.file, label, 'description', entry.description);
    checkTranslations(record.file, label, 'criteria.text', entry.criteria.text);
    entry.skills.forEach((skill, i) => {
      checkTranslations(record.file, label, `skills.${i}`, skill);
    });
    badgeClasses.push(entry);
  }
  const byId = new Map(badgeClasses.map((b) => [b.id, b]));
  const codes = new Map<string, string>();
  for (const entry of badgeClasses) {
    const file = badgeClassFile.get(entry.id)!;
    const label = `certification ${entry.id}`;
    if (entry.code) {
      const other = codes.get(entry.code);
      if (other) issues.push({ file, record: label, field: 'code', message: `duplicate code ${entry.code} (also ${other})` });
      codes.set(entry.code, entry.id);
    }
    entry.requires.forEach((req, i) => {
      const ids = typeof req === 'string' ? [req] : req.oneOf;
      for (const id of ids) {
        const target = byId.get(id);
        if (!target) issues.push({ file, record: label, field: `requires.${i}`, message: `unknown exam "${id}"` });
        else if (target.kind !== 'exam') issues.push({ file, record: label, field: `requires.${i}`, message: `"${id}" is a certification, not an exam` });
      }
    });
  }

  const awards: Award[] = [];
  const awardFile = new Map<string, string>();
  for (const record of raw.awards) {
    const award = parseRecord(awardSchema, record, 'award', issues);
    if (!award) continue;
    const label = `award ${award.id}`;
    const earlier = awardFile.get(award.id);
    if (earlier) {
      issues.push({ file: record.file, record: label, field: 'id', message: `duplicate id (also in ${earlier})` });
      continue;
    }
    awardFile.set(award.id, record.file);
    sources.set(award.id, record.file);
    if (!byId.has(award.badge)) {
      issues.push({ file: record.file, record: label, field: 'badge', message: `unknown certification or exam "${award.badge}"` });
      continue;
    }
    awards.push(award);
  }

  if (issues.length || !issuer || !rules) throw new ContentError(issues);
  return { issuer, rules, badgeClasses, awards, sources };
}
