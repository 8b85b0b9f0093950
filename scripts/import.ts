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
import { ContentError } from '../src/lib/content/content-model.ts';
import { readRawContent } from '../src/lib/content/content-files.ts';
import { validateContent } from '../src/lib/content/content-model.ts';
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
import { contentAfterImport, planFromRows, summarize, type ImportSummary } from '../src/lib/import/index.ts';
import { ERROR_KINDS, SKIP_REASONS, type RowError } from '../src/lib/import/map-row.ts';
import { readLedger } from '../src/lib/lifecycle/ledger-files.ts';
import { MappingError, parseMapping } from '../src/lib/import/mapping.ts';
import { ExportError, readExport, type Encoding } from '../src/lib/import/read-export.ts';
import type { DuplicatePolicy } from '../src/lib/import/plan.ts';
import type { Locale } from '../src/lib/content/schema.ts';
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
  --lang ko|en            language of the messages and the report (default from LANG)
  EMBLEM_NOW              the current moment (ISO 8601), for reproducible runs

  Every row is checked as the build checks content; a bad row is an error in the report, never a
  stopped import. Rows of awards erased on request (content/ledger.jsonl) and passes of excluded
  exams (program-rules.yaml) are skipped. Exit: 0 done, 1 failure (or --strict with errors), 2 usage.`;

const USAGE_KO = `사용법: npm run import -- <export.csv|export.xlsx> --map <mapping.yaml> [--write]
         [--duplicates skip|replace|error] [--strict] [--encoding auto|utf-8|cp949|euc-kr]
         [--report FILE] [--batch-format yaml|json] [--content DIR] [--lang ko|en] [--quiet]

  기본은 시험 실행입니다: 내보낸 파일을 읽고 모든 행을 확인한 뒤 가져올 내용을 보여 줍니다.
  --write                 새 수여를 <content>/awards/의 새 묶음 파일에 씁니다
  --duplicates skip       같은 사람(이메일 또는 응시자 ID)이 같은 배지를 이미 받았으면 그 행을 건너뜁니다 (기본값)
  --duplicates replace    그 행의 수여가 앞의 수여를 대체합니다 (앞의 것은 파일에서 뺍니다)
  --duplicates error      그런 행을 오류로 봅니다
  --strict                오류가 있는 행이 하나라도 있으면 1로 끝냅니다
  --encoding              CSV 인코딩 (기본값: 매핑의 file.encoding, 없으면 자동 감지)
  --report FILE           행별 보고서 CSV를 쓸 곳
  --batch-format          yaml 또는 json (기본값: 수여 2,000개까지 yaml, 넘으면 json)
  --content DIR           콘텐츠 폴더 (기본값: EMBLEM_CONTENT_DIR 또는 ./content)
  --lang ko|en            메시지와 보고서의 언어 (기본값: LANG)
  EMBLEM_NOW              현재 시각 (ISO 8601), 재현 가능한 실행용

  모든 행을 빌드와 같은 기준으로 확인합니다. 잘못된 행은 보고서의 오류가 될 뿐 가져오기를 멈추지 않습니다.
  요청으로 파기된 수여(content/ledger.jsonl)와 제외 목록의 시험(program-rules.yaml) 합격은 건너뜁니다.
  종료 코드: 0 완료, 1 실패 (또는 --strict에서 오류 행), 2 사용법 오류.`;

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

const isKo = (lang: string | undefined) => (lang ?? process.env.LC_ALL ?? process.env.LANG ?? '').startsWith('ko');
const usageText = (lang: string | undefined) => (isKo(lang) ? USAGE_KO : USAGE);

/** A usage mistake: one sentence (Korean when asked for), the usage text, exit 2. */
function usage(message: string, ko = message): never {
  const lang = parsed?.values.lang;
  console.error(`${isKo(lang) ? ko : message}\n\n${usageText(lang)}`);
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
  console.log(usageText(values.lang));
  process.exit(0);
}
const locale: Locale = (values.lang ?? process.env.LC_ALL ?? process.env.LANG ?? '').startsWith('ko') ? 'ko' : 'en';
if (values.lang && !['ko', 'en'].includes(values.lang)) usage('--lang must be ko or en.', '--lang은 ko 또는 en이어야 합니다.');
if (positionals.length !== 1) usage('Give exactly one export file.', '내보낸 파일을 정확히 하나 지정하세요.');
if (!values.map) usage('--map <mapping.yaml> is required.', '--map <mapping.yaml>이 필요합니다.');
if (!['skip', 'replace', 'error'].includes(values.duplicates))
  usage('--duplicates must be skip, replace or error.', '--duplicates는 skip, replace, error 중 하나여야 합니다.');
if (values['batch-format'] && !['yaml', 'json'].includes(values['batch-format']))
  usage('--batch-format must be yaml or json.', '--batch-format은 yaml 또는 json이어야 합니다.');
if (values.encoding && !['auto', 'utf-8', 'cp949', 'euc-kr', 'utf-16le'].includes(values.encoding))
  usage('--encoding must be auto, utf-8, cp949, euc-kr or utf-16le.', '--encoding은 auto, utf-8, cp949, euc-kr, utf-16le 중 하나여야 합니다.');

const M = {
  ko: {
    reading: '읽는 중',
    checking: '행 확인 중',
    read: (file: string, rows: number, format: string) => `${file}: ${rows}행 (${format})`,
    summary: (s: ImportSummary) =>
      `행 ${s.rows}개: 가져옴 ${s.imported}, 건너뜀 ${[...s.skipped.values()].reduce((a, b) => a + b, 0)}, 오류 ${s.errors}. 파생 인증 수여 ${s.derived}개.`,
    skippedHead: '건너뛴 행 (이유별):',
    errorsHead: '오류가 있는 행 (종류별):',
    firstHead: (n: number) => `종류별 처음 ${n}개 행:`,
    count: (n: number, label: string) => `  ${String(n).padStart(6)} ${label}`,
    newAwards: '새 수여 (배지별):',
    error: (file: string, e: RowError) =>
      `    ${file} › ${e.row}행 › ${e.column || '(행 전체)'}: ${e.problem.ko}${e.value ? ` (값 "${e.value}")` : ''}; 기대: ${e.expected.ko}`,
    report: (file: string) => `행별 보고서: ${file}`,
    dryRun: '시험 실행입니다. 아무것도 쓰지 않았습니다. 쓰려면 --write를 붙이세요.',
    nothingNew: '새 수여가 없어 파일을 쓰지 않았습니다.',
    wrote: (file: string, n: number) => `${n}개의 수여를 ${file}에 썼습니다.`,
    replacedIn: (files: string[]) => `대체된 수여를 뺀 파일: ${files.join(', ')}`,
    strict: '--strict: 오류가 있는 행이 있어 실패로 끝냅니다.',
    claim: (policy: string) => `새 수여의 상태: claim ${policy} (issuer.yaml의 claims.policy)`,
    ledger: (file: string, problems: string) =>
      `${file}을(를) 읽을 수 없어 가져오지 않았습니다 (파기된 수여를 다시 만들지 않으려면 원장이 필요합니다): ${problems}`,
  },
  en: {
    reading: 'Reading',
    checking: 'Checking rows',
    read: (file: string, rows: number, format: string) => `${file}: ${rows} rows (${format})`,
    summary: (s: ImportSummary) =>
      `${s.rows} rows: ${s.imported} imported, ${[...s.skipped.values()].reduce((a, b) => a + b, 0)} skipped, ${s.errors} with errors. ${s.derived} derived certification award(s).`,
    skippedHead: 'Skipped rows, by reason:',
    errorsHead: 'Rows with errors, by kind:',
    firstHead: (n: number) => `The first ${n} rows of each kind:`,
    count: (n: number, label: string) => `  ${String(n).padStart(6)} ${label}`,
    newAwards: 'New awards by badge:',
    error: (file: string, e: RowError) =>
      `    ${file} › row ${e.row} › ${e.column || '(whole row)'}: ${e.problem.en}${e.value ? ` (value "${e.value}")` : ''}; expected ${e.expected.en}`,
    report: (file: string) => `Per-row report: ${file}`,
    dryRun: 'Dry run: nothing was written. Add --write to write the batch file.',
    nothingNew: 'No new awards: no file written.',
    wrote: (file: string, n: number) => `Wrote ${n} award(s) to ${file}.`,
    replacedIn: (files: string[]) => `Took the replaced awards out of: ${files.join(', ')}`,
    strict: '--strict: some rows have errors, so this run fails.',
    claim: (policy: string) => `New awards enter as claim: ${policy} (claims.policy in issuer.yaml)`,
    ledger: (file: string, problems: string) =>
      `${file} cannot be read, so nothing was imported (the import needs the ledger to never recreate an erased award): ${problems}`,
  },
}[locale];

const exportFile = path.resolve(positionals[0]!);
const contentDir = values.content ? path.resolve(values.content) : contentDirSetting();
const now = buildMoment();

try {
  const raw = readRawContent(contentDir);
  const content = validateContent(raw);
  const mapping = parseMapping(readFileSync(path.resolve(values.map), 'utf8'), values.map, content.badgeClasses);
  // Awards erased at their earner's request are never created again: the ledger keeps their ids.
  const ledger = readLedger(contentDir);
  if (ledger.problems.length) {
    console.error(
      M.ledger(
        path.relative(process.cwd(), ledger.file),
        ledger.problems
          .slice(0, 3)
          .map((p) => `${p.line ? `line ${p.line}: ` : ''}${p.message}`)
          .join('; '),
      ),
    );
    process.exit(1);
  }
  const erased = new Set(ledger.ledger.entries.filter((e) => e.state === 'erased').map((e) => e.id));
  const data = await readExport(exportFile, mapping, values.encoding as Encoding | undefined);
  const exportLabel = path.relative(process.cwd(), exportFile);
  if (!values.quiet) console.log(M.read(exportLabel, data.rows.length, data.format));

  const progress = progressReporter(M.checking, values.quiet);
  const plan = planFromRows(content, mapping, data.rows, {
    duplicates: values.duplicates as DuplicatePolicy,
    now,
    erased,
    onProgress: progress.update,
  });
  progress.end();

  const awardsDir = path.join(contentDir, 'awards');
  const format = batchFormatFor(plan.awards.length, values['batch-format'] as BatchFormat | undefined);
  const batchFile = batchFileName(awardsDir, exportFile, now, format);
  // Refuse to write anything the build would not load.
  contentAfterImport(raw, plan, path.relative(process.cwd(), batchFile));

  // The summary: counts per outcome, skips by reason and errors by kind (most frequent first),
  // then the first rows of each kind of error.
  const FIRST_ROWS = 3;
  const summary = summarize(plan, FIRST_ROWS);
  console.log(M.summary(summary));
  if (summary.skipped.size) {
    console.log(M.skippedHead);
    for (const [reason, n] of summary.skipped) console.log(M.count(n, SKIP_REASONS[reason][locale]));
  }
  if (summary.errors) {
    console.log(M.errorsHead);
    for (const [kind, n] of summary.errorsByKind) console.log(M.count(n, ERROR_KINDS[kind][locale]));
    console.log(M.firstHead(FIRST_ROWS));
    for (const [kind, rows] of summary.firstErrors) {
      console.log(`  ${ERROR_KINDS[kind][locale]}:`);
      for (const e of rows) console.log(M.error(exportLabel, e));
    }
  }
  if (plan.awards.length) {
    console.log(M.newAwards);
    for (const [badge, n] of [...summary.byBadge].sort()) console.log(`  ${badge}: ${n}`);
    console.log(M.claim(content.issuer.claims.policy));
  }
  const errors = plan.outcomes.filter((o) => o.status === 'error');

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
    const added = plan.awards.map((award) => ({ ...award, addedOn: now.toISOString() })); // pending age counts from here (src/lib/support/pending-age.ts)
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
    console.error(error instanceof ExportError && locale === 'ko' && error.ko ? error.ko : error.message);
    process.exit(1);
  }
  throw error;
}
