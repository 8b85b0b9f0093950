/**
 * The import core against generated exports (scripts/lib/exam-export.ts): a
 * CP949 CSV of 1,000 rows with 20 broken rows, the same rows as .xlsx, and
 * small hand-made exports for the rules (derived certifications, duplicates,
 * claim policy, encodings and delimiters).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse as parseYaml } from 'yaml';
import {
  generateExamExport,
  writeExportCsv,
  writeExportXlsx,
  type GeneratedExport,
} from '../../../../scripts/lib/exam-export.ts';
import { readRawContent } from '../../../../src/lib/content/content-files.ts';
import { validateContent, type Content } from '../../../../src/lib/content/content-model.ts';
import {
  batchFormatFor,
  renderBatch,
  renderBatchJson,
  renderReport,
  withoutAwards,
} from '../../../../src/lib/import/batch-file.ts';
import { contentAfterImport, planFromRows } from '../../../../src/lib/import/index.ts';
import { joinName, type ExportRow } from '../../../../src/lib/import/map-row.ts';
import { MappingError, parseMapping, type Mapping } from '../../../../src/lib/import/mapping.ts';
import type { ImportPlan } from '../../../../src/lib/import/plan.ts';
import { readCsv, readExport } from '../../../../src/lib/import/read-export.ts';
import type { Award } from '../../../../src/lib/content/schema.ts';
import { FIXTURE_NOW, fixtureContent, projectRoot } from '../../../helpers/site-build.ts';

const mappingFile = path.join(projectRoot, 'content/import/certiport.mapping.yaml');
const now = new Date(FIXTURE_NOW);
const raw = readRawContent(fixtureContent);
const content: Content = validateContent(raw);
const mapping: Mapping = parseMapping(
  readFileSync(mappingFile, 'utf8'),
  'certiport.mapping.yaml',
  content.badgeClasses,
);
const withPolicy = (policy: 'pending' | 'accepted'): Content => ({
  ...content,
  issuer: { ...content.issuer, claims: { policy } },
});

let dir: string;
let generated: GeneratedExport;
let csvPlan: ImportPlan;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'emblem-import-'));
  generated = generateExamExport({ rows: 1000, broken: true, seed: 7 });
  writeExportCsv(path.join(dir, 'export.csv'), generated, 'cp949');
  await writeExportXlsx(path.join(dir, 'export.xlsx'), generated);
  const data = await readExport(path.join(dir, 'export.csv'), mapping);
  csvPlan = planFromRows(content, mapping, data.rows, { duplicates: 'skip', now });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const rowsOf = (records: string[][]): ExportRow[] =>
  records.map((values, i) => ({
    row: i + 2,
    cells: Object.fromEntries(generated.headers.map((h, c) => [h, values[c]])),
  }));
const plan = (
  records: string[][],
  options: { existing?: Award[]; duplicates?: 'skip' | 'replace' | 'error'; policy?: 'pending' | 'accepted' } = {},
) => {
  const c = withPolicy(options.policy ?? 'pending');
  const existing = options.existing ?? [];
  return planFromRows(
    {
      ...c,
      awards: [...c.awards, ...existing],
      sources: new Map([...c.sources, ...existing.map((a) => [a.id, 'awards/earlier.yaml'] as const)]),
    },
    mapping,
    rowsOf(records),
    {
      duplicates: options.duplicates ?? 'skip',
      now,
    },
  );
};
const row = (
  candidate: string,
  exam: string,
  date: string,
  extra: Partial<Record<'last' | 'first' | 'email' | 'result' | 'zone', string>> = {},
) => [
  candidate,
  extra.last ?? '김',
  extra.first ?? '민지',
  extra.email ?? `${candidate.toLowerCase()}@mail.example.com`,
  exam,
  extra.result ?? 'Pass',
  date,
  extra.zone ?? 'Asia/Seoul',
];

describe('import of a 1,000-row CP949 export with 20 broken rows', () => {
  test('reads CP949, imports the 980 good rows, and every row ends imported, skipped or error', () => {
    assert.equal(csvPlan.outcomes.length, 1000);
    const imported = csvPlan.outcomes.filter((o) => o.status === 'imported');
    assert.equal(imported.length, 980);
    assert.equal(generated.goodRows, 980);
    const hangul = csvPlan.awards.find((a) => /[가-힣]{2,}/.test(a.recipient.name));
    assert.ok(hangul, 'Korean names survive the CP949 decoding');
  });

  test('each broken row is reported at its row with the right status and column', () => {
    for (const broken of generated.broken) {
      const outcome = csvPlan.outcomes.find((o) => o.row === broken.row);
      assert.ok(outcome, `row ${broken.row} (${broken.kind}) has an outcome`);
      assert.equal(outcome.status, broken.status, `${broken.kind}: status`);
      if (outcome.status === 'error') {
        assert.equal(outcome.column, broken.column, `${broken.kind}: column`);
        assert.ok(
          outcome.problem.en && outcome.problem.ko && outcome.expected.en && outcome.expected.ko,
          `${broken.kind}: problem and expected in both languages`,
        );
      }
    }
    const kinds = new Set(generated.broken.map((b) => b.kind));
    assert.equal(kinds.size, 20);
  });

  test('creates exactly the certification awards the passes complete, dated by the completing pass', () => {
    const derived = csvPlan.derived.map((d) => `${d.award.recipient.candidateId} ${d.award.badge}`).sort();
    assert.deepEqual(derived, [...generated.expectedCertifications].sort());
    const byId = new Map(csvPlan.awards.map((a) => [a.id, a]));
    for (const d of csvPlan.derived) {
      const passes = csvPlan.awards.filter(
        (a) =>
          a.recipient.candidateId === d.award.recipient.candidateId &&
          a.badge !== d.award.badge &&
          !csvPlan.derived.some((x) => x.award.id === a.id),
      );
      const completing = passes.find((p) => p.badge === d.completedBy)!;
      assert.equal(d.award.issuedOn, completing.issuedOn);
      // the completing pass is the latest pass the certification needs
      if (d.award.badge === 'solutions-architect-expert' || d.award.badge === 'data-analyst-associate') {
        assert.equal(Math.max(...passes.map((p) => Date.parse(p.issuedOn))), Date.parse(d.award.issuedOn));
      }
      assert.ok(byId.has(d.award.id));
    }
  });

  test('the single exam of a certification gets the certification award (the exam alone is withheld)', () => {
    const nt900 = csvPlan.awards.filter((a) => a.badge === 'nt-900');
    assert.ok(nt900.length > 0);
    for (const pass of nt900) {
      assert.ok(
        csvPlan.awards.some(
          (a) => a.badge === 'cloud-fundamentals' && a.recipient.candidateId === pass.recipient.candidateId,
        ),
        `${pass.recipient.candidateId} gets cloud-fundamentals`,
      );
    }
  });

  test('the imported awards load through the content model, as pending claims by default', () => {
    const after = contentAfterImport(raw, csvPlan, 'awards/import.yaml');
    assert.equal(after.awards.length, content.awards.length + 980 + generated.expectedCertifications.length);
    assert.ok(csvPlan.awards.every((a) => a.claim === 'pending'));
    const batch = parseYaml(renderBatch(csvPlan.awards, 'test batch')) as { awards: unknown[] };
    const reloaded = validateContent({
      ...raw,
      awards: [...raw.awards, ...batch.awards.map((data, index) => ({ file: 'awards/import.yaml', index, data }))],
    });
    assert.deepEqual(
      reloaded.awards.slice(content.awards.length).map((a) => a.id),
      csvPlan.awards.map((a) => a.id),
    );
  });

  test('large batches are written as JSON, which loads the same', () => {
    assert.equal(batchFormatFor(csvPlan.awards.length), 'yaml');
    assert.equal(batchFormatFor(100_000), 'json');
    const batch = JSON.parse(renderBatchJson(csvPlan.awards, 'note')) as { awards: unknown[] };
    const reloaded = validateContent({
      ...raw,
      awards: [...raw.awards, ...batch.awards.map((data, index) => ({ file: 'awards/import.json', index, data }))],
    });
    assert.deepEqual(reloaded.awards.slice(content.awards.length), csvPlan.awards);
  });

  test('a second import of the same file changes nothing', () => {
    const after = contentAfterImport(raw, csvPlan, 'awards/import.yaml');
    const again = planImportAgain(after, generated);
    assert.equal(again.awards.length, 0);
    assert.equal(again.outcomes.filter((o) => o.status === 'imported').length, 0);
  });

  test('the same rows as .xlsx give the same awards', async () => {
    const data = await readExport(path.join(dir, 'export.xlsx'), mapping);
    const xlsxPlan = planFromRows(content, mapping, data.rows, { duplicates: 'skip', now });
    assert.deepEqual(xlsxPlan.awards, csvPlan.awards);
    assert.deepEqual(xlsxPlan.outcomes, csvPlan.outcomes);
  });

  test('the report CSV has one line per row, naming each broken row’s column and problem', () => {
    const report = parseCsv(renderReport(csvPlan, 'en'), { columns: true, bom: true }) as Record<string, string>[];
    const rowsReported = report.filter((r) => r.status !== 'derived');
    assert.equal(rowsReported.length, 1000);
    assert.equal(report.filter((r) => r.status === 'derived').length, generated.expectedCertifications.length);
    for (const broken of generated.broken.filter((b) => b.status === 'error')) {
      const line = report.find((r) => r.row === String(broken.row))!;
      assert.equal(line.status, 'error');
      assert.equal(line.column, broken.column);
      assert.ok(line.problem && line.expected, `${broken.kind} has problem and expected`);
    }
    const ko = parseCsv(renderReport(csvPlan, 'ko'), { columns: true, bom: true }) as Record<string, string>[];
    assert.match(ko.find((r) => r.status === 'error')!.problem!, /[가-힣]/);
  });
});

function planImportAgain(after: Content, data: GeneratedExport): ImportPlan {
  return planFromRows(after, mapping, rowsOf(data.rows), { duplicates: 'skip', now });
}

describe('import rules', () => {
  test('a multi-exam certification is completed by a pass from an earlier import (matched by email)', () => {
    const earlier = plan([row('C1', 'NT-300', '2025-01-10 10:00')]).awards;
    assert.deepEqual(
      earlier.map((a) => a.badge),
      ['nt-300'],
    );
    // the earlier record has no candidate id: the person is matched by email
    const { candidateId: _dropped, ...recipient } = earlier[0]!.recipient;
    const next = plan([row('C1', 'NT-301', '2025-03-02 09:15')], { existing: [{ ...earlier[0]!, recipient }] });
    assert.deepEqual(
      next.awards.map((a) => [a.badge, a.issuedOn]),
      [
        ['nt-301', '2025-03-02T09:15:00+09:00'],
        ['data-analyst-associate', '2025-03-02T09:15:00+09:00'],
      ],
    );
    assert.equal(next.derived[0]!.row, 2);
  });

  test('a revoked earlier pass does not count toward a certification', () => {
    const earlier = plan([row('C1', 'NT-300', '2025-01-10 10:00')]).awards[0]!;
    const next = plan([row('C1', 'NT-301', '2025-03-02 09:15')], {
      existing: [{ ...earlier, revoked: { on: '2025-02-01T00:00:00Z', reason: 'withdrawn' } }],
    });
    assert.deepEqual(
      next.awards.map((a) => a.badge),
      ['nt-301'],
    );
  });

  test('a certification the person already holds is not derived again', () => {
    const first = plan([row('C1', 'NT-900', '2025-01-10 10:00')]);
    const held = first.awards.find((a) => a.badge === 'cloud-fundamentals')!;
    const next = plan([row('C1', 'NT-104', '2025-02-10 10:00')], {
      existing: first.awards.filter((a) => a.id === held.id || a.badge === 'nt-900'),
    });
    assert.deepEqual(next.awards.map((a) => a.badge).sort(), ['cloud-administrator-associate', 'nt-104']);
  });

  test('ids are UUID v5 of candidate, badge and moment: stable across runs and row order', () => {
    const a = plan([row('C1', 'NT-304', '2025-01-10 10:00'), row('C1', 'NT-305', '2025-02-10 10:00')]);
    const b = plan([row('C1', 'NT-305', '2025-02-10 10:00'), row('C1', 'NT-304', '2025-01-10 10:00')]);
    assert.deepEqual(a.awards.map((x) => x.id).sort(), b.awards.map((x) => x.id).sort());
    assert.ok(
      a.awards.every((x) => /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(x.id)),
    );
    // the same moment written in another zone is the same award
    const c = plan([row('C1', 'NT-304', '2025-01-10 01:00', { zone: 'UTC' }), row('C1', 'NT-305', '2025-02-10 10:00')]);
    assert.deepEqual(c.awards.map((x) => x.id).sort(), a.awards.map((x) => x.id).sort());
  });

  test('duplicates (same person by email or candidate id, same badge): skip, error or replace', () => {
    const rows = [
      row('C1', 'NT-500', '2025-01-10 10:00'),
      row('C2', 'NT-500', '2025-06-10 10:00', { email: 'c1@mail.example.com' }),
    ];
    const skip = plan(rows);
    assert.deepEqual(
      skip.outcomes.map((o) => [o.status, o.status === 'skipped' ? o.reason : '']),
      [
        ['imported', ''],
        ['skipped', 'duplicate'],
      ],
    );
    const error = plan(rows, { duplicates: 'error' });
    assert.equal(error.outcomes[1]!.status, 'error');
    const replace = plan(rows, { duplicates: 'replace' });
    assert.deepEqual(
      replace.outcomes.map((o) => o.status),
      ['skipped', 'imported'],
    );
    assert.equal(replace.awards.length, 1);
    assert.equal(replace.awards[0]!.issuedOn, '2025-06-10T10:00:00+09:00');
    // a derived certification is dated by the replacing pass, not the replaced one
    const single = plan([row('C1', 'NT-900', '2025-01-10 10:00'), row('C1', 'NT-900', '2025-06-10 10:00')], {
      duplicates: 'replace',
    });
    assert.deepEqual(
      single.awards.map((a) => [a.badge, a.issuedOn]),
      [
        ['nt-900', '2025-06-10T10:00:00+09:00'],
        ['cloud-fundamentals', '2025-06-10T10:00:00+09:00'],
      ],
    );
    // against content: the earlier award is listed for removal from its file
    const earlier = plan([rows[0]!]).awards;
    const againstContent = plan([rows[1]!], { existing: earlier, duplicates: 'replace' });
    assert.deepEqual(againstContent.replaced, [{ id: earlier[0]!.id, file: 'awards/earlier.yaml', row: 2 }]);
    // a published award is never replaced (its page and credential are out in the world)
    const published = plan([rows[1]!], {
      existing: earlier.map((a) => ({ ...a, claim: 'accepted' as const })),
      duplicates: 'replace',
    });
    assert.deepEqual(published.replaced, []);
    assert.equal(published.outcomes[0]!.status, 'error');
  });

  test("new awards follow the issuer's claim policy", () => {
    assert.equal(
      plan([row('C1', 'NT-900', '2025-01-10 10:00')], { policy: 'accepted' }).awards.every(
        (a) => a.claim === 'accepted',
      ),
      true,
    );
    assert.equal(
      plan([row('C1', 'NT-900', '2025-01-10 10:00')], { policy: 'pending' }).awards.every((a) => a.claim === 'pending'),
      true,
    );
  });

  test('names: Hangul family name first without a space, others given name first', () => {
    assert.equal(joinName('민지', '김', 'auto'), '김민지');
    assert.equal(joinName('Alex', 'Morgan', 'auto'), 'Alex Morgan');
    assert.equal(joinName('Alex', 'Morgan', 'family-first'), 'Morgan Alex');
    assert.equal(joinName('', 'Madonna', 'auto'), 'Madonna');
  });

  test('aliases map export codes to catalog entries', () => {
    assert.deepEqual(
      plan([row('C1', 'nt-900-kor', '2025-01-10 10:00')]).awards.map((a) => a.badge),
      ['nt-900', 'cloud-fundamentals'],
    );
  });
});

describe('reading exports', () => {
  const header = 'Candidate ID;Last Name;First Name;Email;Exam Code;Result;Exam Date;Time Zone\n';
  test('UTF-8 with BOM, semicolons, quoted fields with delimiters, quotes and line breaks', () => {
    const text = `\ufeff${header}C1;"Morgan; Jr.";"Alex ""AJ""\nSecond";a@mail.example.com;NT-500;Pass;2025-01-10 10:00;+09:00\n`;
    const data = readCsv('x.csv', new TextEncoder().encode(text), mapping);
    assert.match(data.format, /utf-8, delimiter ";"/);
    assert.equal(data.rows[0]!.cells['Last Name'], 'Morgan; Jr.');
    assert.equal(data.rows[0]!.cells['First Name'], 'Alex "AJ"\nSecond');
  });

  test('EUC-KR and tab-separated are detected', () => {
    const text = `${header.replaceAll(';', '\t')}C1\t황보\t은비\ta@mail.example.com\tNT-500\t합격\t2025-01-10 10:00\tAsia/Seoul\n`;
    const data = readCsv('x.tsv', iconv.encode(text, 'euc-kr'), mapping);
    assert.match(data.format, /cp949, delimiter "tab"/);
    assert.equal(data.rows[0]!.cells['Last Name'], '황보');
  });

  test('xlsx date cells are read as wall-clock time in the row’s zone; hyperlink and number cells as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Results');
    sheet.addRow([...generated.headers]);
    // a spreadsheet stores the wall-clock time; ExcelJS hands it over as that time in UTC
    sheet.addRow([
      100234,
      '김',
      '민지',
      { text: 'minji@mail.example.com', hyperlink: 'mailto:minji@mail.example.com' },
      'NT-500',
      'Pass',
      new Date(Date.UTC(2025, 2, 14, 10, 20)),
      'Asia/Seoul',
    ]);
    const file = path.join(dir, 'dates.xlsx');
    await workbook.xlsx.writeFile(file);
    const data = await readExport(file, mapping);
    const result = planFromRows(content, mapping, data.rows, { duplicates: 'skip', now });
    assert.deepEqual(
      result.awards.map((a) => [a.recipient.candidateId, a.recipient.email, a.issuedOn]),
      [['100234', 'minji@mail.example.com', '2025-03-14T10:20:00+09:00']],
    );
  });

  test('a header without a mapped column is refused, naming it', () => {
    assert.throws(
      () => readCsv('x.csv', new TextEncoder().encode('Candidate ID,Email\nC1,a@b.c\n'), mapping),
      /lacks mapped column\(s\) .*"Exam Code"/,
    );
  });

  test('the mapping is validated: unknown alias targets, name columns, time zones', () => {
    const bad = readFileSync(mappingFile, 'utf8')
      .replace('NT-900-KOR: NT-900', 'NT-900-KOR: NT-901')
      .replace('timeZone: Time Zone', 'timeZone: Time Zone\n  name: Name');
    assert.throws(
      () => parseMapping(bad, 'm.yaml', content.badgeClasses),
      (e: unknown) =>
        e instanceof MappingError &&
        e.issues.some((i) => i.field === 'exams.aliases.NT-900-KOR' && /NT-901/.test(i.message)),
    );
    const zone = readFileSync(mappingFile, 'utf8').replace(
      '  # No default zone',
      '  timeZone: Mars/Olympus\n  # No default zone',
    );
    assert.throws(
      () => parseMapping(zone, 'm.yaml', content.badgeClasses),
      (e: unknown) => e instanceof MappingError && e.issues.some((i) => i.field === 'date.timeZone'),
    );
  });
});

describe('replacing awards in existing files', () => {
  test('YAML keeps its comments; only the replaced record goes', () => {
    const source = '# batch\nawards:\n  # first\n  - id: a\n    badge: x\n  # second\n  - id: b\n    badge: y\n';
    const out = withoutAwards('f.yaml', source, new Set(['a']));
    assert.match(out, /# batch/);
    assert.match(out, /# second/);
    assert.doesNotMatch(out, /id: a/);
    assert.match(out, /id: b/);
  });
});

describe('content made before the import', () => {
  test('a withheld single-exam pass without its certification gets it when the person appears in an import', () => {
    // fixture award 8: an NT-900 pass (withheld as single-exam) and no cloud-fundamentals award
    const email = 'fixture.singleexam@mail.example.com';
    const result = plan([row('C9', 'NT-500', '2025-06-01 10:00', { email })]);
    const derived = result.derived.find((d) => d.award.badge === 'cloud-fundamentals');
    assert.ok(derived, 'the missing certification award is created');
    assert.equal(derived.award.issuedOn, '2025-03-14T10:10:00+09:00');
    assert.equal(derived.row, undefined);
  });
});
