/**
 * Synthetic exam-results exports in the layout of content/import/certiport.mapping.yaml,
 * deterministic for a seed: for the import fixtures (tests) and the import benchmark.
 * Each person follows a "track" of exams, so the rows complete certifications the way
 * real candidates do; `broken` adds one row of each kind of mistake real exports have.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export const EXPORT_HEADERS = [
  'Candidate ID',
  'Last Name',
  'First Name',
  'Email',
  'Exam Code',
  'Result',
  'Exam Date',
  'Time Zone',
] as const;

/** Exams per track, and the certifications that track completes (the test oracle,
 * written from the catalog by hand, independent of the import's own rule code). */
const TRACKS: { exams: string[]; completes: string[] }[] = [
  { exams: ['NT-900'], completes: ['cloud-fundamentals'] },
  { exams: ['NT-900-KOR'], completes: ['cloud-fundamentals'] },
  { exams: ['NT-104'], completes: ['cloud-administrator-associate'] },
  { exams: ['NT-300', 'NT-301'], completes: ['data-analyst-associate'] },
  { exams: ['NT-304', 'NT-305'], completes: ['solutions-architect-expert'] },
  { exams: ['NT-500'], completes: [] },
  { exams: ['NT-300'], completes: [] },
  { exams: ['NT-900', 'NT-104'], completes: ['cloud-fundamentals', 'cloud-administrator-associate'] },
];
const FAMILY = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황보'];
const GIVEN = [
  '민지',
  '서준',
  '지호',
  '하은',
  '도윤',
  '수아',
  '예준',
  '지우',
  '시우',
  '서연',
  '은비',
  '태양',
  '현우',
  '유진',
];
const LATIN_FAMILY = ['Morgan', 'Silva', 'Natarajan', 'Adeyemi', 'Schmidt', 'Tanaka', "O'Neil"];
const LATIN_GIVEN = ['Alex', 'Mateus', 'Priya', 'Ngozi', 'Jonas', 'Yuki', 'Dana'];
const ZONES = ['Asia/Seoul', 'Asia/Seoul', 'Asia/Seoul', '+09:00', 'America/New_York', 'Europe/Berlin'];

export interface BrokenRow {
  kind: string;
  /** Export row number (header is row 1). */
  row: number;
  status: 'error' | 'skipped';
  /** The column the report must name (errors only). */
  column?: string;
}

export interface GeneratedExport {
  headers: readonly string[];
  rows: string[][];
  /** Rows that should import (good rows). */
  goodRows: number;
  /** Certification awards the good rows complete: "candidateId badge". */
  expectedCertifications: string[];
  broken: BrokenRow[];
}

export function generateExamExport(options: {
  rows: number;
  seed?: number;
  broken?: boolean /** number of the first person (candidate id, email) */;
  firstPerson?: number;
}): GeneratedExport {
  let state = (options.seed ?? 1) >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const pad = (n: number) => String(n).padStart(2, '0');
  const brokenCount = options.broken ? 20 : 0;
  const goodTarget = options.rows - brokenCount;

  const good: string[][] = [];
  const expectedCertifications: string[] = [];
  for (let person = options.firstPerson ?? 0; good.length < goodTarget; person++) {
    let track = TRACKS[person % TRACKS.length]!;
    if (good.length + track.exams.length > goodTarget) track = TRACKS[0]!;
    const candidateId = `C${String(100000 + person)}`;
    const korean = random() < 0.7;
    const family = korean ? pick(FAMILY) : pick(LATIN_FAMILY);
    const given = korean ? pick(GIVEN) : pick(LATIN_GIVEN);
    const email = `cand${person}@mail.example.com`;
    const zone = pick(ZONES);
    // 2024-01-01 .. 2026-09-30, the track's exams 1-60 days apart
    let day = Math.floor(random() * 900);
    for (const exam of track.exams) {
      const date = new Date(Date.UTC(2024, 0, 1 + day, 8 + Math.floor(random() * 9), Math.floor(random() * 60)));
      const text = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
      good.push([candidateId, family, given, email, exam, pick(['Pass', 'Pass', 'Passed', '합격']), text, zone]);
      day += 1 + Math.floor(random() * 60);
    }
    for (const c of track.completes) expectedCertifications.push(`${candidateId} ${c}`);
  }
  // Shuffle (Fisher-Yates): a track's later exam often comes first in the file.
  for (let i = good.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [good[i], good[j]] = [good[j]!, good[i]!];
  }
  if (!brokenCount)
    return { headers: EXPORT_HEADERS, rows: good, goodRows: good.length, expectedCertifications, broken: [] };

  const base = (n: number): string[] => [
    `X${900000 + n}`,
    '한',
    '결',
    `broken${n}@mail.example.com`,
    'NT-500',
    'Pass',
    '2025-05-05 10:00',
    'Asia/Seoul',
  ];
  const set = (row: string[], column: (typeof EXPORT_HEADERS)[number], value: string) => {
    row[EXPORT_HEADERS.indexOf(column)] = value;
    return row;
  };
  const first = good[0]!;
  const kinds: [string, string[], 'error' | 'skipped', string?][] = [
    ['date without time zone', set(base(1), 'Time Zone', ''), 'error', 'Exam Date'],
    ['unknown exam code', set(base(2), 'Exam Code', 'NT-999'), 'error', 'Exam Code'],
    ['bad email', set(base(3), 'Email', 'broken3.mail.example.com'), 'error', 'Email'],
    ['empty name', set(set(base(4), 'Last Name', ''), 'First Name', ' '), 'error', 'Last Name / First Name'],
    ['unparseable date', set(base(5), 'Exam Date', '어제 오후'), 'error', 'Exam Date'],
    ['failed result', set(base(6), 'Result', 'Fail'), 'skipped'],
    ['duplicate row', [...first], 'skipped'],
    ['empty email', set(base(8), 'Email', ''), 'error', 'Email'],
    ['empty candidate id', set(base(9), 'Candidate ID', ''), 'error', 'Candidate ID'],
    ['unknown time zone', set(base(10), 'Time Zone', 'Mars/Olympus'), 'error', 'Time Zone'],
    ['date in the future', set(base(11), 'Exam Date', '2031-01-01 10:00'), 'error', 'Exam Date'],
    ['unknown result value', set(base(12), 'Result', 'Pending review'), 'error', 'Result'],
    ['empty exam code', set(base(13), 'Exam Code', ''), 'error', 'Exam Code'],
    ['no show', set(base(14), 'Result', 'No Show'), 'skipped'],
    [
      'pass after the exam retired',
      set(set(base(15), 'Exam Code', 'NT-103'), 'Exam Date', '2024-02-01 10:00'),
      'error',
      'Exam Date',
    ],
    ['same person and badge on another date', set([...first], 'Exam Date', '2026-10-01 10:00'), 'skipped'],
    ['empty date', set(base(17), 'Exam Date', ''), 'error', 'Exam Date'],
    ['email with a space', set(base(18), 'Email', 'broken 18@mail.example.com'), 'error', 'Email'],
    ['month 13', set(base(19), 'Exam Date', '2025-13-01 10:00'), 'error', 'Exam Date'],
    ['cancelled', set(base(20), 'Result', 'Cancelled'), 'skipped'],
  ];
  // Spread the broken rows through the file (after the first row, which the duplicates copy).
  const rows = [...good];
  const broken: BrokenRow[] = [];
  const step = Math.floor(good.length / kinds.length);
  for (const [i, [, row]] of kinds.entries()) rows.splice(2 + i * (step + 1), 0, row);
  for (const [kind, row, status, column] of kinds) {
    broken.push({ kind, row: rows.indexOf(row) + 2, status, ...(column ? { column } : {}) });
  }
  return { headers: EXPORT_HEADERS, rows, goodRows: good.length, expectedCertifications, broken };
}

export function writeExportCsv(file: string, data: GeneratedExport, encoding: 'cp949' | 'utf-8' = 'cp949'): void {
  const text = stringify([data.headers as string[], ...data.rows]);
  writeFileSync(file, encoding === 'utf-8' ? text : iconv.encode(text, 'cp949'));
}

export async function writeExportXlsx(file: string, data: GeneratedExport): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Exam results');
  sheet.addRow([...data.headers]);
  for (const row of data.rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(file);
}
