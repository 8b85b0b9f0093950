/**
 * Content model: raw records from content files -> validated, cross-checked
 * content. Pure: the file reading is in content-files.ts.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { svgArtworkProblems } from './artwork-check.ts';
import {
  awardSchema,
  badgeClassSchema,
  issuerSchema,
  programRulesSchema,
  profileSchema,
  type Award,
  type BadgeClass,
  type Issuer,
  type Locale,
  type LocalizedText,
  type ProgramRules,
} from './schema.ts';
import { normalizeTextTree, type TextProblem } from './text-safety.ts';

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
  /** Awards accepted with guessable ids because the rules allow it (test fixtures only): the build warns. */
  guessableAwardIds?: number;
  /** Earners who chose a profile page, with the ids of their awards (not their emails). */
  profiles?: ContentProfile[];
}

/** A profile as the rest of the build sees it: its awards found by email, the email left behind. */
export interface ContentProfile {
  id: string;
  indexed: boolean;
  since: string;
  /** Every award with the profile's recipient email, whatever its state. */
  awardIds: string[];
}

export interface RawContent {
  issuer: RawRecord;
  rules: RawRecord | undefined;
  badgeClasses: RawRecord[];
  awards: RawRecord[];
  /** content/profiles.yaml, when there is one. */
  profiles?: RawRecord[];
}

/** The site's public/ folder, as the content checks see it (the file I/O stays in content-files.ts). */
export interface PublicFiles {
  /** Whether a site path ("/images/badges/x.svg") is a file in public/. */
  exists(sitePath: string): boolean;
  /** The text of a file in public/ (for SVG artwork). */
  readText(sitePath: string): string;
}

export interface ValidateOptions {
  /** Check that artwork and the logo exist in public/, and that SVG artwork is safe. Without it, not checked. */
  publicFiles?: PublicFiles;
}

/** Files that hold one record (issuer, program rules) are named by kind alone. */
const SINGLE_RECORD_KINDS = new Set(['issuer', 'program rules']);

export function recordLabel(raw: RawRecord, kind: string): string {
  if (SINGLE_RECORD_KINDS.has(kind)) return kind;
  const id = (raw.data as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? `${kind} ${id}` : `${kind} #${raw.index + 1}`;
}

function parseRecord<S extends z.ZodType>(
  schema: S,
  raw: RawRecord,
  kind: string,
  issues: ContentIssue[],
): z.infer<S> | undefined {
  // Every string NFC-normalized; control, bidi-override and invisible characters refused (text-safety.ts).
  const textProblems: TextProblem[] = [];
  const data = normalizeTextTree(raw.data, textProblems);
  for (const problem of textProblems) {
    issues.push({
      file: raw.file,
      record: recordLabel(raw, kind),
      field: problem.path.map(String).join('.'),
      message: problem.message,
    });
  }
  const result = schema.safeParse(data);
  if (result.success && !textProblems.length) return result.data;
  if (result.success) return undefined;
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
 * Why a well-formed UUID v4 is still guessable (sequential, patterned), or
 * undefined. A random v4 UUID has 122 random bits; each test below fails for
 * one in more than 10^9 random ids, so real ids never trip it.
 */
export function guessableIdReason(id: string): string | undefined {
  const hex = id.toLowerCase();
  // The 30 random digits: without the hyphens, the version digit (14th) and the variant digit (19th).
  const digits: number[] = [];
  for (let i = 0; i < hex.length; i++) {
    if (i === 8 || i === 13 || i === 14 || i === 18 || i === 19 || i === 23) continue;
    digits.push(Number.parseInt(hex[i]!, 16));
  }
  let distinct = 0;
  let seen = 0;
  let same = 1;
  let up = 1;
  let down = 1;
  let longestSame = 1;
  let longestCount = 1;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits[i]!;
    if (!(seen & (1 << digit))) distinct++;
    seen |= 1 << digit;
    if (i === 0) continue;
    const previous = digits[i - 1]!;
    same = digit === previous ? same + 1 : 1;
    up = digit === previous + 1 ? up + 1 : 1;
    down = digit === previous - 1 ? down + 1 : 1;
    longestSame = Math.max(longestSame, same);
    longestCount = Math.max(longestCount, up, down);
  }
  if (distinct <= 5) return 'uses only a few different digits';
  if (longestSame >= 10) return 'has a long run of one digit';
  if (longestCount >= 10) return 'has a long counting sequence';
  return undefined;
}

/** The catalog value closest to a value that matched nothing, if one is close. */
function nearest(value: string, candidates: string[]): string | undefined {
  if (!candidates.length) return undefined;
  const sameButCase = candidates.find((c) => c.toLowerCase() === value.toLowerCase());
  if (sameButCase) return sameButCase;
  const best = closest(
    value.toLowerCase(),
    candidates.map((c) => c.toLowerCase()),
  );
  const index = candidates.findIndex((c) => c.toLowerCase() === best);
  return distance(value.toLowerCase(), best) <= Math.max(2, Math.floor(value.length / 4))
    ? candidates[index]
    : undefined;
}

/**
 * Validates every record and the rules that span records. Collects all
 * problems before failing, so an editor fixes a batch file in one pass.
 */
export function validateContent(raw: RawContent, options: ValidateOptions = {}): Content {
  const issues: ContentIssue[] = [];
  const issuer = parseRecord(issuerSchema, raw.issuer, 'issuer', issues);
  const rules = raw.rules
    ? parseRecord(programRulesSchema, raw.rules, 'program rules', issues)
    : programRulesSchema.parse({});
  const sources = new Map<string, string>();
  const requiredLocales = issuer?.locales ?? [];

  const checkTranslations = (file: string, record: string, field: string, text: LocalizedText | undefined) => {
    const missing = missingLocales(text, requiredLocales);
    if (missing.length) issues.push({ file, record, field, message: `missing translation for ${missing.join(', ')}` });
  };
  if (issuer) {
    if (!issuer.locales.includes(issuer.defaultLocale)) {
      issues.push({
        file: raw.issuer.file,
        record: 'issuer',
        field: 'defaultLocale',
        message: 'must be one of locales',
      });
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
      checkTranslations(record.file, label, `skills.${i}`, skill.name);
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
      if (other)
        issues.push({ file, record: label, field: 'code', message: `duplicate code ${entry.code} (also ${other})` });
      codes.set(entry.code, entry.id);
    }
    entry.requires.forEach((req, i) => {
      const ids = typeof req === 'string' ? [req] : req.oneOf;
      for (const id of ids) {
        const target = byId.get(id);
        if (!target) issues.push({ file, record: label, field: `requires.${i}`, message: `unknown exam "${id}"` });
        else if (target.kind !== 'exam')
          issues.push({
            file,
            record: label,
            field: `requires.${i}`,
            message: `"${id}" is a certification, not an exam`,
          });
      }
    });
  }

  // An exclusion entry that matches nothing withholds nothing: usually a typo that publishes what it should withhold.
  // (Checked once the whole catalog is valid, so one broken entry does not make every rule look wrong.)
  if (rules && raw.rules && badgeClasses.length === raw.badgeClasses.length) {
    const known = {
      ids: badgeClasses.map((b) => b.id),
      codes: badgeClasses.flatMap((b) => (b.code ? [b.code] : [])),
      series: [...new Set(badgeClasses.flatMap((b) => (b.series ? [b.series] : [])))],
    };
    rules.exclusions.forEach((rule, i) => {
      for (const kind of ['ids', 'codes', 'series'] as const) {
        rule[kind].forEach((value, j) => {
          if (known[kind].includes(value)) return;
          const near = nearest(value, known[kind]);
          const what = { ids: 'catalog id', codes: 'code', series: 'series' }[kind];
          issues.push({
            file: raw.rules!.file,
            record: 'program rules',
            field: `exclusions.${i}.${kind}.${j}`,
            message: `"${value}" matches no ${what} in the catalog, so it excludes nothing${near ? ` (did you mean "${near}"?)` : ''}`,
          });
        });
      }
    });
  }

  if (options.publicFiles) {
    const checkArtwork = artworkChecker(options.publicFiles, issues);
    if (issuer && !/^https?:/i.test(issuer.logo)) checkArtwork(issuer.logo, raw.issuer.file, 'issuer', 'logo');
    for (const entry of badgeClasses)
      checkArtwork(entry.image, badgeClassFile.get(entry.id)!, `certification ${entry.id}`, 'image');
  }

  const awards: Award[] = [];
  const awardFile = new Map<string, string>();
  const awardIdsFolded = new Map<string, string>();
  let guessableAllowed = 0;
  for (const record of raw.awards) {
    const award = parseRecord(awardSchema, record, 'award', issues);
    if (!award) continue;
    const label = `award ${award.id}`;
    const earlier = awardFile.get(award.id);
    if (earlier) {
      issues.push({ file: record.file, record: label, field: 'id', message: `duplicate id (also in ${earlier})` });
      continue;
    }
    // Two ids that differ only in case would be two folders on Linux and one on macOS/Windows.
    const folded = awardIdsFolded.get(award.id.toLowerCase());
    if (folded) {
      issues.push({
        file: record.file,
        record: label,
        field: 'id',
        message: `duplicate id: differs only in letter case from ${folded} (in ${awardFile.get(folded)})`,
      });
      continue;
    }
    awardIdsFolded.set(award.id.toLowerCase(), award.id);
    const guessable = guessableIdReason(award.id);
    if (guessable && (rules?.allowGuessableAwardIds || !rules))
      guessableAllowed++; // (rules unreadable: their own error says so)
    else if (guessable) {
      issues.push({
        file: record.file,
        record: label,
        field: 'id',
        message: `is guessable (${guessable}); award ids are public URLs that must not be enumerable: use a random UUID (crypto.randomUUID(), uuidgen -r)`,
      });
      continue;
    }
    awardFile.set(award.id, record.file);
    sources.set(award.id, record.file);
    if (!byId.has(award.badge)) {
      issues.push({
        file: record.file,
        record: label,
        field: 'badge',
        message: `unknown certification or exam "${award.badge}"`,
      });
      continue;
    }
    awards.push(award);
  }

  const profiles = validateProfiles(raw.profiles ?? [], awards, issues);

  if (issues.length || !issuer || !rules) throw new ContentError(issues);
  return { issuer, rules, badgeClasses, awards, sources, guessableAwardIds: guessableAllowed, profiles };
}

/** Profiles: one per earner, each naming an earner who has awards, its id unrelated to the email. */
function validateProfiles(records: RawRecord[], awards: Award[], issues: ContentIssue[]): ContentProfile[] {
  const awardsByEmail = Map.groupBy(awards, (a) => a.recipient.email.toLowerCase());
  const seenIds = new Map<string, string>();
  const seenEmails = new Map<string, string>();
  const profiles: ContentProfile[] = [];
  for (const record of records) {
    const profile = parseRecord(profileSchema, record, 'profile', issues);
    if (!profile) continue;
    const label = `profile ${profile.id}`;
    const problem = (field: string, message: string) =>
      issues.push({ file: record.file, record: label, field, message });
    const email = profile.email.toLowerCase();
    const localPart = email.split('@')[0]!.replace(/[^a-z0-9]/g, '');
    if (seenIds.has(profile.id)) problem('id', `duplicate id (also profile #${seenIds.get(profile.id)})`);
    else if (seenEmails.has(email))
      problem('email', `this earner already has profile ${seenEmails.get(email)}: one profile per earner`);
    else if (localPart.length >= 3 && profile.id.includes(localPart))
      problem('id', 'contains the email address: a profile id must be random (npm run profile makes one)');
    else {
      const own = awardsByEmail.get(email);
      if (!own) problem('email', "matches no award's recipient email: check the address (or remove the profile)");
      else profiles.push({ ...profile, awardIds: own.map((a) => a.id) });
    }
    seenIds.set(profile.id, String(record.index + 1));
    seenEmails.set(email, profile.id);
  }
  return profiles;
}

/** Checks each artwork path once: it exists in public/, and SVG artwork is safe to publish as it is. */
function artworkChecker(files: PublicFiles, issues: ContentIssue[]) {
  const verdicts = new Map<string, string | undefined>();
  return (sitePath: string, file: string, record: string, field: string) => {
    if (!verdicts.has(sitePath)) {
      let verdict: string | undefined;
      if (!files.exists(sitePath)) verdict = `file not found: public${sitePath} does not exist`;
      else if (/\.svg$/i.test(sitePath)) {
        const problems = svgArtworkProblems(files.readText(sitePath));
        if (problems.length)
          verdict = `SVG artwork public${sitePath} is not safe to publish as it is: it has ${problems.join('; ')}`;
      }
      verdicts.set(sitePath, verdict);
    }
    const verdict = verdicts.get(sitePath);
    if (verdict) issues.push({ file, record, field, message: verdict });
  };
}
