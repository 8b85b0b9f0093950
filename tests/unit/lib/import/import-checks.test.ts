/**
 * The import runs every check the build runs, row by row (issue 22 items 1, 3, 4,
 * "locale from the export"; issue 21 items 8 and 12): an export with one bad row of
 * each kind imports its good rows and reports each bad one at its row and column;
 * erased awards are never recreated; excluded exams are skips; the report CSV
 * cannot carry a spreadsheet formula; an xlsx zip bomb and a mis-decoded CP949
 * file are refused.
 */
import assert from 'node:assert/strict';
import { deflateRawSync, constants as zlibConstants, crc32 } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { EXPORT_HEADERS } from '../../../../scripts/lib/exam-export.ts';
import { readRawContent } from '../../../../src/lib/content/content-files.ts';
import { validateContent, type Content } from '../../../../src/lib/content/content-model.ts';
import { neutralizeFormula, peopleCsv } from '../../../../src/lib/support/csv-safe.ts';
import { renderReport } from '../../../../src/lib/import/batch-file.ts';
import { contentAfterImport, planFromRows, summarize } from '../../../../src/lib/import/index.ts';
import { checkAward } from '../../../../src/lib/import/map-row.ts';
import { parseMapping, type Mapping } from '../../../../src/lib/import/mapping.ts';
import type { ImportPlan } from '../../../../src/lib/import/plan.ts';
import { readCsv, readExport } from '../../../../src/lib/import/read-export.ts';
import { FIXTURE_NOW, fixtureContent, projectRoot } from '../../../helpers/site-build.ts';

const mappingFile = path.join(projectRoot, 'content/import/certiport.mapping.yaml');
const now = new Date(FIXTURE_NOW);
const raw = readRawContent(fixtureContent);
const content: Content = validateContent(raw);
const mappingText = readFileSync(mappingFile, 'utf8');
const mapping: Mapping = parseMapping(mappingText, 'certiport.mapping.yaml', content.badgeClasses);

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'emblem-import-checks-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const good = (n: number, extra: Partial<Record<'last' | 'first' | 'email' | 'exam' | 'date', string>> = {}) => [
  `G${1000 + n}`,
  extra.last ?? '김',
  extra.first ?? '민지',
  extra.email ?? `good${n}@mail.example.com`,
  extra.exam ?? 'NT-500',
  'Pass',
  extra.date ?? `2025-0${1 + (n % 9)}-1${n % 10} 10:00`,
  'Asia/Seoul',
];
const bad = (n: number, column: (typeof EXPORT_HEADERS)[number], value: string) => {
  const row = good(100 + n);
  row[EXPORT_HEADERS.indexOf(column)] = value;
  return row;
};

/** One bad row of each kind the build refuses or the issue names; [kind, row values, column the report must name]. */
const BAD: [string, string[], string][] = [
  ['control character in a name (U+0007)', bad(1, 'First Name', 'Min\u0007ji'), 'First Name'],
  ['bidi override in a name (U+202E)', bad(2, 'Last Name', 'Kim\u202Eevil'), 'Last Name'],
  ['zero-width space in a name (U+200B)', bad(3, 'First Name', 'Min\u200Bji'), 'First Name'],
  ['name longer than the build allows', bad(4, 'First Name', 'A'.repeat(250)), 'First Name'],
  ['missing given name (family name only)', bad(5, 'First Name', ''), 'First Name'],
  ['missing family name (given name only)', bad(6, 'Last Name', ' '), 'Last Name'],
  ['tab inside a name', bad(7, 'First Name', 'Min\tji'), 'First Name'],
  ['line break inside a name', bad(8, 'Last Name', 'Kim\nLee'), 'Last Name'],
  ['C1 control (U+0085) in a name', bad(9, 'First Name', 'Min\u0085ji'), 'First Name'],
  ['replacement character (U+FFFD) in a name', bad(10, 'Last Name', '\uFFFD ÿþ'), 'Last Name'],
  ['bidi override in the candidate id', bad(11, 'Candidate ID', 'C1\u202E'), 'Candidate ID'],
  ['bad date', bad(12, 'Exam Date', '2025-02-30 10:00'), 'Exam Date'],
  ['bad email', bad(13, 'Email', 'not-an-email'), 'Email'],
  ['zero-width space in an email', bad(14, 'Email', 'a\u200Bb@mail.example.com'), 'Email'],
  ['short row (one field missing)', good(115).slice(0, 7), ''],
  ['long row (one field too many)', [...good(116), 'extra'], ''],
];
const GOOD_ROWS = Array.from({ length: 12 }, (_, i) => good(i));
/** Good rows first, the bad ones spread between them. */
const ALL_ROWS = GOOD_ROWS.flatMap((row, i) => [
  row,
  ...(BAD[i * 2] ? [BAD[i * 2]![1]] : []),
  ...(BAD[i * 2 + 1] ? [BAD[i * 2 + 1]![1]] : []),
]);
const exportRow = (values: string[]) => ALL_ROWS.indexOf(values) + 2;

const planOf = (
  rows: Awaited<ReturnType<typeof readExport>>['rows'],
  options: { erased?: Set<string>; content?: Content } = {},
): ImportPlan =>
  planFromRows(options.content ?? content, mapping, rows, { duplicates: 'skip', now, erased: options.erased });

function checkEveryBadRow(plan: ImportPlan, kinds: typeof BAD) {
  for (const [kind, values, column] of kinds) {
    const row = exportRow(values);
    const outcome = plan.outcomes.find((o) => o.row === row);
    assert.ok(outcome, `${kind}: row ${row} has an outcome`);
    assert.equal(outcome.status, 'error', `${kind}: is an error (got ${JSON.stringify(outcome)})`);
    if (outcome.status !== 'error') continue;
    assert.equal(outcome.column, column, `${kind}: names the column`);
    assert.ok(
      outcome.problem.en && outcome.problem.ko && outcome.expected.en && outcome.expected.ko,
      `${kind}: problem and expected in ko and en`,
    );
    assert.ok(outcome.kind, `${kind}: has an error kind for the summary`);
    // The value as reported shows invisible characters escaped, never raw.
    assert.doesNotMatch(outcome.value, /[\p{Cc}\p{Cf}\uFFFD]/u, `${kind}: value escaped`);
  }
}

describe('every check the build runs, per row', () => {
  test('CSV (UTF-8): one bad row of each kind is an error at its row and column; every good row imports and the batch loads', () => {
    const file = path.join(dir, 'bad-rows.csv');
    writeFileSync(file, stringify([[...EXPORT_HEADERS], ...ALL_ROWS]));
    const data = readCsv(file, readFileSync(file), mapping);
    const plan = planOf(data.rows);
    checkEveryBadRow(plan, BAD);
    assert.equal(plan.outcomes.filter((o) => o.status === 'imported').length, GOOD_ROWS.length);
    assert.equal(plan.outcomes.length, ALL_ROWS.length);
    // The batch the importer would write loads exactly as the build loads it.
    assert.doesNotThrow(() => contentAfterImport(raw, plan, 'awards/import.yaml'));
    const escaped = plan.outcomes.find((o) => o.row === exportRow(BAD[1]![1]));
    assert.ok(escaped?.status === 'error' && escaped.value.includes('\\u202E'), 'a bidi override is shown as \\u202E');
    const short = plan.outcomes.find((o) => o.row === exportRow(BAD[14]![1]));
    assert.ok(
      short?.status === 'error' && /7/.test(short.problem.en!) && /8/.test(short.expected.en!),
      'names the field counts',
    );
    const given = plan.outcomes.find((o) => o.row === exportRow(BAD[4]![1]));
    assert.ok(given?.status === 'error' && given.kind === 'missing-name-part', 'a missing given name is its own kind');
  });

  test('xlsx: the text checks are the same for spreadsheet cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Results');
    sheet.addRow([...EXPORT_HEADERS]);
    // XML cannot hold U+0007 (ExcelJS drops it on writing): the other text kinds, as cells.
    const textKinds = BAD.slice(1, 14);
    for (const values of ALL_ROWS) if (values.length === EXPORT_HEADERS.length) sheet.addRow(values);
    const file = path.join(dir, 'bad-rows.xlsx');
    await workbook.xlsx.writeFile(file);
    const data = await readExport(file, mapping);
    const plan = planOf(data.rows);
    const rowsInSheet = ALL_ROWS.filter((v) => v.length === EXPORT_HEADERS.length);
    for (const [kind, values, column] of textKinds) {
      const outcome = plan.outcomes.find((o) => o.row === rowsInSheet.indexOf(values) + 2);
      assert.ok(outcome?.status === 'error', `${kind}: error in xlsx`);
      assert.equal(outcome.column, column, kind);
    }
    // the good rows, and the U+0007 row that reads back as "Minji"
    assert.equal(plan.outcomes.filter((o) => o.status === 'imported').length, GOOD_ROWS.length + 1);
  });

  test('a CP949 export with one stray byte run is read as CP949: that row is refused naming its column, the rest keep their Hangul', () => {
    const rows = [
      good(1, { last: '황보', first: '은비' }),
      good(2, { last: '장', first: 'PLACEHOLDER' }),
      good(3, { last: '이', first: '서준' }),
    ];
    const bytes = iconv.encode(stringify([[...EXPORT_HEADERS], ...rows]), 'cp949');
    // The stray bytes (0xFF 0xFE, no CP949 character) replace the placeholder.
    const at = bytes.indexOf(Buffer.from('PLACEHOLDER'));
    const file = Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from([0xff, 0xfe]),
      bytes.subarray(at + 'PLACEHOLDER'.length),
    ]);
    const data = readCsv('stray.csv', file, mapping);
    assert.match(data.format, /cp949/);
    const plan = planOf(data.rows);
    assert.deepEqual(
      plan.outcomes.map((o) => [o.row, o.status, o.status === 'error' ? o.column : '']),
      [
        [2, 'imported', ''],
        [3, 'error', 'First Name'],
        [4, 'imported', ''],
      ],
    );
    const error = plan.outcomes[1]!;
    assert.ok(error.status === 'error' && /U\+FFFD/.test(error.problem.en!) && error.kind === 'undecodable');
    assert.deepEqual(plan.awards.map((a) => a.recipient.name).sort(), ['이서준', '황보은비']);
  });
});

test('the award schema is the last check: what it refuses is the row’s error, at the column the field came from', () => {
  const plan = planOf(readCsv('s.csv', Buffer.from(stringify([[...EXPORT_HEADERS], good(1)])), mapping).rows);
  const award = plan.awards[0]!;
  assert.deepEqual(checkAward(award, 2, mapping), award);
  const refused = checkAward({ ...award, recipient: { ...award.recipient, name: 'Kim\u2066x' } }, 7, mapping);
  assert.ok(
    'status' in refused &&
      refused.kind === 'schema' &&
      refused.row === 7 &&
      refused.column === 'Last Name / First Name',
  );
  const email = checkAward({ ...award, recipient: { ...award.recipient, email: 'x@' } }, 7, mapping);
  assert.ok('status' in email && email.column === 'Email' && /recipient\.email/.test(email.problem.en!));
});

describe('erased stays erased', () => {
  test('a row whose award id the ledger holds as erased is skipped as erased, and counted', () => {
    const first = planOf(
      readCsv('a.csv', Buffer.from(stringify([[...EXPORT_HEADERS], good(1), good(2)])), mapping).rows,
    );
    const erasedId = first.awards.find((a) => a.recipient.email === 'good1@mail.example.com')!.id;
    const again = planOf(
      readCsv('a.csv', Buffer.from(stringify([[...EXPORT_HEADERS], good(1), good(2)])), mapping).rows,
      {
        erased: new Set([erasedId.toUpperCase()]),
      },
    );
    assert.deepEqual(
      again.outcomes.map((o) => [o.status, o.status === 'skipped' ? o.reason : '']),
      [
        ['skipped', 'erased'],
        ['imported', ''],
      ],
    );
    assert.ok(!again.awards.some((a) => a.id === erasedId));
    assert.equal(summarize(again).skipped.get('erased'), 1);
  });

  test('an erased certification award is not derived again', () => {
    const rows = () =>
      readCsv('c.csv', Buffer.from(stringify([[...EXPORT_HEADERS], good(1, { exam: 'NT-900' })])), mapping).rows;
    const first = planOf(rows());
    const certification = first.awards.find((a) => a.badge === 'cloud-fundamentals')!;
    const again = planOf(rows(), { erased: new Set([certification.id]) });
    assert.deepEqual(
      again.awards.map((a) => a.badge),
      ['nt-900'],
    );
  });
});

describe('excluded exams and the summary', () => {
  test('a pass of an exam on the exclusion list is skipped as excluded, naming the program-rules entry, not an error', () => {
    const rows = readCsv(
      'x.csv',
      Buffer.from(
        stringify([
          [...EXPORT_HEADERS],
          good(1, { exam: 'MB2-706', date: '2021-03-01 10:00' }),
          good(2),
          good(3, { email: 'bad' }),
        ]),
      ),
      mapping,
    ).rows;
    const plan = planOf(rows);
    const excluded = plan.outcomes[0]!;
    assert.equal(excluded.status, 'skipped');
    assert.ok(excluded.status === 'skipped' && excluded.reason === 'excluded');
    assert.match(excluded.detail.en!, /excluded by program-rules entry 3/);
    assert.match(excluded.detail.ko!, /3/);
    const summary = summarize(plan);
    assert.equal(summary.skipped.get('excluded'), 1);
    assert.deepEqual([...summary.errorsByKind], [['invalid-email', 1]]);
  });
});

describe('locale from the export', () => {
  const withLocale = (block: string) => parseMapping(`${mappingText}\n${block}`, 'm.yaml', content.badgeClasses);

  test('a language column sets each award’s locale; an unknown value is an error naming the column', () => {
    const m = withLocale('locale:\n  column: Language\n  fromName: true\n');
    const data = readCsv(
      'l.csv',
      Buffer.from(
        stringify([
          [...EXPORT_HEADERS, 'Language'],
          [...good(1), 'EN'],
          [...good(2), '한국어'],
          [...good(3), 'Klingon'],
          [...good(4), ''],
        ]),
      ),
      m,
    ).rows;
    const plan = planFromRows(content, m, data, { duplicates: 'skip', now });
    const byEmail = new Map(plan.awards.map((a) => [a.recipient.email, a.locale]));
    assert.equal(byEmail.get('good1@mail.example.com'), 'en');
    assert.equal(byEmail.get('good2@mail.example.com'), 'ko');
    assert.equal(byEmail.get('good4@mail.example.com'), 'ko', 'empty column: the name rule (Hangul → ko)');
    const unknown = plan.outcomes.find((o) => o.row === 4)!;
    assert.ok(unknown.status === 'error' && unknown.column === 'Language');
    // the derived certification awards carry the earner's locale too; the batch loads
    assert.ok(plan.awards.every((a) => a.locale !== undefined));
    assert.doesNotThrow(() => contentAfterImport(raw, plan, 'awards/import.yaml'));
  });

  test('the name rule: Latin-only names → en, Hangul names → ko; without a rule no locale is set', () => {
    const m = withLocale('locale:\n  fromName: true\n');
    const data = readCsv(
      'l.csv',
      Buffer.from(stringify([[...EXPORT_HEADERS], good(1, { last: 'Morgan', first: 'Alex' }), good(2)])),
      m,
    ).rows;
    const plan = planFromRows(content, m, data, { duplicates: 'skip', now });
    assert.deepEqual(
      plan.awards.map((a) => [a.recipient.name, a.locale]),
      [
        ['Alex Morgan', 'en'],
        ['김민지', 'ko'],
      ],
    );
    const plain = planOf(readCsv('l.csv', Buffer.from(stringify([[...EXPORT_HEADERS], good(1)])), mapping).rows);
    assert.equal(plain.awards[0]!.locale, undefined);
  });
});

describe('CSV written for people cannot carry a formula (OWASP CSV injection)', () => {
  test('cells starting with = + - @ TAB CR get a leading apostrophe; others are untouched', () => {
    for (const value of ['=1+2', '+1', '-cmd|calc', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil","x")']) {
      assert.equal(neutralizeFormula(value), `'${value}`);
    }
    for (const value of ['김민지', 'Alex Morgan', '', '1-2', 'a=b']) assert.equal(neutralizeFormula(value), value);
    const parsed = parseCsv(peopleCsv([['=1+2', 3, '-x']]), { bom: true }) as string[][];
    assert.deepEqual(parsed, [["'=1+2", '3', "'-x"]]);
  });

  test('the import report neutralises formulas in every cell', () => {
    const rows = readCsv(
      'f.csv',
      Buffer.from(stringify([[...EXPORT_HEADERS], good(1, { email: '=HYPERLINK("http://evil","click")' })])),
      mapping,
    ).rows;
    const report = parseCsv(renderReport(planOf(rows), 'en'), { columns: true, bom: true }) as Record<string, string>[];
    assert.equal(report[0]!.status, 'error');
    assert.ok(report[0]!.value!.startsWith("'="), report[0]!.value);
  });
});

/**
 * A zip built by hand, because no library writes a lying header. `bomb` is a
 * sheet whose XML inflates to `megabytes` MB: a 1 MB chunk deflated once with a
 * full flush (so each copy stands alone) repeated, then an empty final block.
 */
function bombXlsx(entries: Map<string, Buffer>, megabytes: number, declared?: number): Buffer {
  const chunk = Buffer.from(
    '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'.repeat(16384).slice(0, 1 << 20),
  );
  const block = deflateRawSync(chunk, { flush: zlibConstants.Z_FULL_FLUSH, finishFlush: zlibConstants.Z_FULL_FLUSH });
  const tail = deflateRawSync(Buffer.alloc(0));
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = crc32(chunk, crc);
  const files: { name: string; data: Buffer; crc: number; size: number; method: number }[] = [];
  for (const [name, data] of entries) {
    if (name === 'xl/worksheets/sheet1.xml') {
      files.push({
        name,
        data: Buffer.concat([...Array.from({ length: megabytes }, () => block), tail]),
        crc,
        size: declared ?? megabytes << 20,
        method: 8,
      });
    } else files.push({ name, data, crc: crc32(data), size: data.length, method: 0 });
  }
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(f.method, 8);
    local.writeUInt32LE(f.crc >>> 0, 14);
    local.writeUInt32LE(f.data.length, 18);
    local.writeUInt32LE(f.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(f.method, 10);
    central.writeUInt32LE(f.crc >>> 0, 16);
    central.writeUInt32LE(f.data.length, 20);
    central.writeUInt32LE(f.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, f.data);
    centrals.push(central, name);
    offset += 30 + name.length + f.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('xlsx zip bombs', () => {
  let entries: Map<string, Buffer>;
  before(async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Results').addRow([...EXPORT_HEADERS]);
    const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
    entries = new Map();
    for (const file of Object.values(zip.files)) if (!file.dir) entries.set(file.name, await file.async('nodebuffer'));
  });

  const refusedFast = async (file: string) => {
    const started = performance.now();
    const rssBefore = process.memoryUsage().rss;
    await assert.rejects(readExport(file, mapping), (error: Error) => {
      assert.match(error.message, /bomb\.xlsx: .*expands to more than 200 MB/);
      assert.equal(error.message.split('\n').length, 1, 'one sentence');
      return true;
    });
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < 10, `refused in ${seconds.toFixed(1)} s`);
    const grown = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    assert.ok(grown < 300, `memory grew by ${grown.toFixed(0)} MB`);
  };

  test('a 1.5 GB sheet that says so in its header is refused before anything is inflated', async () => {
    const file = path.join(dir, 'bomb.xlsx');
    writeFileSync(file, bombXlsx(entries, 1500));
    await refusedFast(file);
  });

  test('a 1.5 GB sheet whose header claims 10 KB is refused once inflating passes the cap', async () => {
    const file = path.join(dir, 'bomb.xlsx');
    writeFileSync(file, bombXlsx(entries, 1500, 10_000));
    await refusedFast(file);
  });
});
