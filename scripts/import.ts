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
import type { BatchFormat } from '../src/lib/import/batch-file.ts';
import type { ImportSummary } from '../src/lib/import/index.ts';
import type { RowError } from '../src/lib/import/map-row.ts';
import type { Encoding } from '../src/lib/import/read-export.ts';
import type { DuplicatePolicy } from '../src/lib/import/plan.ts';
import type { Locale } from '../src/lib/content/schema.ts';
import { CliError, CONTENT_OPTION, parseCli, runCli } from './lib/cli.ts';

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

const cli = parseCli({
  command: 'import',
  write: true,
  positionals: { min: 1, max: 1, name: { en: 'the export file (.csv or .xlsx)', ko: '내보낸 파일(.csv 또는 .xlsx)' } },
  usage: { en: USAGE, ko: USAGE_KO },
  options: {
    map: { type: 'string' },
    duplicates: { type: 'string', default: 'skip' },
    strict: { type: 'boolean', default: false },
    encoding: { type: 'string' },
    report: { type: 'string' },
    'batch-format': { type: 'string' },
    quiet: { type: 'boolean', default: false },
    ...CONTENT_OPTION,
  },
});
const { values, positionals } = cli;
const locale: Locale = cli.lang;
if (!values.map) cli.usageError({ en: '--map <mapping.yaml> is required', ko: '--map <mapping.yaml>이 필요합니다' });
const duplicates = cli.oneOf('--duplicates', values.duplicates!, ['skip', 'replace', 'error']) as DuplicatePolicy;
const batchFormat =
  values['batch-format'] === undefined
    ? undefined
    : (cli.oneOf('--batch-format', values['batch-format'], ['yaml', 'json']) as BatchFormat);
const encoding =
  values.encoding === undefined
    ? undefined
    : (cli.oneOf('--encoding', values.encoding, ['auto', 'utf-8', 'cp949', 'euc-kr', 'utf-16le']) as Encoding);

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

await runCli(async () => {
  const { ContentError, validateContent } = await import('../src/lib/content/content-model.ts');
  const { readRawContent } = await import('../src/lib/content/content-files.ts');
  const { buildMoment, contentDirSetting } = await import('../src/lib/build-settings.ts');
  const {
    batchFileName,
    batchFormatFor,
    removeReplaced,
    renderBatch,
    renderBatchJson,
    renderReport,
    writeNewFileAtomic,
  } = await import('../src/lib/import/batch-file.ts');
  const { contentAfterImport, planFromRows, summarize } = await import('../src/lib/import/index.ts');
  const { ERROR_KINDS, SKIP_REASONS } = await import('../src/lib/import/map-row.ts');
  const { readLedger } = await import('../src/lib/lifecycle/ledger-files.ts');
  const { MappingError, parseMapping } = await import('../src/lib/import/mapping.ts');
  const { ExportError, readExport } = await import('../src/lib/import/read-export.ts');
  const { progressReporter } = await import('./lib/progress.ts');
  const exportFile = path.resolve(positionals[0]!);
  const contentDir = values.content ? path.resolve(values.content) : contentDirSetting();
  const now = buildMoment();

  try {
    const raw = readRawContent(contentDir);
    const content = validateContent(raw);
    const mapping = parseMapping(readFileSync(path.resolve(values.map!), 'utf8'), values.map!, content.badgeClasses);
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
      return 1;
    }
    const erased = new Set(ledger.ledger.entries.filter((e) => e.state === 'erased').map((e) => e.id));
    const data = await readExport(exportFile, mapping, encoding);
    const exportLabel = path.relative(process.cwd(), exportFile);
    if (!values.quiet) console.log(M.read(exportLabel, data.rows.length, data.format));

    const progress = progressReporter(M.checking, values.quiet);
    const plan = planFromRows(content, mapping, data.rows, {
      duplicates,
      now,
      erased,
      onProgress: progress.update,
    });
    progress.end();

    const awardsDir = path.join(contentDir, 'awards');
    const format = batchFormatFor(plan.awards.length, batchFormat);
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

    const write = cli.write && plan.awards.length > 0;
    const reportFile = values.report
      ? path.resolve(values.report)
      : write
        ? // "_" keeps it next to the batch without the content loader reading it as awards
          path.join(path.dirname(batchFile), `_${path.basename(batchFile).replace(/\.(yaml|json)$/, '.report.csv')}`)
        : path.join(
            path.dirname(exportFile),
            `${path.basename(exportFile, path.extname(exportFile))}.import-report.csv`,
          );
    writeFileSync(reportFile, renderReport(plan, locale));
    console.log(M.report(path.relative(process.cwd(), reportFile)));

    if (!cli.write) console.log(M.dryRun);
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
      return 1;
    }
  } catch (error) {
    if (error instanceof ContentError || error instanceof MappingError || error instanceof ExportError) {
      throw new CliError(error instanceof ExportError && locale === 'ko' && error.ko ? error.ko : error.message);
    }
    throw error;
  }
});
