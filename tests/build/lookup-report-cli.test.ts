/**
 * `npm run lookup` and `npm run report` as staff run them, on the fixture content.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { FIXTURE_NOW, fixtureContent, projectRoot } from '../helpers/site-build.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'emblem-report-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function cli(script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [`scripts/${script}.ts`, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: {
      ...process.env,
      EMBLEM_NOW: FIXTURE_NOW,
      EMBLEM_CONTENT_DIR: fixtureContent,
      EMBLEM_SITE_URL: 'https://badges.example.org/',
      LANG: 'C',
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run lookup', () => {
  test('usage: --help 0, no query 2', () => {
    assert.equal(cli('lookup', '--help').status, 0);
    assert.equal(cli('lookup').status, 2);
    assert.equal(cli('lookup', 'a@b.c', '--lang', 'fr').status, 2);
  });

  test('a person with a published award: its URL; exit 0', () => {
    const run = cli('lookup', 'fixture.valid@mail.example.com');
    assert.equal(run.status, 0);
    assert.match(
      run.stdout,
      /published: https:\/\/badges\.example\.org\/badges\/00000000-0000-4000-8000-000000000001\//,
    );
  });

  test('withheld: the exact rule, in Korean with --lang ko; JSON with --json', () => {
    const ko = cli('lookup', 'fixture.excluded@mail.example.com', '--lang', 'ko');
    assert.match(ko.stdout, /제외 목록 1번 항목 \(code 74-343\)/);
    const json = JSON.parse(cli('lookup', '00000000-0000-4000-8000-000000000008', '--json').stdout) as {
      withheld?: { reason: string };
    }[];
    assert.equal(json[0]!.withheld?.reason, 'single-exam-certification');
  });

  test('nobody found: exit 1', () => {
    const run = cli('lookup', 'nobody@mail.example.com');
    assert.equal(run.status, 1);
    assert.match(run.stdout, /No awards found/);
  });
});

describe('npm run report', () => {
  test('usage: --help 0, a bad format 2', () => {
    assert.equal(cli('report', '--help').status, 0);
    assert.equal(cli('report', '--format', 'xml').status, 2);
  });

  test('table, csv and json agree; the withheld list has every withheld award with its rule', () => {
    const table = cli('report');
    assert.equal(table.status, 0);
    assert.match(table.stdout, /^total\s+13\s+8\s+1\s+0\s+1\s+0\s+1\s+1\s+1\s+1\s+1\s+1\s*$/m);
    const csv = parseCsv(cli('report', '--format', 'csv').stdout, { columns: true }) as Record<string, string>[];
    assert.equal(
      csv.reduce((s, r) => s + Number(r.issued), 0),
      13,
    );
    const json = JSON.parse(cli('report', '--format', 'json').stdout) as {
      totals: { published: number; withheld: Record<string, number> };
    };
    assert.equal(json.totals.published, 8);
    assert.deepEqual(json.totals.withheld, { excluded: 1, 'single-exam-certification': 1, 'retired-without-badge': 1 });
    const file = path.join(scratch, 'withheld.csv');
    assert.equal(cli('report', '--withheld', file).status, 0);
    const withheld = parseCsv(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
    assert.deepEqual(withheld.map((w) => w.reason).sort(), [
      'excluded',
      'pending',
      'private',
      'retired-without-badge',
      'single-exam-certification',
    ]);
    assert.ok(withheld.every((w) => w.detail && w.file));
  });
});
