/**
 * One export row -> an exam pass, a skip, or an error that names the column,
 * what is wrong and what was expected. Pure: no I/O, no clock (`now` is given).
 */
import { DateTime, type Zone } from 'luxon';
import { exclusionMatchFor } from '../eligibility.ts';
import {
  type Award,
  awardSchema,
  emailSchema,
  LIMITS,
  type Locale,
  type LocalizedText,
  type ProgramRules,
} from '../content/schema.ts';
import { normalizeTextTree, unsafeTextReason, type TextProblem } from '../content/text-safety.ts';
import { exampleDate, lookupExam, parseTimeZone, type ExamIndex, type Mapping } from './mapping.ts';

/** A cell as the readers hand it over: text, or a date cell of a spreadsheet
 * (its wall-clock time in UTC fields, as spreadsheets store no time zone). */
export type Cell = string | Date | undefined;

export interface ExportRow {
  /** Spreadsheet row number: the header is row 1. */
  row: number;
  cells: Record<string, Cell>;
  /** Set when a CSV record has more or fewer fields than the header. */
  fieldCount?: { found: number; expected: number };
}

export interface ExamPass {
  row: number;
  candidateId?: string;
  name: string;
  email: string;
  /** Catalog id (usually an exam; an export may also carry certification codes). */
  badge: string;
  issuedOn: string;
  /** The earner's language, when the mapping's `locale` block decides one. */
  locale?: Locale;
}

/** What kind of problem an error row has: counted per kind in the summary. */
export const ERROR_KINDS = {
  'field-count': { ko: '필드 수가 머리글과 다름', en: 'field count differs from the header' },
  undecodable: { ko: '파일 인코딩으로 읽을 수 없는 글자', en: 'characters the file encoding cannot read' },
  'unsafe-text': { ko: '제어·방향·보이지 않는 문자', en: 'control, bidi or invisible character' },
  'tab-or-line-break': { ko: '이름 안의 탭이나 줄바꿈', en: 'tab or line break in a name' },
  'too-long': { ko: '너무 긴 값', en: 'value too long' },
  empty: { ko: '빈 값', en: 'empty value' },
  'missing-name-part': { ko: '성 또는 이름이 빠짐', en: 'family or given name missing' },
  'invalid-email': { ko: '올바르지 않은 이메일', en: 'invalid email address' },
  'unknown-exam': { ko: '알 수 없는 시험 코드', en: 'unknown exam code' },
  'unknown-result': { ko: '알 수 없는 결과 값', en: 'unknown result value' },
  'unknown-time-zone': { ko: '알 수 없는 시간대', en: 'unknown time zone' },
  'no-time-zone': { ko: '시간대 없는 날짜', en: 'date without a time zone' },
  'unparseable-date': { ko: '읽을 수 없는 날짜', en: 'date that cannot be read' },
  'future-date': { ko: '미래의 날짜', en: 'date in the future' },
  'after-retirement': { ko: '폐지 후의 합격', en: 'pass after the exam retired' },
  'unknown-language': { ko: '알 수 없는 언어 값', en: 'unknown language value' },
  schema: { ko: '콘텐츠 스키마가 거부함', en: 'refused by the content schema' },
  duplicate: { ko: '같은 사람의 같은 배지', en: 'same person and badge' },
  published: { ko: '공개된 수여는 대체할 수 없음', en: 'a published award cannot be replaced' },
} as const satisfies Record<string, LocalizedText>;
export type ErrorKind = keyof typeof ERROR_KINDS;

export interface RowError {
  row: number;
  status: 'error';
  kind: ErrorKind;
  /** The export's column name (as in its header); empty for the row as a whole. */
  column: string;
  /** The cell as it reads, invisible characters escaped (\u202E), long values cut (escapeValue). */
  value: string;
  problem: LocalizedText;
  expected: LocalizedText;
}

export interface RowSkip {
  row: number;
  status: 'skipped';
  reason: SkipReason;
  detail: LocalizedText;
  awardId?: string;
}

export const SKIP_REASONS = {
  excluded: { ko: '프로그램 규칙의 제외 목록', en: 'excluded by the program rules' },
  'not-passed': { ko: '불합격', en: 'not a pass' },
  duplicate: { ko: '중복', en: 'duplicate' },
  'already-imported': { ko: '이미 가져옴', en: 'already imported' },
  replaced: { ko: '대체됨', en: 'replaced by a later row' },
  erased: { ko: '파기됨 (원장의 묘비)', en: 'erased (tombstone in the ledger)' },
} as const satisfies Record<string, LocalizedText>;
export type SkipReason = keyof typeof SKIP_REASONS;

export type MappedRow = { status: 'pass'; pass: ExamPass } | RowError | RowSkip;

export interface RowContext {
  mapping: Mapping;
  exams: ExamIndex;
  now: Date;
  /** The program rules: passes of exams on the exclusion list are skipped. */
  rules?: ProgramRules;
  /** Language column value (lower-cased) -> locale (localeValues of the mapping). */
  locales?: ReadonlyMap<string, Locale>;
}

const text = (ko: string, en: string): LocalizedText => ({ ko, en });
const HANGUL = /[\uac00-\ud7a3]/;
/** A name in Latin letters only (with marks, spaces, apostrophes, hyphens, dots). */
const LATIN_NAME = /^(?=.*\p{Script=Latin})[\p{Script=Latin}\p{M}\p{Zs}'’.,-]+$/u;

const MAX_SHOWN = 120;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\uFFFD\uFFFE\uFFFF]/gu;

/** A cell value as a report shows it: invisible, control and replacement characters as \uXXXX, long values cut. */
export function escapeValue(value: string): string {
  const chars = Array.from(value);
  const cut = chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN).join('')}… (${chars.length} characters)` : value;
  return cut.replace(INVISIBLE, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

function cellText(cell: Cell): string {
  if (cell === undefined) return '';
  if (cell instanceof Date) return wallClock(cell);
  return cell.trim();
}

/** A spreadsheet date cell as local wall-clock ISO text (no zone). */
function wallClock(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export function joinName(given: string, family: string, order: Mapping['nameOrder']): string {
  if (!given || !family) return given || family;
  const familyFirst = order === 'family-first' || (order === 'auto' && HANGUL.test(family) && HANGUL.test(given));
  if (!familyFirst) return `${given} ${family}`;
  // Korean names are written family name first without a space; others with one.
  return HANGUL.test(family) && HANGUL.test(given) ? `${family}${given}` : `${family} ${given}`;
}

/** Whether a luxon format (outside 'quoted literals') reads a zone or offset. */
const hasZoneToken = (format: string) => /[Zz]/.test(format.replace(/'[^']*'/g, ''));
const ISO_OFFSET = /(?:[+-]\d{2}(?::?\d{2})?|Z)$/i;

/** Luxon format parsers, built once per format (building one is most of a parse's cost). */
const formatParsers = new Map<string, ReturnType<typeof DateTime.buildFormatParser>>();
function fromFormat(value: string, format: string, options: Parameters<typeof DateTime.fromFormatParser>[2]): DateTime {
  let parser = formatParsers.get(format);
  if (!parser) formatParsers.set(format, (parser = DateTime.buildFormatParser(format, { locale: 'en-US' })));
  return DateTime.fromFormatParser(value, parser, { locale: 'en-US', ...options });
}

export function parseExamDate(
  value: string,
  rowZone: Zone | undefined,
  mapping: Mapping,
): { ok: DateTime } | { error: 'unparseable' | 'no-time-zone' } {
  const fallbackZone = rowZone ?? (mapping.date.timeZone ? parseTimeZone(mapping.date.timeZone) : undefined);
  let readWithoutZone = false;
  for (const format of mapping.date.formats) {
    const zoned = hasZoneToken(format);
    if (!zoned && !fallbackZone) {
      if (fromFormat(value, format, { zone: 'utc' }).isValid) readWithoutZone = true;
      continue;
    }
    const parsed = fromFormat(value, format, zoned ? { setZone: true } : { zone: fallbackZone, setZone: true });
    if (parsed.isValid) return { ok: parsed };
  }
  // ISO 8601 is always accepted (spreadsheet date cells arrive as ISO wall-clock text).
  const isoZoned = ISO_OFFSET.test(value);
  if (isoZoned || fallbackZone) {
    const iso = DateTime.fromISO(value, isoZoned ? { setZone: true } : { zone: fallbackZone, setZone: true });
    if (iso.isValid && /^\d{4}-\d{2}-\d{2}T/.test(value)) return { ok: iso };
  } else if (DateTime.fromISO(value, { zone: 'utc' }).isValid && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    readWithoutZone = true;
  }
  return { error: readWithoutZone ? 'no-time-zone' : 'unparseable' };
}

export function mapRow(input: ExportRow, ctx: RowContext): MappedRow {
  const { mapping } = ctx;
  const columns = mapping.columns;
  const row = input.row;
  const get = (column: string | undefined) => (column ? cellText(input.cells[column]) : '');
  const error = (
    kind: ErrorKind,
    column: string,
    value: string,
    problem: LocalizedText,
    expected: LocalizedText,
  ): RowError => ({
    row,
    status: 'error',
    kind,
    column,
    value: escapeValue(value),
    problem,
    expected,
  });
  const empty = (column: string, expected: LocalizedText) =>
    error('empty', column, '', text('비어 있습니다', 'is empty'), expected);

  if (input.fieldCount) {
    const { found, expected } = input.fieldCount;
    return error(
      'field-count',
      '',
      '',
      text(`필드가 ${found}개입니다 (머리글은 ${expected}개)`, `has ${found} fields; the header has ${expected}`),
      text(
        `머리글 열마다 하나씩 ${expected}개의 필드 (쉼표나 줄바꿈이 든 값은 따옴표로 감싸기)`,
        `${expected} fields, one per header column (values with commas or line breaks in quotes)`,
      ),
    );
  }

  /** Text the build would refuse or that shows the file was read in the wrong encoding. */
  const cellProblem = (column: string | undefined, isName = false): RowError | undefined => {
    if (!column) return undefined;
    const value = get(column);
    const bad = /[\ufffd\u0080-\u009f]/.exec(value);
    if (bad) {
      const code = bad[0].codePointAt(0)!;
      const at = Array.from(value.slice(0, bad.index)).length + 1;
      const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
      const what = code === 0xfffd ? `${hex} REPLACEMENT CHARACTER` : `${hex}, a C1 control character`;
      return error(
        'undecodable',
        column,
        value,
        text(
          `${at}번째 글자가 ${hex}입니다: 파일의 바이트가 그 인코딩으로 읽히지 않았습니다`,
          `contains ${what} at character ${at}: the file's bytes did not decode as text in its encoding`,
        ),
        text(
          '파일 인코딩으로 읽히는 글자 (시험 시스템에서 그 셀을 고치거나 --encoding으로 인코딩 지정)',
          "text the file's encoding can read (fix the cell in the exam system, or name the encoding with --encoding)",
        ),
      );
    }
    if (isName && /[\t\r\n]/.test(value)) {
      return error(
        'tab-or-line-break',
        column,
        value,
        text('이름 안에 탭이나 줄바꿈이 있습니다', 'contains a tab or a line break'),
        text('한 줄로 된 이름', 'a name on one line'),
      );
    }
    const reason = unsafeTextReason(value);
    if (reason) {
      const [, char, at] = /contains (.+?) at character (\d+)/.exec(reason) ?? [];
      return error(
        'unsafe-text',
        column,
        value,
        text(
          `${at}번째 글자에 ${char}가 있습니다: 제어 문자, 방향을 바꾸는 문자, 보이지 않는 문자는 쓸 수 없습니다`,
          reason.replace(/; remove it$/, ''),
        ),
        text('보이는 글자만 (그 문자를 지우기)', 'visible characters only (remove that character)'),
      );
    }
    return undefined;
  };

  const code = get(columns.examCode);
  const resultText = get(columns.result);
  const early = cellProblem(columns.examCode) ?? cellProblem(columns.result);
  if (early) return early;
  const badge = code ? lookupExam(ctx.exams, code) : undefined;
  if (!badge) {
    const expected = text(
      '카탈로그(certifications/)의 code 또는 매핑 파일 exams.aliases의 코드',
      'a code from the catalog (certifications/) or from exams.aliases in the mapping',
    );
    if (!code) return empty(columns.examCode, expected);
    return error(
      'unknown-exam',
      columns.examCode,
      code,
      text(`알 수 없는 시험 코드입니다: ${code}`, `unknown exam code ${code}`),
      expected,
    );
  }

  const resultKey = resultText.toLowerCase();
  const expectedResult = () =>
    text(
      `합격 값(${mapping.results.passed.join(', ')}) 또는 불합격 값(${mapping.results.failed.join(', ')})`,
      `a passed value (${mapping.results.passed.join(', ')}) or a failed value (${mapping.results.failed.join(', ')})`,
    );
  if (!resultText) return empty(columns.result, expectedResult());
  if (!mapping.results.passed.some((p) => p.toLowerCase() === resultKey)) {
    const failed =
      mapping.results.failed.length === 0 || mapping.results.failed.some((f) => f.toLowerCase() === resultKey);
    if (!failed)
      return error(
        'unknown-result',
        columns.result,
        resultText,
        text(`알 수 없는 결과 값입니다: ${resultText}`, `unknown result value ${resultText}`),
        expectedResult(),
      );
    return {
      row,
      status: 'skipped',
      reason: 'not-passed',
      detail: text(`합격이 아닙니다 (${resultText})`, `not a pass (${resultText})`),
    };
  }

  // Exams on the exclusion list never get a badge: a skip, not an error (whatever else the row says).
  const exclusion = ctx.rules ? exclusionMatchFor(badge, ctx.rules) : undefined;
  if (exclusion) {
    const n = exclusion.index + 1;
    return {
      row,
      status: 'skipped',
      reason: 'excluded',
      detail: text(
        `program-rules ${n}번 제외 항목에 해당합니다 (${exclusion.by} ${exclusion.value})`,
        `excluded by program-rules entry ${n} (${exclusion.by} ${exclusion.value})`,
      ),
    };
  }

  const textual =
    cellProblem(columns.candidateId) ??
    cellProblem(columns.name, true) ??
    cellProblem(columns.familyName, true) ??
    cellProblem(columns.givenName, true) ??
    cellProblem(columns.email) ??
    cellProblem(columns.date) ??
    cellProblem(columns.timeZone) ??
    cellProblem(mapping.locale?.column);
  if (textual) return textual;

  let candidateId: string | undefined;
  if (columns.candidateId) {
    candidateId = get(columns.candidateId);
    if (!candidateId) return empty(columns.candidateId, text('응시자 ID', 'the candidate id'));
    if (candidateId.length > LIMITS.name) return tooLong(columns.candidateId, candidateId, LIMITS.name);
  }

  let name: string;
  let nameColumn: string;
  if (columns.name) {
    nameColumn = columns.name;
    name = get(columns.name);
    if (!name)
      return error(
        'empty',
        columns.name,
        '',
        text('이름이 비어 있습니다', 'the name is empty'),
        text('응시자 이름', "the candidate's name"),
      );
    if (name.length > LIMITS.name) return tooLong(columns.name, name, LIMITS.name);
  } else {
    const familyColumn = columns.familyName!;
    const givenColumn = columns.givenName!;
    nameColumn = `${familyColumn} / ${givenColumn}`;
    const given = get(givenColumn);
    const family = get(familyColumn);
    if (!given && !family) {
      return error(
        'empty',
        nameColumn,
        '',
        text('이름이 비어 있습니다', 'the name is empty'),
        text('성과 이름', 'a family name and a given name'),
      );
    }
    // A name published with one part missing ("장") is a wrong name on a public page.
    if (!given || !family) {
      const [column, present] = given ? [familyColumn, given] : [givenColumn, family];
      return error(
        'missing-name-part',
        column,
        '',
        given
          ? text(`성이 비어 있습니다 (이름: ${present})`, `the family name is empty (given name: ${present})`)
          : text(`이름이 비어 있습니다 (성: ${present})`, `the given name is empty (family name: ${present})`),
        text('성과 이름 둘 다', 'both a family name and a given name'),
      );
    }
    name = joinName(given, family, mapping.nameOrder);
    if (name.length > LIMITS.name) {
      const longer = given.length >= family.length ? [givenColumn, given] : [familyColumn, family];
      return tooLong(longer[0]!, longer[1]!, LIMITS.name, name.length);
    }
  }

  const email = get(columns.email);
  if (!email)
    return empty(columns.email, text('name@example.com 형식의 이메일 주소', 'an email address like name@example.com'));
  if (!emailSchema.safeParse(email).success) {
    return error(
      'invalid-email',
      columns.email,
      email,
      text('올바른 이메일 주소가 아닙니다', 'is not a valid email address'),
      text('name@example.com 형식의 이메일 주소', 'an email address like name@example.com'),
    );
  }

  let rowZone: Zone | undefined;
  if (columns.timeZone) {
    const zoneText = get(columns.timeZone);
    if (zoneText) {
      rowZone = parseTimeZone(zoneText);
      if (!rowZone) {
        return error(
          'unknown-time-zone',
          columns.timeZone,
          zoneText,
          text('알 수 없는 시간대입니다', 'is not a known time zone'),
          text(
            '+09:00 같은 오프셋 또는 Asia/Seoul 같은 시간대 이름',
            'an offset like +09:00 or a zone name like Asia/Seoul',
          ),
        );
      }
    }
  }
  const dateText = get(columns.date);
  const formats = () => mapping.date.formats.map(exampleDate).join(', ');
  if (!dateText) return empty(columns.date, text(`날짜 (예: ${formats()})`, `a date (e.g. ${formats()})`));
  const parsed = parseExamDate(dateText, rowZone, mapping);
  if ('error' in parsed) {
    if (parsed.error === 'no-time-zone') {
      const where = columns.timeZone ? `${columns.timeZone}` : 'date.timeZone';
      return error(
        'no-time-zone',
        columns.date,
        dateText,
        text('시간대가 없습니다', 'has no time zone'),
        text(
          `날짜의 오프셋(예: +09:00), ${where} 값, 또는 매핑의 date.timeZone`,
          `an offset in the date (e.g. +09:00), a value in ${where}, or date.timeZone in the mapping`,
        ),
      );
    }
    return error(
      'unparseable-date',
      columns.date,
      dateText,
      text('날짜로 읽을 수 없습니다', 'cannot be read as a date'),
      text(`날짜 (예: ${formats()})`, `a date like ${formats()}`),
    );
  }
  const date = parsed.ok;
  if (date.toMillis() > ctx.now.getTime()) {
    return error(
      'future-date',
      columns.date,
      dateText,
      text('미래의 날짜입니다', 'is in the future'),
      text('이미 치른 시험의 날짜', 'the date of an exam already taken'),
    );
  }
  if (badge.status === 'retired' && badge.retiredOn && date.toISODate()! > badge.retiredOn) {
    return error(
      'after-retirement',
      columns.date,
      dateText,
      text(`${code} 시험은 ${badge.retiredOn}에 폐지되었습니다`, `exam ${code} was retired on ${badge.retiredOn}`),
      text(`${badge.retiredOn} 이전의 날짜`, `a date on or before ${badge.retiredOn}`),
    );
  }

  let locale: Locale | undefined;
  if (mapping.locale) {
    const column = mapping.locale.column;
    const value = get(column);
    if (column && value) {
      locale = ctx.locales?.get(value.toLowerCase());
      if (!locale) {
        const known = [...(ctx.locales ?? new Map<string, Locale>())].map(([v, l]) => `${v}→${l}`).join(', ');
        return error(
          'unknown-language',
          column,
          value,
          text(`알 수 없는 언어 값입니다: ${value}`, `unknown language value ${value}`),
          text(
            `빈 값 또는 다음 중 하나 (매핑 locale.values로 더할 수 있음): ${known}`,
            `empty, or one of (add more with locale.values in the mapping): ${known}`,
          ),
        );
      }
    }
    if (!locale && mapping.locale.fromName)
      locale = HANGUL.test(name) ? 'ko' : LATIN_NAME.test(name) ? 'en' : undefined;
    locale ??= mapping.locale.default;
  }

  const issuedOn = date.toISO({ suppressMilliseconds: true })!;
  return {
    status: 'pass',
    pass: {
      row,
      ...(candidateId ? { candidateId } : {}),
      name,
      email,
      badge: badge.id,
      issuedOn,
      ...(locale ? { locale } : {}),
    },
  };

  function tooLong(column: string, value: string, max: number, length = value.length): RowError {
    return error(
      'too-long',
      column,
      value,
      text(`${length}자로 너무 깁니다 (한도 ${max}자)`, `is too long: ${length} characters (the limit is ${max})`),
      text(`${max}자 이하`, `at most ${max} characters`),
    );
  }
}

/**
 * A would-be award through the build's own checks (the text check of text-safety.ts, then the
 * award schema): whatever the build would refuse is the row's error, never the batch's. Run by
 * plan.ts on each award it is about to create (not on rows already imported: a monthly export
 * is mostly those). Returns the award as the build will read it (NFC), or the row's error.
 */
export function checkAward(award: Award, row: number, mapping: Mapping): Award | RowError {
  const problems: TextProblem[] = [];
  const checked = awardSchema.safeParse(normalizeTextTree(award, problems));
  if (checked.success && !problems.length) return checked.data;
  const first = checked.success ? undefined : checked.error.issues[0];
  const issue = problems[0] ?? {
    path: (first?.path ?? []) as (string | number)[],
    message: first?.message ?? 'is refused',
  };
  const field = issue.path.join('.');
  const columns = mapping.columns;
  const [column, value] =
    field === 'recipient.name'
      ? [columns.name ?? `${columns.familyName} / ${columns.givenName}`, award.recipient.name]
      : field === 'recipient.email'
        ? [columns.email, award.recipient.email]
        : field === 'recipient.candidateId'
          ? [columns.candidateId ?? '', award.recipient.candidateId ?? '']
          : field === 'issuedOn'
            ? [columns.date, award.issuedOn]
            : field === 'locale'
              ? [mapping.locale?.column ?? '', award.locale ?? '']
              : ['', ''];
  return {
    row,
    status: 'error',
    kind: 'schema',
    column,
    value: escapeValue(value),
    problem: text(
      `빌드가 거부하는 값입니다 (${field}: ${issue.message})`,
      `the build would refuse it (${field}: ${issue.message})`,
    ),
    expected: text(
      '빌드의 award 스키마(src/lib/content/schema.ts)를 통과하는 값',
      'a value the build’s award schema accepts (src/lib/content/schema.ts)',
    ),
  };
}
