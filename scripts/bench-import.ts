/**
 * npm run bench:import [-- --rows 100000] [--encoding cp949|utf-8] [--xlsx]
 *
 * Generates an exam-results export (scripts/lib/exam-export.ts) and imports it
 * with `npm run import -- --write` into a scratch copy of content/, as staff
 * would run it; prints rows per second and the import process's peak memory.
 * Target: 100,000 rows in under 20 s on this machine. A second run of the same
 * import (nothing new) is timed too.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'bench:import',
  usage: {
    en: `usage: npm run bench:import -- [--rows 100000] [--encoding cp949|utf-8] [--xlsx] [--lang ko|en]

Generates an exam-results export and imports it with npm run import -- --write into a scratch copy of
content/, twice (the second run finds nothing new); prints rows per second and peak memory.
  --rows N         rows in the export (default 100000)
  --encoding E     cp949 (default) or utf-8, for the CSV
  --xlsx           an xlsx export instead of CSV
Exit: 0 measured, 1 the import failed, 2 usage error.`,
    ko: `사용법: npm run bench:import -- [--rows 100000] [--encoding cp949|utf-8] [--xlsx] [--lang ko|en]

시험 결과 내보내기 파일을 만들어 content/의 임시 사본에 npm run import -- --write로 두 번 가져옵니다
(두 번째는 새것이 없음). 초당 행 수와 최대 메모리를 출력합니다.
  --rows N         내보내기 파일의 행 수 (기본값 100000)
  --encoding E     CSV 인코딩 cp949(기본값) 또는 utf-8
  --xlsx           CSV 대신 xlsx
종료 코드: 0 측정함, 1 가져오기 실패, 2 사용법 오류.`,
  },
  options: {
    rows: { type: 'string', default: '100000' },
    encoding: { type: 'string', default: 'cp949' },
    xlsx: { type: 'boolean', default: false },
  },
});
// What the work needs loads only now: --help and usage errors answer without it.
const { generateExamExport, writeExportCsv, writeExportXlsx } = await import('./lib/exam-export.ts');
const { values } = cli;
const rows = cli.integer('--rows', values.rows!, 1);
cli.oneOf('--encoding', values.encoding!, ['cp949', 'utf-8']);
const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'emblem-bench-import-'));
try {
  const content = path.join(work, 'content');
  cpSync(path.join(root, 'content'), content, { recursive: true });
  const file = path.join(work, values.xlsx ? 'export.xlsx' : 'export.csv');
  const generated = generateExamExport({ rows, seed: 42 });
  if (values.xlsx) await writeExportXlsx(file, generated);
  else writeExportCsv(file, generated, values.encoding === 'utf-8' ? 'utf-8' : 'cp949');
  console.log(
    `export: ${rows.toLocaleString('en-US')} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB (${values.xlsx ? 'xlsx' : values.encoding})`,
  );

  const run = (label: string) => {
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        path.join(root, 'scripts/lib/peak-memory.ts'),
        path.join(root, 'scripts/import.ts'),
        file,
        '--map',
        path.join(root, 'content/import/certiport.mapping.yaml'),
        '--content',
        content,
        '--write',
        '--quiet',
      ],
      { cwd: work, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`import failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    const peak = Number(/peak-rss-kb (\d+)/.exec(result.stderr)?.[1] ?? 0) / 1024;
    const summary = result.stdout.split('\n').find((l) => / rows: /.test(l)) ?? '';
    const cpu = Number(/cpu-us (\d+)/.exec(result.stderr)?.[1] ?? 0) / 1e6;
    // CPU time too: on a shared machine the wall time depends on what else runs.
    console.log(
      `${label}: ${seconds.toFixed(2)} s wall (${cpu.toFixed(2)} s CPU), ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s, peak memory ${peak.toFixed(0)} MB`,
    );
    console.log(`  ${summary}`);
  };
  run('import --write');
  const batch = readdirSync(path.join(content, 'awards')).find(
    (f) => f.startsWith('import-') && /\.(yaml|json)$/.test(f),
  )!;
  console.log(`  batch file: ${batch}, ${(statSync(path.join(content, 'awards', batch)).size / 1e6).toFixed(1)} MB`);
  run('second run (nothing new)');
} finally {
  rmSync(work, { recursive: true, force: true });
}
