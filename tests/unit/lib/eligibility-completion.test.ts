import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { certificationsCompletedBy, exclusionMatchFor } from '../../../src/lib/eligibility.ts';
import { programRulesSchema } from '../../../src/lib/content/schema.ts';
import { entry, text } from '../../helpers/catalog-entry.ts';

const single = entry('fundamentals', { kind: 'certification', requires: ['e-900'] });
const choice = entry('admin', { kind: 'certification', requires: [{ oneOf: ['e-104', 'e-103'] }] });
const double = entry('architect', { kind: 'certification', requires: ['e-304', 'e-305'] });
const master = entry('master', { kind: 'certification' });
const catalog = [
  single,
  choice,
  double,
  master,
  ...['e-900', 'e-104', 'e-103', 'e-304', 'e-305'].map((id) => entry(id)),
];
const completed = (passes: Record<string, string>) =>
  certificationsCompletedBy(new Map(Object.entries(passes)), catalog).map((c) => [
    c.certification.id,
    c.completedOn,
    c.completedBy,
  ]);

describe('certifications completed by passed exams', () => {
  test('a single-exam certification is completed by its exam', () => {
    assert.deepEqual(completed({ 'e-900': '2025-03-01T10:00:00+09:00' }), [
      ['fundamentals', '2025-03-01T10:00:00+09:00', 'e-900'],
    ]);
  });
  test('a oneOf choice is met by any option; the earliest pass dates it', () => {
    assert.deepEqual(completed({ 'e-103': '2021-01-01T00:00:00Z' }), [['admin', '2021-01-01T00:00:00Z', 'e-103']]);
    assert.deepEqual(completed({ 'e-103': '2021-01-01T00:00:00Z', 'e-104': '2020-06-01T00:00:00Z' }), [
      ['admin', '2020-06-01T00:00:00Z', 'e-104'],
    ]);
  });
  test('a multi-exam certification needs every exam and is dated by the last one, by instant not by text', () => {
    assert.deepEqual(completed({ 'e-304': '2025-05-01T10:00:00+09:00' }), []);
    // 09:00 in New York is later than 10:00 in Seoul on the same day
    assert.deepEqual(completed({ 'e-304': '2025-05-02T10:00:00+09:00', 'e-305': '2025-05-01T20:30:00-05:00' }), [
      ['architect', '2025-05-01T20:30:00-05:00', 'e-305'],
    ]);
  });
  test('a certification without requirements is never completed by exams', () => {
    assert.equal(
      completed({ 'e-900': '2025-01-01T00:00:00Z' }).some(([id]) => id === 'master'),
      false,
    );
  });
});

describe('which exclusion-list entry matched', () => {
  const rules = programRulesSchema.parse({
    exclusions: [
      { codes: ['74-343'], reason: text('project exam') },
      { series: ['MOS 2010'], reason: text('MOS 2010') },
      { ids: ['e-500'], reason: text('by id') },
    ],
  });
  test('names the entry index and the field that matched', () => {
    assert.deepEqual(exclusionMatchFor(entry('x', { code: '74-343' }), rules), {
      index: 0,
      by: 'code',
      value: '74-343',
    });
    assert.deepEqual(exclusionMatchFor(entry('y', { series: 'MOS 2010' }), rules), {
      index: 1,
      by: 'series',
      value: 'MOS 2010',
    });
    assert.deepEqual(exclusionMatchFor(entry('e-500'), rules), { index: 2, by: 'id', value: 'e-500' });
    assert.equal(exclusionMatchFor(entry('z'), rules), undefined);
  });
});
