/**
 * How long an award has been pending counts from when it entered the content (`addedOn`, written by
 * `npm run import`; for batches imported before that field, the moment in the importer's file name),
 * never from before it was issued: a backlog of old exam passes imported today is pending for 0 days.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadContent } from '../../../../src/lib/content/content-files.ts';
import type { Content } from '../../../../src/lib/content/content-model.ts';
import { describeWithheld, lookupAwards, lookupContext, parseLookupQuery } from '../../../../src/lib/support/lookup.ts';
import { pendingSince } from '../../../../src/lib/support/pending-age.ts';
import { programReport } from '../../../../src/lib/support/program-report.ts';
import type { Award } from '../../../../src/lib/content/schema.ts';
import { awardSchema } from '../../../../src/lib/content/schema.ts';
import { buildSiteModel } from '../../../../src/lib/site-model.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';
import { FIXTURE_NOW, fixtureContent } from '../../../helpers/site-build.ts';

const now = new Date(FIXTURE_NOW); // 2026-11-26T00:00:00Z
const fixture = loadContent(fixtureContent);

/** A pending pass of an exam taken in January 2024, in `file`. */
function backlogAward(n: number, fields: Partial<Award> = {}): Award {
  return awardSchema.parse({
    id: `5d1c2b9e-3f7a-4b8c-9d0e-${String(n).padStart(12, '0')}`,
    recipient: { name: `Backlog ${n}`, email: `backlog${n}@mail.example.com` },
    badge: 'data-analyst-associate',
    issuedOn: '2024-01-10T09:00:00+09:00',
    claim: 'pending',
    ...fields,
  });
}

function contentWith(entries: [Award, string][]): Content {
  const sources = new Map(fixture.sources);
  for (const [award, file] of entries) sources.set(award.id, file);
  return { ...fixture, awards: [...fixture.awards, ...entries.map(([a]) => a)], sources };
}

const imported = backlogAward(1, { addedOn: '2026-11-25T15:00:00Z' });
const importedBeforeAddedOn = backlogAward(2);
const handWritten = backlogAward(3);
const addedBeforeIssue = backlogAward(4, { issuedOn: '2026-11-20T09:00:00+09:00', addedOn: '2026-11-01T00:00:00Z' });
const content = contentWith([
  [imported, 'awards/import-20261125-150000-exam-export.yaml'],
  [importedBeforeAddedOn, 'awards/import-20261124-083000-exam-export.json'],
  [handWritten, 'awards/backlog.yaml'],
  [addedBeforeIssue, 'awards/import-20261101-000000-x.yaml'],
]);

describe('pending age', () => {
  test('from addedOn, else the importer’s batch file name, else issuedOn; never before issuedOn', () => {
    assert.equal(pendingSince(imported, 'awards/import-20261125-150000-exam-export.yaml'), '2026-11-25T15:00:00Z');
    assert.equal(
      pendingSince(importedBeforeAddedOn, 'awards/import-20261124-083000-exam-export.json'),
      '2026-11-24T08:30:00Z',
    );
    assert.equal(
      pendingSince(importedBeforeAddedOn, 'nested/awards/import-20261124-083000-exam-export-2.yaml'),
      '2026-11-24T08:30:00Z',
    );
    assert.equal(pendingSince(handWritten, 'awards/backlog.yaml'), handWritten.issuedOn);
    assert.equal(pendingSince(handWritten, 'awards/import-notes.yaml'), handWritten.issuedOn);
    assert.equal(pendingSince(addedBeforeIssue, 'awards/import-20261101-000000-x.yaml'), addedBeforeIssue.issuedOn);
  });

  test('lookup: a backlog imported yesterday has waited 0 days, not since its 2024 exam', () => {
    const ctx = lookupContext(content, now, siteUrls('https://badges.example.org/'));
    const entry = (email: string) => lookupAwards(ctx, parseLookupQuery(email)).entries[0]!;
    assert.match(
      describeWithheld(entry('backlog1@mail.example.com').withheld!, 'en', now),
      /since 2026-11-25, 0 days\)/,
    );
    assert.match(describeWithheld(entry('backlog1@mail.example.com').withheld!, 'ko', now), /2026-11-25부터 0일/);
    assert.match(
      describeWithheld(entry('backlog2@mail.example.com').withheld!, 'en', now),
      /since 2026-11-24, 1 days\)/,
    );
    assert.match(
      describeWithheld(entry('backlog3@mail.example.com').withheld!, 'en', now),
      /since 2024-01-10, 1051 days\)/,
    );
  });

  test('program report: the imported backlog is pending under 7 days; only the hand-written one is 30 days or more', () => {
    const before = programReport(buildSiteModel(fixture, now), fixture.awards).totals;
    const after = programReport(buildSiteModel(content, now), content.awards).totals;
    assert.equal(after.pending - before.pending, 4);
    assert.equal(after.pendingUnder7Days - before.pendingUnder7Days, 3);
    assert.equal(after.pendingOlder - before.pendingOlder, 1);
  });

  test('addedOn is a date-time with a time zone', () => {
    assert.equal(awardSchema.safeParse({ ...imported, addedOn: '2026-11-25' }).success, false);
    assert.equal(awardSchema.safeParse({ ...imported, addedOn: '2026-11-25T15:00:00' }).success, false);
  });
});
