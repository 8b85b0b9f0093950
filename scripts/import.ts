/**
 * npm run import -- <export.csv|export.xlsx> --map <mapping.yaml> [--write]
 *   [--duplicates skip|replace|error] [--strict] [--encoding auto|utf-8|cp949]
 *   [--report FILE] [--content DIR] [--lang ko|en] [--quiet]
 *
 * Turns an exam system's export into awards. A dry run unless --write: then it
 * writes a new batch file under <content>/awards/ (never over an existing
 * file). Every row ends imported, skipped (why) or error (column, problem,
 * expected), in a report CSV (next to the batch file, or to the export on a
 * dry run). Exit code: 0 done, 1 failure (or any row error with --strict),
 * 2 usage error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ContentError } from '../src/lib/content-model.ts';
import { readRawContent } from '../src/lib/content-files.ts';
import { validateContent } from '../src/lib/content-model.ts';
import { buildMoment, contentDirSetting } from '../src/lib/build-settings.ts';
import {
  batchFileName,
  batchFormatFor,
  removeReplaced,
  renderBatch,
  renderBatchJson,
  renderReport,
  writeNewFileAtomic,
  type BatchFormat,
} from '../src/lib/import/batch-file.ts';
import { contentAfterImport, planFromRows, summarize } from '../src/lib/import/index.ts';
import { MappingError, parseMapping } from '../src/lib/import/mapping.ts';
import { ExportError, readExport, type Encoding } from '../src/lib/import/read-export.ts';
import type { DuplicatePolicy } from '../src/lib/import/plan.ts';
import type { Locale } from '../src/lib/schema.ts';
import { progressReporter } from './lib/progress.ts';

const USAGE = `usage: npm run import -- <export.csv|export.xlsx> --map <mapping.yaml> [--write]
         [--duplicates skip|replace|error] [--strict] [--encoding auto|utf-8|cp949|euc-kr]
         [--report FILE] [--batch-format yaml|json] [--content DIR] [--lang ko|en] [--quiet]

  Dry run by default: reads the export, checks every row and prints what would be imported.
  --write                 write the new awards to a new batch file in <content>/awards/
  --duplicates skip       same person (email or candidate id) and badge already awarded: skip the row (default)
  --duplicates replace    the row's award replaces the earlier one (taken out of its file)
  --duplicates error      such a row is an error
  --strict                exit 1 when any row is an error
  --encoding              CSV text encoding (default: the mapping's file.encoding, else auto-detect)
  --report FILE           where the per-row report CSV goes
  --batch-format          yaml or json (default: yaml up to 2,000 awards, json above: much faster to load)
  --content DIR           content folder (default: EMBLEM_CONTENT_DIR or ./content)
  EMBLEM_NOW              the current moment (ISO 8601), for reproducible runs`;

const OPTIONS = {
  map: { type: 'string' },
  write: { type: 'boolean', default: false },
  duplicates: { type: 'string', default: 'skip' },
  strict: { type: 'boolean', default: false },
  encoding: { type: 'string' },
  report: { type: 'string' },
  'batch-format': { type: 'string' },
  content: { type: 'string' },
  lang: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

function usage(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof OPTIONS }>>;
try {
  parsed = parseArgs({ allowPositionals: true, options: OPTIONS });
} catch (error) {
  usage((error as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const locale: Locale = (values.lang ?? process.env.LC_ALL ?? process.env.LANG ?? '').startsWith('ko') ? 'ko' : 'en';
if (values.lang && !['ko', 'en'].includes(values.lang)) usage('--lang must be ko or en');
if (positionals.length !== 1) usage('Give exactly one export file.');
if (!values.map) usage('--map <mapping.yaml> is required.');
if (!['skip', 'replace', 'error'].includes(values.duplicates)) usage('--duplicates must be skip, replace or error');
if (values['batch-format'] && !['yaml', 'json'].includes(values['batch-format'])) usage('--batch-format must be yaml or json');
if (values.encoding && !['auto', 'utf-8', 'cp949', 'euc-kr', 'utf-16le'].includes(values.encoding))
  usage('--encoding must be auto, utf-8, cp949, euc-kr or utf-16le');

const M = {
  ko: {
    reading: '읽는 중',
    checking: '행 확인 중',
    read: (file: string, rows: number, format: string) => `${file}: ${rows}행 (${format})`,
    summary: (s: ReturnType<typeof summarize>) =>
      `행 ${s.rows}개: 가져옴 ${s.imported}, 건너뜀 ${[...s.skipped.values()].reduce((a, b) => a + b, 0)}, 오류 ${s.errors}. 파생 인증 수여 ${s.derived}개.`,
    skippedBy: (reason: string, n: number) =>
      `  건너뜀 ${n}개: ${({ 'not-passed': '불합격', duplicate: '중복', 'already-imported': '이미 가져옴', replaced: '대체됨' } as Record<string, string>)[reason] ?? reason}`,
    newAwards: '새 수여 (배지별):',
    errorsHead: '오류가 있는 행 (처음 10개):',
    error: (row: number, column: string, problem: string, expected: string) => `  ${row}행 › ${column || '(행)'}: ${problem} (기대: ${expected})`,
    report: (file: string) => `행별 보고서: ${file}`,
    dryRun: '시험 실행입니다. 아무것도 쓰지 않았습니다. 쓰려면 --write를 붙이세요.',
    nothingNew: '새 수여가 없어 파일을 쓰지 않았습니다.',
    wrote: (file: string, n: number) => `${n}개의 수여를 ${file}에 썼습니다.`,
    replacedIn: (files: string[]) => `대체된 수여를 뺀 파일: ${files.join(', ')}`,
    strict: '--strict: 오류가 있는 행이 있어 실패로 끝냅니다.',
    claim: (policy: string) => `새 수여의 상태: claim ${policy} (issuer.yaml의 claims.policy)`,
  },
  en: {
    reading: 'Reading',
    checking: 'Checking rows',
    read: (file: string, rows: number, format: string) => `${file}: ${rows} rows (${format})`,
    summary: (s: ReturnType<typeof summarize>) =>
      `${s.rows} rows: ${s.imported} imported, ${[...s.skipped.values()].reduce((a, b) => a + b, 0)} skipped, ${s.errors} with errors. ${s.derived} derived certification award(s).`,
    skippedBy: (reason: string, n: number) =>
      `  ${n} skipped: ${({ 'not-passed': 'not a pass', duplicate: 'duplicate', 'already-imported': 'already imported', replaced: 'replaced by a later row' } as Record<string, string>)[reason] ?? reason}`,
    newAwards: 'New awards by badge:',
    errorsHead: 'Rows with errors (first 10):',
    error: (row: number, column: string, problem: string, expected: string) => `  row ${row} › ${column || '(row)'}: ${problem} (expected ${expected})`,
    report: (file: string) => `Per-row report: ${file}`,
    dryRun: 'Dry run: nothing was written. Add --write to write the batch file.',
    nothingNew: 'No new awards: no file written.',
    wrote: (file: string, n: number) => `Wrote ${n} award(s) to ${file}.`,
    replacedIn: (files: string[]) => `Took the replaced awards out of: ${files.join(', ')}`,
    strict: '--strict: some rows have errors, so this run fails.',
    claim: (policy: string) => `New awards enter as claim: ${policy} (claims.policy in issuer.yaml)`,
  },
}[locale];

const exportFile = path.resolve(positionals[0]!);
const contentDir = values.content ? path.resolve(values.content) : contentDirSetting();
const now = buildMoment();

try {
  const raw = readRawContent(contentDir);
  const content = validateContent(raw);
  const mapping = parseMapping(readFileSync(path.resolve(values.map), 'utf8'), values.map, content.badgeClasses);
  const data = await readExport(exportFile, mapping, values.encoding as Encoding | undefined);
  if (!values.quiet) console.log(M.read(path.relative(process.cwd(), exportFile), data.rows.length, data.format));

  const progress = progressReporter(M.checking, values.quiet);
  const plan = planFromRows(content, mapping, data.rows, { duplicates: values.duplicates as DuplicatePolicy, now, onProgress: progress.update });
  progress.end();

  const awardsDir = path.join(contentDir, 'awards');
  const format = batchFormatFor(plan.awards.length, values['batch-format'] as BatchFormat | undefined);
  const batchFile = batchFileName(awardsDir, exportFile, now, format);
  // Refuse to write anything the build would not load.
  contentAfterImport(raw, plan, path.relative(process.cwd(), batchFile));

  const summary = summarize(plan);
  console.log(M.summary(summary));
  for (const [reason, n] of summary.skipped) console.log(M.skippedBy(reason, n));
  if (plan.awards.length) {
    console.log(M.newAwards);
    for (const [badge, n] of [...summary.byBadge].sort()) console.log(`  ${badge}: ${n}`);
    console.log(M.claim(content.issuer.claims.policy));
  }
  const errors = plan.outcomes.filter((o) => o.status === 'error');
  if (errors.length) {
    console.log(M.errorsHead);
    for (const e of errors.slice(0, 10)) console.log(M.error(e.row, e.column, e.problem[locale]!, e.expected[locale]!));
  }

  const write = values.write && plan.awards.length > 0;
  const reportFile = values.report
    ? path.resolve(values.report)
    : write
      ? // "_" keeps it next to the batch without the content loader reading it as awards
        path.join(path.dirname(batchFile), `_${path.basename(batchFile).replace(/\.(yaml|json)$/, '.report.csv')}`)
      : path.join(path.dirname(exportFile), `${path.basename(exportFile, path.extname(exportFile))}.import-report.csv`);
  writeFileSync(reportFile, renderReport(plan, locale));
  console.log(M.report(path.relative(process.cwd(), reportFile)));

  if (!values.write) console.log(M.dryRun);
  else if (!write) console.log(M.nothingNew);
  else {
    const header = `Imported by \`npm run import\` from ${path.basename(exportFile)} on ${now.toISOString()}.\nPer-row report: ${path.basename(reportFile)}`;
    const added = plan.awards.map((award) => ({ ...award, addedOn: now.toISOString() })); // pending age counts from here (src/lib/pending-age.ts)
    writeNewFileAtomic(batchFile, format === 'json' ? renderBatchJson(added, header) : renderBatch(added, header));
    console.log(M.wrote(path.relative(process.cwd(), batchFile), plan.awards.length));
    if (plan.replaced.length) console.log(M.replacedIn(removeReplaced(process.cwd(), plan.replaced)));
  }
  if (values.strict && errors.length) {
    console.error(M.strict);
    process.exit(1);
  }
} catch (error) {
  if (error instanceof ContentError || error instanceof MappingError || error instanceof ExportError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
