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
import { parseArgs } from 'node:util';
import { generateExamExport, writeExportCsv, writeExportXlsx } from './lib/exam-export.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, encoding: { type: 'string', default: 'cp949' }, xlsx: { type: 'boolean', default: false } },
});
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive whole number');
const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'emblem-bench-import-'));
try {
  const content = path.join(work, 'content');
  cpSync(path.join(root, 'content'), content, { recursive: true });
  const file = path.join(work, values.xlsx ? 'export.xlsx' : 'export.csv');
  const generated = generateExamExport({ rows, seed: 42 });
  if (values.xlsx) await writeExportXlsx(file, generated);
  else writeExportCsv(file, generated, values.encoding === 'utf-8' ? 'utf-8' : 'cp949');
  console.log(`export: ${rows.toLocaleString('en-US')} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB (${values.xlsx ? 'xlsx' : values.encoding})`);

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
  const batch = readdirSync(path.join(content, 'awards')).find((f) => f.startsWith('import-') && /\.(yaml|json)$/.test(f))!;
  console.log(`  batch file: ${batch}, ${(statSync(path.join(content, 'awards', batch)).size / 1e6).toFixed(1)} MB`);
  run('second run (nothing new)');
} finally {
  rmSync(work, { recursive: true, force: true });
}
