/**
 * One export row -> an exam pass, a skip, or an error that names the column,
 * what is wrong and what was expected. Pure: no I/O, no clock (`now` is given).
 */
import { DateTime, type Zone } from 'luxon';
import { emailSchema, type LocalizedText } from '../schema.ts';
import { exampleDate, lookupExam, parseTimeZone, type ExamIndex, type Mapping } from './mapping.ts';

/** A cell as the readers hand it over: text, or a date cell of a spreadsheet
 * (its wall-clock time in UTC fields, as spreadsheets store no time zone). */
export type Cell = string | Date | undefined;

export interface ExportRow {
  /** Spreadsheet row number: the header is row 1. */
  row: number;
  cells: Record<string, Cell>;
}

export interface ExamPass {
  row: number;
  candidateId?: string;
  name: string;
  email: string;
  /** Catalog id (usually an exam; an export may also carry certification codes). */
  badge: string;
  issuedOn: string;
}

export interface RowError {
  row: number;
  status: 'error';
  /** The export's column name (as in its header). */
  column: string;
  value: string;
  problem: LocalizedText;
  expected: LocalizedText;
}

export interface RowSkip {
  row: number;
  status: 'skipped';
  reason: 'not-passed' | 'duplicate' | 'already-imported' | 'replaced';
  detail: LocalizedText;
  awardId?: string;
}

export type MappedRow = { status: 'pass'; pass: ExamPass } | RowError | RowSkip;

export interface RowContext {
  mapping: Mapping;
  exams: ExamIndex;
  now: Date;
}

const text = (ko: string, en: string): LocalizedText => ({ ko, en });
const HANGUL = /[\uac00-\ud7a3]/;

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

export function parseExamDate(value: string, rowZone: Zone | undefined, mapping: Mapping): { ok: DateTime } | { error: 'unparseable' | 'no-time-zone' } {
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
  const error = (column: string, value: string, problem: LocalizedText, expected: LocalizedText): RowError => ({
    row,
    status: 'error',
    column,
    value,
    problem,
    expected,
  });

  let candidateId: string | undefined;
  if (columns.candidateId) {
    candidateId = get(columns.candidateId);
    if (!candidateId) return error(columns.candidateId, '', text('비어 있습니다', 'is empty'), text('응시자 ID', 'the candidate id'));
  }

  let name: string;
  if (columns.name) {
    name = get(columns.name);
    if (!name) return error(columns.name, '', text('이름이 비어 있습니다', 'the name is empty'), text('응시자 이름', "the candidate's name"));
  } else {
    const given = get(columns.givenName);
    const family = get(columns.familyName);
    name = joinName(given, family, mapping.nameOrder);
    if (!name) {
      return error(
        `${columns.familyName} / ${columns.givenName}`,
        '',
        text('이름이 비어 있습니다', 'the name is empty'),
        text('성과 이름 중 하나 이상', 'a family name, a given name, or both'),
      );
    }
  }

  const email = get(columns.email);
  if (!emailSchema.safeParse(email).success) {
    return error(
      columns.email,
      email,
      email ? text('올바른 이메일 주소가 아닙니다', 'is not a valid email address') : text('비어 있습니다', 'is empty'),
      text('name@example.com 형식의 이메일 주소', 'an email address like name@example.com'),
    );
  }

  const code = get(columns.examCode);
  const badge = code ? lookupExam(ctx.exams, code) : undefined;
  if (!badge) {
    return error(
      columns.examCode,
      code,
      code ? text(`알 수 없는 시험 코드입니다: ${code}`, `unknown exam code ${code}`) : text('비어 있습니다', 'is empty'),
      text(
        '카탈로그(certifications/)의 code 또는 매핑 파일 exams.aliases의 코드',
        'a code from the catalog (certifications/) or from exams.aliases in the mapping',
      ),
    );
  }

  const result = get(columns.result);
  const resultKey = result.toLowerCase();
  const expectedResult = () =>
    text(
      `합격 값(${mapping.results.passed.join(', ')}) 또는 불합격 값(${mapping.results.failed.join(', ')})`,
      `a passed value (${mapping.results.passed.join(', ')}) or a failed value (${mapping.results.failed.join(', ')})`,
    );
  if (!result) return error(columns.result, '', text('비어 있습니다', 'is empty'), expectedResult());
  if (!mapping.results.passed.some((p) => p.toLowerCase() === resultKey)) {
    const failed = mapping.results.failed.length === 0 || mapping.results.failed.some((f) => f.toLowerCase() === resultKey);
    if (!failed) return error(columns.result, result, text(`알 수 없는 결과 값입니다: ${result}`, `unknown result value ${result}`), expectedResult());
    return { row, status: 'skipped', reason: 'not-passed', detail: text(`합격이 아닙니다 (${result})`, `not a pass (${result})`) };
  }

  let rowZone: Zone | undefined;
  if (columns.timeZone) {
    const zoneText = get(columns.timeZone);
    if (zoneText) {
      rowZone = parseTimeZone(zoneText);
      if (!rowZone) {
        return error(
          columns.timeZone,
          zoneText,
          text('알 수 없는 시간대입니다', 'is not a known time zone'),
          text('+09:00 같은 오프셋 또는 Asia/Seoul 같은 시간대 이름', 'an offset like +09:00 or a zone name like Asia/Seoul'),
        );
      }
    }
  }
  const dateText = get(columns.date);
  const formats = () => mapping.date.formats.map(exampleDate).join(', ');
  if (!dateText) return error(columns.date, '', text('비어 있습니다', 'is empty'), text(`날짜 (예: ${formats()})`, `a date (e.g. ${formats()})`));
  const parsed = parseExamDate(dateText, rowZone, mapping);
  if ('error' in parsed) {
    if (parsed.error === 'no-time-zone') {
      const where = columns.timeZone ? `${columns.timeZone}` : 'date.timeZone';
      return error(
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
      columns.date,
      dateText,
      text('날짜로 읽을 수 없습니다', 'cannot be read as a date'),
      text(`날짜 (예: ${formats()})`, `a date like ${formats()}`),
    );
  }
  const date = parsed.ok;
  if (date.toMillis() > ctx.now.getTime()) {
    return error(columns.date, dateText, text('미래의 날짜입니다', 'is in the future'), text('이미 치른 시험의 날짜', 'the date of an exam already taken'));
  }
  if (badge.status === 'retired' && badge.retiredOn && date.toISODate()! > badge.retiredOn) {
    return error(
      columns.date,
      dateText,
      text(`${code} 시험은 ${badge.retiredOn}에 폐지되었습니다`, `exam ${code} was retired on ${badge.retiredOn}`),
      text(`${badge.retiredOn} 이전의 날짜`, `a date on or before ${badge.retiredOn}`),
    );
  }
  const issuedOn = date.toISO({ suppressMilliseconds: true })!;
  return { status: 'pass', pass: { row, ...(candidateId ? { candidateId } : {}), name, email, badge: badge.id, issuedOn } };
}
