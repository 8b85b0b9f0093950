/**
 * Lookup and the program report against the fixture content, which has one
 * award per state: published (valid, expired, revoked, retired), pending,
 * private, and each rule that withholds a badge.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadContent } from '../../../../src/lib/content/content-files.ts';
import {
  describeWithheld,
  lookupAwards,
  lookupContext,
  parseLookupQuery,
  renderLookup,
  withheldDetails,
  type StateSource,
} from '../../../../src/lib/support/lookup.ts';
import { programReport, reportCells, reportColumns } from '../../../../src/lib/support/program-report.ts';
import type { Award } from '../../../../src/lib/content/schema.ts';
import { buildSiteModel } from '../../../../src/lib/site-model.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';
import { FIXTURE_NOW, fixtureContent } from '../../../helpers/site-build.ts';

const now = new Date(FIXTURE_NOW);
const content = loadContent(fixtureContent);
const urls = siteUrls('https://badges.example.org/');
const ctx = () => lookupContext(content, now, urls, 'content/program-rules.yaml');
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const one = (query: string, c = ctx()) => {
  const result = lookupAwards(c, parseLookupQuery(query));
  assert.equal(result.entries.length, 1, query);
  return result.entries[0]!;
};

describe('lookup', () => {
  test('queries: award id, email (any case), candidate id', () => {
    assert.deepEqual(parseLookupQuery(` ${id(1).toUpperCase()} `), { by: 'award-id', value: id(1) });
    assert.deepEqual(parseLookupQuery('Fixture.Valid@mail.example.com'), {
      by: 'email',
      value: 'fixture.valid@mail.example.com',
    });
    assert.deepEqual(parseLookupQuery('C100001'), { by: 'candidate-id', value: 'C100001' });
    assert.equal(one('FIXTURE.VALID@mail.example.com').award.id, id(1));
    const withCandidate: Award = {
      ...content.awards[0]!,
      id: '5d1c2b9e-3f7a-5b8c-9d0e-1f2a3b4c5d6e',
      recipient: { name: '김민지', email: 'x@mail.example.com', candidateId: 'C100001' },
    };
    const c = lookupContext({ ...content, awards: [...content.awards, withCandidate] }, now, urls);
    assert.equal(one('C100001', c).award.id, withCandidate.id);
    assert.equal(lookupAwards(ctx(), parseLookupQuery('nobody@mail.example.com')).entries.length, 0);
  });

  test('published awards have their URL and state: valid, expired, revoked, retired', () => {
    const valid = one('fixture.valid@mail.example.com');
    assert.equal(valid.url, `https://badges.example.org/badges/${id(1)}/`);
    assert.equal(valid.status, 'valid');
    assert.equal(one('fixture.expired@mail.example.com').status, 'expired');
    assert.equal(one('fixture.revoked@mail.example.com').status, 'revoked');
    assert.ok(one('fixture.revoked@mail.example.com').url);
    assert.equal(one('fixture.retired@mail.example.com').retiredOn, '2023-01-31');
  });

  test('every withheld reason names its rule, in Korean and English', () => {
    const excluded = one('fixture.excluded@mail.example.com');
    assert.equal(excluded.url, undefined);
    assert.equal(excluded.withheld?.reason, 'excluded');
    const en = describeWithheld(excluded.withheld!, 'en', now);
    assert.match(en, /exclusion list entry #1 in content\/program-rules\.yaml \(code 74-343\)/);
    assert.match(describeWithheld(excluded.withheld!, 'ko', now), /제외 목록 1번 항목/);

    const single = one('fixture.singleexam@mail.example.com');
    assert.equal(single.withheld?.reason, 'single-exam-certification');
    assert.match(
      describeWithheld(single.withheld!, 'en', now),
      /single requirement of certification cloud-fundamentals .*no certification award yet/,
    );

    const retired = one('fixture.nobadge@mail.example.com');
    assert.match(describeWithheld(retired.withheld!, 'en', now), /retired without a badge \(retired 2018-06-30\)/);

    assert.match(describeWithheld(one('fixture.private@mail.example.com').withheld!, 'en', now), /^private/);
    assert.match(
      describeWithheld(one('fixture.pending@mail.example.com').withheld!, 'en', now),
      /^pending claim: .*since 2026-11-01, 24 days/,
    );
    assert.match(describeWithheld(one('fixture.pending@mail.example.com').withheld!, 'ko', now), /수락 대기 중/);
  });

  test('a single-exam pass points to the certification award when the person has it', () => {
    const cert: Award = {
      ...content.awards.find((a) => a.id === id(1))!,
      id: '6e1c2b9e-3f7a-5b8c-9d0e-1f2a3b4c5d6e',
      recipient: { name: 'Single Exam', email: 'fixture.singleexam@mail.example.com' },
    };
    const c = lookupContext({ ...content, awards: [...content.awards, cert] }, now, urls);
    const result = lookupAwards(c, parseLookupQuery('fixture.singleexam@mail.example.com'));
    const exam = result.entries.find((e) => e.award.badge === 'nt-900')!;
    assert.match(
      describeWithheld(exam.withheld!, 'en', now),
      new RegExp(`certification award ${cert.id} \\(published\\)`),
    );
    // by award id: the person's other awards come along
    assert.equal(lookupAwards(c, parseLookupQuery(id(8))).entries.length, 2);
  });

  test('reasons this module does not know (added by newer rules) are shown by their code', () => {
    const c = ctx();
    const withheld = c.model.withheld.find((w) => w.id === id(9))!;
    (withheld as { reason: string }).reason = 'something-new';
    const entry = one('fixture.excluded@mail.example.com', c);
    assert.equal(describeWithheld(entry.withheld!, 'en', now), 'withheld (reason code: something-new)');
    (withheld as { reason: string }).reason = 'not-yet-issued';
    assert.match(describeWithheld(one('fixture.excluded@mail.example.com', c).withheld!, 'en', now), /in the future/);
  });

  test('another state source (e.g. a ledger) adds notes', () => {
    const ledger: StateSource = {
      name: 'ledger',
      notesFor: (a) => (a.id === id(1) ? [{ source: 'ledger', text: { ko: '색인 7', en: 'index 7' } }] : []),
    };
    const c = lookupContext(content, now, urls, 'program-rules.yaml', [ledger]);
    const text = renderLookup(lookupAwards(c, parseLookupQuery(id(1))), 'en', now);
    assert.match(text, /ledger: index 7/);
  });

  test('the text output lists every award with its state', () => {
    const text = renderLookup(lookupAwards(ctx(), parseLookupQuery('fixture.revoked@mail.example.com')), 'ko', now);
    assert.match(text, /이서준 <fixture\.revoked@mail\.example\.com>: 수여 1건/);
    assert.match(text, /취소됨/);
    assert.match(text, /https:\/\/badges\.example\.org\/badges\//);
  });
});

describe('program report', () => {
  const model = buildSiteModel(content, now);
  const report = programReport(model, content.awards);

  test('totals: every award counted once, by the build’s own decisions', () => {
    const t = report.totals;
    assert.equal(t.issued, content.awards.length);
    assert.equal(t.published, model.published.length);
    const byReason = Map.groupBy(model.withheld, (w) => w.reason);
    assert.equal(t.pending, byReason.get('pending')?.length);
    assert.equal(t.private, byReason.get('private')?.length);
    for (const reason of ['excluded', 'single-exam-certification', 'retired-without-badge'])
      assert.equal(t.withheld[reason], 1, reason);
    assert.equal(t.published + t.pending + t.private + Object.values(t.withheld).reduce((a, b) => a + b, 0), t.issued);
    assert.equal(t.expired, 1);
    assert.equal(t.revoked, 1);
  });

  test('pending awards by age: the fixture’s one pending award is 24 days old', () => {
    assert.deepEqual(
      [report.totals.pendingUnder7Days, report.totals.pendingUnder30Days, report.totals.pendingOlder],
      [0, 1, 0],
    );
  });

  test('rows by badge and month add up to the totals', () => {
    const row = report.rows.find((r) => r.badge === 'data-analyst-associate' && r.month === '2026-11')!;
    assert.equal(row.pending, 1);
    const columns = reportColumns(report);
    assert.ok(columns.includes('withheld:single-exam-certification'));
    const sums = columns
      .slice(2)
      .map((_, i) => report.rows.reduce((s, r) => s + Number(reportCells(r, columns)[i + 2]), 0));
    assert.deepEqual(sums, reportCells({ ...report.totals, badge: '', month: '' }, columns).slice(2));
  });

  test('the withheld list has every withheld award, each with a described reason', () => {
    assert.equal(report.withheldList.length, model.withheld.length);
    const details = withheldDetails(ctx());
    for (const w of report.withheldList) assert.ok(describeWithheld(details.get(w.id)!, 'en', now).length > 10, w.id);
  });
});
