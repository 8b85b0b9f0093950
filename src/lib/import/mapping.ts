/**
 * The import mapping: how one exam system's export (CSV or xlsx) becomes
 * awards. One file per export layout, kept by the issuer next to its content
 * (see content/import/certiport.mapping.yaml and docs/import.md).
 */
import { DateTime, FixedOffsetZone, IANAZone, Zone } from 'luxon';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { describeZodIssue, type ContentIssue } from '../content/content-model.ts';
import { LOCALES, localeSchema, type BadgeClass, type Locale } from '../content/schema.ts';
import { localeRow } from '../locales/registry.ts';

const columnSchema = z.string().trim().min(1, 'must name a column of the export');

const DAY_MS = 86_400_000;

/**
 * An IANA zone whose offsets are remembered per UTC day. Luxon asks the zone
 * for its offset with Intl's formatToParts on every date (about 50 µs each);
 * a day without a DST change has one offset, so a 100,000-row export needs a
 * few thousand such calls instead of 100,000.
 */
class DayCachedZone extends Zone {
  private readonly days = new Map<number, number | undefined>();
  private readonly zone: IANAZone;
  constructor(zone: IANAZone) {
    super();
    this.zone = zone;
  }
  override get type() {
    return this.zone.type;
  }
  override get name() {
    return this.zone.name;
  }
  override get isUniversal() {
    return false;
  }
  override get isValid() {
    return this.zone.isValid;
  }
  override offsetName(ts: number, options: { format?: 'short' | 'long'; locale?: string }) {
    return this.zone.offsetName(ts, options);
  }
  override formatOffset(ts: number, format: 'narrow' | 'short' | 'techie') {
    const offset = this.offset(ts);
    const sign = offset < 0 ? '-' : '+';
    const hours = Math.floor(Math.abs(offset) / 60);
    const minutes = Math.abs(offset) % 60;
    const hh = String(hours).padStart(2, '0');
    const mm = String(minutes).padStart(2, '0');
    if (format === 'narrow') return `${sign}${hours}${minutes ? `:${mm}` : ''}`;
    return format === 'techie' ? `${sign}${hh}${mm}` : `${sign}${hh}:${mm}`;
  }
  override equals(other: Zone) {
    return other.type === this.type && other.name === this.name;
  }
  override offset(ts: number): number {
    const day = Math.floor(ts / DAY_MS);
    let whole = this.days.get(day);
    if (!this.days.has(day)) {
      const start = this.zone.offset(day * DAY_MS);
      whole = start === this.zone.offset((day + 1) * DAY_MS - 1) ? start : undefined;
      this.days.set(day, whole);
    }
    return whole ?? this.zone.offset(ts);
  }
}

const zoneCache = new Map<string, Zone | undefined>();

/** A fixed offset ("+09:00", "UTC+9", "Z") or an IANA zone name ("Asia/Seoul"). */
export function parseTimeZone(value: string): Zone | undefined {
  if (zoneCache.has(value)) return zoneCache.get(value);
  const zone = readTimeZone(value);
  zoneCache.set(value, zone);
  return zone;
}

function readTimeZone(value: string): Zone | undefined {
  const text = value.trim();
  if (!text) return undefined;
  if (/^(z|utc|gmt)$/i.test(text)) return FixedOffsetZone.utcInstance;
  const offset = /^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(text);
  if (offset) {
    const minutes = (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) * (offset[1] === '-' ? -1 : 1);
    return Math.abs(minutes) <= 14 * 60 ? FixedOffsetZone.instance(minutes) : undefined;
  }
  return IANAZone.isValidZone(text) ? new DayCachedZone(IANAZone.create(text)) : undefined;
}

const timeZoneSchema = z
  .string()
  .refine((v) => parseTimeZone(v) !== undefined, 'must be an offset like +09:00 or a time zone name like Asia/Seoul');

export const mappingSchema = z
  .strictObject({
    /** What this mapping reads, for people (e.g. "Certiport exam results export"). */
    description: z.string().optional(),
    /** The issuer's own UUID namespace for award ids (UUID v5). Generate it once
     * and never change it: the same row must always give the same award id. */
    idNamespace: z.uuid({ message: 'must be a UUID (generate one once, e.g. with `npx uuid v4`, and keep it)' }),
    file: z
      .strictObject({
        /** `auto`: UTF-8 (with or without BOM) when the bytes are valid UTF-8, else detected (CP949 for Korean exports). */
        encoding: z.enum(['auto', 'utf-8', 'cp949', 'euc-kr', 'utf-16le']).default('auto'),
        /** `auto`: the one of , ; tab | under which the header has every mapped column. */
        delimiter: z.union([z.literal('auto'), z.string().length(1)]).default('auto'),
        /** xlsx: worksheet name or 1-based position (default: the first). */
        sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
      })
      .default({ encoding: 'auto', delimiter: 'auto' }),
    columns: z
      .strictObject({
        candidateId: columnSchema.optional(),
        /** Either one full-name column, or given and family name columns. */
        name: columnSchema.optional(),
        givenName: columnSchema.optional(),
        familyName: columnSchema.optional(),
        email: columnSchema,
        examCode: columnSchema,
        result: columnSchema,
        date: columnSchema,
        /** Optional column with each row's time zone (offset or zone name). */
        timeZone: columnSchema.optional(),
      })
      .superRefine((columns, ctx) => {
        if (!columns.name && !(columns.givenName && columns.familyName)) {
          ctx.addIssue({
            code: 'custom',
            path: ['name'],
            message: 'map either `name`, or both `givenName` and `familyName`',
          });
        }
      }),
    /** How given and family names are joined: `auto` writes Korean (Hangul) names
     * family name first without a space (김민지), others given name first. */
    nameOrder: z.enum(['auto', 'family-first', 'given-first']).default('auto'),
    date: z
      .strictObject({
        /** Luxon format tokens, tried in order (ISO 8601 is always tried last),
         * e.g. "yyyy-MM-dd HH:mm", "M/d/yyyy h:mm a", "yyyy-MM-dd HH:mm ZZ". */
        formats: z.array(z.string().min(1)).min(1).default(["yyyy-MM-dd'T'HH:mm:ss"]),
        /** Time zone of dates that carry none and have no time-zone column value.
         * Without it, such a date is an error: an award's moment must be exact. */
        timeZone: timeZoneSchema.optional(),
      })
      .default({ formats: ["yyyy-MM-dd'T'HH:mm:ss"] }),
    results: z.strictObject({
      /** Values of the result column that mean passed (case-insensitive). */
      passed: z.array(z.string().trim().min(1)).min(1),
      /** Values that mean not passed: such rows are skipped. When listed, any
       * other value is an error; when empty, every value not passed is skipped. */
      failed: z.array(z.string().trim().min(1)).default([]),
    }),
    /** The earner's language (award `locale`: mails, claim links). Without this block
     * awards carry no locale and the issuer's defaultLocale applies. */
    locale: z
      .strictObject({
        /** The export's language column. An empty value falls back to the name rule, then `default`. */
        column: columnSchema.optional(),
        /** Column value -> locale (case-insensitive); added to the built-in spellings (ko, kor, korean, 한국어, en, eng, english, 영어). */
        values: z.partialRecord(localeSchema, z.array(z.string().trim().min(1))).default({}),
        /** The name rule: a name with Hangul -> ko, a name in Latin letters only -> en. */
        fromName: z.boolean().default(false),
        /** The locale when neither the column nor the name rule decides. */
        default: localeSchema.optional(),
      })
      .optional(),
    exams: z
      .strictObject({
        /** Export exam code -> catalog code or id, for codes the catalog spells
         * differently (localized variants, old codes). Catalog codes and ids
         * match without an alias. */
        aliases: z.record(z.string().trim().min(1), z.string().trim().min(1)).default({}),
      })
      .default({ aliases: {} }),
  })
  .superRefine((mapping, ctx) => {
    const overlap = mapping.results.passed.filter((p) =>
      mapping.results.failed.some((f) => f.toLowerCase() === p.toLowerCase()),
    );
    if (overlap.length)
      ctx.addIssue({ code: 'custom', path: ['results'], message: `${overlap.join(', ')} is both passed and failed` });
  });
export type Mapping = z.infer<typeof mappingSchema>;

export class MappingError extends Error {
  readonly issues: ContentIssue[];
  constructor(issues: ContentIssue[]) {
    super(
      `The mapping has ${issues.length} problem(s):\n  ${issues.map((i) => `${i.file} › ${i.field || '(file)'}: ${i.message}`).join('\n  ')}`,
    );
    this.name = 'MappingError';
    this.issues = issues;
  }
}

const normalizeCode = (code: string) => code.trim().toUpperCase();

/** Export exam code -> catalog entry: aliases first, then catalog code, then id. */
export type ExamIndex = Map<string, BadgeClass>;

export function examIndex(mapping: Mapping, catalog: readonly BadgeClass[]): ExamIndex {
  const index: ExamIndex = new Map();
  for (const entry of catalog) index.set(normalizeCode(entry.id), entry);
  for (const entry of catalog) if (entry.code) index.set(normalizeCode(entry.code), entry);
  for (const [alias, target] of Object.entries(mapping.exams.aliases)) {
    const entry = index.get(normalizeCode(target));
    if (entry) index.set(normalizeCode(alias), entry);
  }
  return index;
}

export function lookupExam(index: ExamIndex, code: string): BadgeClass | undefined {
  return index.get(normalizeCode(code));
}

/** Parses and validates a mapping file, including that every alias names a catalog entry. */
export function parseMapping(text: string, file: string, catalog: readonly BadgeClass[]): Mapping {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new MappingError([
      { file, record: 'mapping', field: '', message: `cannot be parsed: ${(error as Error).message.split('\n')[0]}` },
    ]);
  }
  const result = mappingSchema.safeParse(data);
  if (!result.success) {
    throw new MappingError(
      result.error.issues.map((issue) => ({
        file,
        record: 'mapping',
        field: issue.path.map(String).join('.'),
        message: describeZodIssue(issue),
      })),
    );
  }
  const known = new Set(catalog.flatMap((e) => [normalizeCode(e.id), ...(e.code ? [normalizeCode(e.code)] : [])]));
  const issues: ContentIssue[] = [];
  for (const [alias, target] of Object.entries(result.data.exams.aliases)) {
    if (!known.has(normalizeCode(target))) {
      issues.push({
        file,
        record: 'mapping',
        field: `exams.aliases.${alias}`,
        message: `"${target}" is not a code or id in the catalog`,
      });
    }
  }
  if (issues.length) throw new MappingError(issues);
  return result.data;
}

/** The mapped column names, for checking an export's header. */
export function mappedColumns(mapping: Mapping): string[] {
  const columns = Object.values(mapping.columns).filter((c): c is string => typeof c === 'string');
  return mapping.locale?.column ? [...columns, mapping.locale.column] : columns;
}

const EXTRA_LOCALE_VALUES: Partial<Record<Locale, string[]>> = {
  ko: ['kor', '한국', 'kr'],
  en: ['en-us', 'en-gb', 'eng'],
  ja: ['jpn', 'jp'],
};
/** Spellings of a language every export may use: its code, its registry tag, its name in itself, English and
 * Korean (from Intl), and the extra ones above. */
function builtInLocaleValues(locale: Locale): string[] {
  const names = [locale, 'en', 'ko'].map((l) => new Intl.DisplayNames([l], { type: 'language' }).of(locale) ?? locale);
  return [locale, localeRow(locale).tag, ...names, ...(EXTRA_LOCALE_VALUES[locale] ?? [])].map((v) => v.toLowerCase());
}

/** Language column value (lower-cased) -> locale, built-in spellings and the mapping's own. */
export function localeValues(mapping: Mapping): Map<string, Locale> {
  const map = new Map<string, Locale>();
  for (const locale of LOCALES) {
    for (const value of [...builtInLocaleValues(locale), ...(mapping.locale?.values[locale] ?? [])])
      map.set(value.trim().toLowerCase(), locale);
  }
  return map;
}

/** An example value for a date format, for "expected …" messages. */
export function exampleDate(format: string): string {
  return DateTime.fromISO('2025-03-14T09:30:00', { zone: 'Asia/Seoul' }).toFormat(format);
}
