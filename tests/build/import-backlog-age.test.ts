/**
 * A backlog imported today (exam passes from 2024 on, claim policy pending): `npm run import --write` records
 * when each award entered the content (`addedOn`), so lookup and the program report count its pending age
 * from today, not from the exam date.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { generateExamExport, writeExportCsv } from '../../scripts/lib/exam-export.ts';
import { loadContent } from '../../src/lib/content/content-files.ts';
import { describeWithheld, lookupAwards, lookupContext, parseLookupQuery } from '../../src/lib/support/lookup.ts';
import { programReport } from '../../src/lib/support/program-report.ts';
import { buildSiteModel } from '../../src/lib/site-model.ts';
import { siteUrls } from '../../src/lib/site-urls.ts';
import { FIXTURE_NOW, fixtureContent, projectRoot } from '../helpers/site-build.ts';

mkdirSync(path.join(projectRoot, '.tmp'), { recursive: true });
const scratch = mkdtempSync(path.join(projectRoot, '.tmp/import-backlog-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('a backlog of old passes imported today is pending for 0 days, in lookup and in the report', () => {
  const content = path.join(scratch, 'content');
  cpSync(fixtureContent, content, { recursive: true });
  const exportFile = path.join(scratch, 'backlog.csv');
  writeExportCsv(exportFile, generateExamExport({ rows: 12, seed: 11 }), 'cp949');
  const run = spawnSync(
    process.execPath,
    [
      'scripts/import.ts',
      exportFile,
      '--map',
      'content/import/certiport.mapping.yaml',
      '--content',
      content,
      '--write',
    ],
    { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, EMBLEM_NOW: FIXTURE_NOW, LANG: 'C' } },
  );
  assert.equal(run.status, 0, run.stderr);

  const batch = readdirSync(path.join(content, 'awards')).find((f) => f.startsWith('import-') && f.endsWith('.yaml'))!;
  const written = parseYaml(readFileSync(path.join(content, 'awards', batch), 'utf8')) as {
    awards: { issuedOn: string; addedOn?: string; claim: string }[];
  };
  assert.ok(written.awards.length >= 12);
  // Every award says when it entered the content: the import's moment (EMBLEM_NOW).
  for (const award of written.awards) assert.equal(award.addedOn, new Date(FIXTURE_NOW).toISOString());
  // Exams from 2024 and 2025: each more than 30 days before the import.
  assert.ok(
    written.awards.every(
      (a) => a.claim === 'pending' && Date.parse(FIXTURE_NOW) - Date.parse(a.issuedOn) > 30 * 86_400_000,
    ),
  );

  const now = new Date(FIXTURE_NOW);
  const loaded = loadContent(content);
  const fixture = loadContent(fixtureContent);
  const report = programReport(buildSiteModel(loaded, now), loaded.awards).totals;
  const before = programReport(buildSiteModel(fixture, now), fixture.awards).totals;
  const newPending = report.pending - before.pending;
  assert.ok(newPending >= 12, `${newPending} new pending awards`);
  assert.equal(report.pendingUnder7Days - before.pendingUnder7Days, newPending);
  assert.equal(report.pendingOlder, before.pendingOlder);

  const ctx = lookupContext(loaded, now, siteUrls('https://badges.example.org/'));
  const imported = loaded.awards.find((a) => !fixture.awards.some((f) => f.id === a.id))!;
  const entry = lookupAwards(ctx, parseLookupQuery(imported.id)).entries[0]!;
  assert.match(describeWithheld(entry.withheld!, 'en', now), /since 2026-11-26, 0 days\)/);
});
