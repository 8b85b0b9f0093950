/**
 * `npm run import` (scripts/import.ts) end to end on a copy of the fixture
 * content: dry run, --write, a second run that changes nothing, --strict, the
 * report CSV, usage errors; then the imported awards go through the real build.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { generateExamExport, writeExportCsv } from '../../scripts/lib/exam-export.ts';
import { loadContent } from '../../src/lib/content/content-files.ts';
import { FIXTURE_NOW, fixtureContent, projectRoot, runBuild } from '../helpers/site-build.ts';

const mapping = path.join(projectRoot, 'content/import/certiport.mapping.yaml');
let scratch: string;
let contentDir: string;

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/import.ts', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, EMBLEM_NOW: FIXTURE_NOW, LANG: 'C' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const awardFiles = () => readdirSync(path.join(contentDir, 'awards')).sort();
const snapshot = () => awardFiles().map((f) => [f, readFileSync(path.join(contentDir, 'awards', f), 'utf8')]);

before(() => {
  mkdirSync(path.join(projectRoot, '.tmp'), { recursive: true });
  scratch = mkdtempSync(path.join(projectRoot, '.tmp/import-cli-'));
  contentDir = path.join(scratch, 'content');
  cpSync(fixtureContent, contentDir, { recursive: true });
  // Published on issue, so that the build below shows the imported awards.
  const issuer = path.join(contentDir, 'issuer.yaml');
  writeFileSync(issuer, readFileSync(issuer, 'utf8').replace('policy: pending', 'policy: accepted'));
  writeExportCsv(path.join(scratch, 'small.csv'), generateExamExport({ rows: 12, seed: 11 }), 'cp949');
  writeExportCsv(
    path.join(scratch, 'broken.csv'),
    generateExamExport({ rows: 40, broken: true, seed: 5, firstPerson: 5000 }),
    'cp949',
  );
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run import', () => {
  test('--help exits 0; a missing export or mapping is a usage error (2)', () => {
    assert.equal(cli('--help').status, 0);
    assert.match(cli('--help').stdout, /--duplicates/);
    assert.equal(cli('--map', mapping).status, 2);
    assert.equal(cli(path.join(scratch, 'small.csv')).status, 2);
    assert.equal(cli(path.join(scratch, 'small.csv'), '--map', mapping, '--duplicates', 'merge').status, 2);
  });

  test('a dry run writes no content, only the report next to the export', () => {
    const before = snapshot();
    const run = cli(path.join(scratch, 'small.csv'), '--map', mapping, '--content', contentDir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /12 rows: 12 imported, 0 skipped, 0 with errors/);
    assert.match(run.stdout, /Dry run/);
    assert.deepEqual(snapshot(), before);
    assert.ok(existsSync(path.join(scratch, 'small.import-report.csv')));
  });

  test('--write writes one new batch file and its report; a second run changes nothing', () => {
    const first = cli(path.join(scratch, 'small.csv'), '--map', mapping, '--content', contentDir, '--write');
    assert.equal(first.status, 0, first.stderr);
    const batch = awardFiles().find((f) => f.startsWith('import-') && f.endsWith('.yaml'))!;
    assert.ok(batch, 'a batch file was written');
    assert.ok(awardFiles().includes(`_${batch.replace(/\.yaml$/, '.report.csv')}`));
    const written = parseYaml(readFileSync(path.join(contentDir, 'awards', batch), 'utf8')) as {
      awards: { badge: string; claim: string }[];
    };
    assert.ok(written.awards.length > 12, 'passes plus derived certification awards');
    assert.ok(written.awards.every((a) => a.claim === 'accepted'));
    assert.doesNotThrow(() => loadContent(contentDir));

    const before = snapshot();
    const second = cli(path.join(scratch, 'small.csv'), '--map', mapping, '--content', contentDir, '--write');
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /0 imported, 12 skipped/);
    assert.match(second.stdout, /No new awards/);
    assert.deepEqual(snapshot(), before);
  });

  test('broken rows: reported with column and problem; --strict exits 1; Korean messages with --lang ko', () => {
    const report = path.join(scratch, 'broken-report.csv');
    const run = cli(path.join(scratch, 'broken.csv'), '--map', mapping, '--content', contentDir, '--report', report);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /40 rows: 20 imported, 5 skipped, 15 with errors/);
    const lines = parseCsv(readFileSync(report), { columns: true, bom: true }) as Record<string, string>[];
    const errors = lines.filter((l) => l.status === 'error');
    assert.equal(errors.length, 15);
    assert.ok(errors.every((l) => l.row && l.problem && l.expected && l.column !== undefined));
    assert.ok(errors.some((l) => l.column === 'Exam Date' && l.problem === 'has no time zone'));
    const strict = cli(
      path.join(scratch, 'broken.csv'),
      '--map',
      mapping,
      '--content',
      contentDir,
      '--strict',
      '--report',
      report,
    );
    assert.equal(strict.status, 1);
    const ko = cli(
      path.join(scratch, 'broken.csv'),
      '--map',
      mapping,
      '--content',
      contentDir,
      '--lang',
      'ko',
      '--report',
      report,
    );
    assert.match(ko.stdout, /행 40개: 가져옴 20/);
  });

  test('a broken mapping fails (1) naming the file and field', () => {
    const bad = path.join(scratch, 'bad.mapping.yaml');
    writeFileSync(bad, readFileSync(mapping, 'utf8').replace(/idNamespace: .*/, 'idNamespace: not-a-uuid'));
    const run = cli(path.join(scratch, 'small.csv'), '--map', bad, '--content', contentDir);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /bad\.mapping\.yaml › idNamespace: must be a UUID/);
  });

  test('erased stays erased: after npm run erase, importing the same export again recreates nothing (skipped as erased)', () => {
    const own = path.join(scratch, 'erase-content');
    cpSync(contentDir, own, { recursive: true });
    for (const f of readdirSync(path.join(own, 'awards')))
      if (f.startsWith('import-') || f.startsWith('_import-')) rmSync(path.join(own, 'awards', f));
    const env = { EMBLEM_CONTENT_DIR: own, EMBLEM_BUILD_CACHE: path.join(scratch, 'erase-cache') };
    const run = (script: string, ...args: string[]) => {
      const result = spawnSync(process.execPath, [script, ...args], {
        cwd: projectRoot,
        encoding: 'utf8',
        env: { ...process.env, EMBLEM_NOW: FIXTURE_NOW, LANG: 'C', ...env },
      });
      assert.equal(result.status, 0, `${script} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
      return result.stdout;
    };
    const exportFile = path.join(scratch, 'small.csv');
    run('scripts/import.ts', exportFile, '--map', mapping, '--content', own, '--write');
    run('scripts/ledger.ts', '--write');
    // Someone whose every award is published (in the ledger): an award erased before it was ever
    // published leaves no tombstone (erase.ts), so the ledger cannot tell the import about it.
    const inLedger = readFileSync(path.join(own, 'ledger.jsonl'), 'utf8');
    const content = loadContent(own);
    const imported = content.awards.filter((a) => path.basename(content.sources.get(a.id) ?? '').startsWith('import-'));
    const person = imported.find((a) =>
      content.awards.filter((b) => b.recipient.email === a.recipient.email).every((b) => inLedger.includes(b.id)),
    )!;
    const theirs = content.awards.filter((a) => a.recipient.email === person.recipient.email).map((a) => a.id);
    run('scripts/erase.ts', person.recipient.email, '--write');
    assert.ok(!loadContent(own).awards.some((a) => theirs.includes(a.id)), 'erase took the records out');
    const again = run('scripts/import.ts', exportFile, '--map', mapping, '--content', own, '--write');
    assert.match(again, /\n\s+\d+ erased/);
    assert.match(again, / 0 imported/);
    assert.match(again, /No new awards/);
    assert.ok(!loadContent(own).awards.some((a) => theirs.includes(a.id)), 'nothing of the erased person came back');
  });

  test('the imported awards build: the certification a single exam completes gets its page, the exam does not', () => {
    const content = loadContent(contentDir);
    const batchAwards = content.awards.filter((a) =>
      path.basename(content.sources.get(a.id) ?? '').startsWith('import-'),
    );
    const exam = batchAwards.find((a) => a.badge === 'nt-900');
    const certification = batchAwards.find(
      (a) => a.badge === 'cloud-fundamentals' && a.recipient.email === exam?.recipient.email,
    );
    assert.ok(exam && certification, 'the small export has an NT-900 pass');
    const build = runBuild({ contentDir, outDir: path.join(scratch, 'site') });
    assert.equal(build.status, 0, `${build.stdout}\n${build.stderr}`);
    assert.ok(existsSync(path.join(scratch, 'site', `badges/${certification.id}/index.html`)));
    assert.ok(!existsSync(path.join(scratch, 'site', `badges/${exam.id}/index.html`)));
    assert.ok(
      !readFileSync(path.join(scratch, 'site', `badges/${certification.id}/index.html`), 'utf8').includes(
        exam.recipient.email,
      ),
    );
  });
});
