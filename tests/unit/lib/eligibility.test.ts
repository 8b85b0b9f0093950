import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { awardState, badgeDecision, publicationDecision } from '../../../src/lib/eligibility.ts';
import { programRulesSchema, publicAwardSchema } from '../../../src/lib/content/schema.ts';
import { entry, text } from '../../helpers/catalog-entry.ts';

const rules = programRulesSchema.parse({
  exclusions: [
    { codes: ['74-343'], reason: text('project exam') },
    { series: ['MOS 2010'], reason: text('MOS 2010') },
    { codes: ['MB2-706', 'MB2-714'], reason: text('Dynamics CRM') },
  ],
});

const single = entry('fundamentals', { kind: 'certification', requires: ['e-900'] });
const choice = entry('admin', { kind: 'certification', requires: [{ oneOf: ['e-104', 'e-103'] }] });
const double = entry('architect', { kind: 'certification', requires: ['e-304', 'e-305'] });
const catalog = [
  single,
  choice,
  double,
  ...['e-900', 'e-104', 'e-103', 'e-304', 'e-305', 'e-500'].map((id) => entry(id)),
];

describe('program rules', () => {
  test('rule 1: an active exam or certification has a badge', () => {
    assert.deepEqual(badgeDecision(entry('e-500'), catalog, rules), { hasBadge: true });
    assert.deepEqual(badgeDecision(double, catalog, rules), { hasBadge: true });
  });

  test('rule 2: the single exam of a certification earns only the certification badge', () => {
    const decision = badgeDecision(catalog.find((e) => e.id === 'e-900')!, catalog, rules);
    assert.equal(decision.hasBadge, false);
    assert.equal(!decision.hasBadge && decision.reason, 'single-exam-certification');
    assert.equal(!decision.hasBadge && decision.via, 'fundamentals');
    assert.deepEqual(badgeDecision(single, catalog, rules), { hasBadge: true });
  });

  test('rule 2: a "one of" requirement is still a single exam', () => {
    for (const id of ['e-104', 'e-103']) {
      const decision = badgeDecision(catalog.find((e) => e.id === id)!, catalog, rules);
      assert.equal(!decision.hasBadge && decision.reason, 'single-exam-certification', id);
    }
  });

  test('rule 2 does not touch exams of multi-exam certifications', () => {
    for (const id of ['e-304', 'e-305'])
      assert.equal(badgeDecision(catalog.find((e) => e.id === id)!, catalog, rules).hasBadge, true, id);
  });

  test('rule 3: exclusion list by code, by series, and for every listed Dynamics CRM code', () => {
    const cases = [
      entry('p-343', { code: '74-343', status: 'retired', retiredOn: '2019-07-31' }),
      entry('word-2010', { code: '77-881', series: 'MOS 2010' }),
      entry('mos-master', { kind: 'certification', series: 'MOS 2010' }),
      entry('mb2-706', { code: 'MB2-706' }),
      entry('mb2-714', { code: 'MB2-714' }),
    ];
    for (const excluded of cases) {
      const decision = badgeDecision(excluded, [...catalog, excluded], rules);
      assert.equal(!decision.hasBadge && decision.reason, 'excluded', excluded.id);
    }
    assert.equal(
      badgeDecision(entry('mb2-709', { code: 'MB2-709' }), catalog, rules).hasBadge,
      true,
      'codes not on the list keep their badge',
    );
  });

  test('rule 4: a retired entry flagged hasBadge: false has no badge; retired with badge keeps it', () => {
    const noBadge = entry('old', { status: 'retired', retiredOn: '2018-06-30', hasBadge: false });
    const decision = badgeDecision(noBadge, catalog, rules);
    assert.equal(!decision.hasBadge && decision.reason, 'retired-without-badge');
    assert.equal(
      badgeDecision(entry('old2', { status: 'retired', retiredOn: '2018-06-30' }), catalog, rules).hasBadge,
      true,
    );
  });

  const NOW = new Date('2026-11-26T00:00:00Z');
  const award = (fields: Record<string, unknown> = {}) =>
    publicAwardSchema.parse({
      id: '11111111-1111-4111-8111-111111111111',
      recipient: { name: 'A' },
      badge: 'architect',
      issuedOn: '2022-01-10T09:00:00+09:00',
      ...fields,
    });

  test('rule 5: a badge earned before retirement stays valid, and says since when', () => {
    const retired = entry('architect', {
      kind: 'certification',
      requires: ['e-304', 'e-305'],
      status: 'retired',
      retiredOn: '2023-01-31',
    });
    assert.deepEqual(awardState(award(), retired, new Date('2026-11-26T00:00:00Z')), {
      status: 'valid',
      retiredOn: '2023-01-31',
    });
  });

  test('award states: valid, expired at its expiry moment, revoked from its revocation moment', () => {
    const now = new Date('2026-11-26T00:00:00Z');
    assert.equal(awardState(award({ expires: '2026-11-26T00:00:00Z' }), double, now).status, 'expired');
    assert.equal(awardState(award({ expires: '2026-11-26T00:00:01Z' }), double, now).status, 'valid');
    const revoked = award({
      expires: '2025-01-01T00:00:00Z',
      revoked: { on: '2024-01-01T00:00:00Z', reason: 'error' },
    });
    assert.equal(awardState(revoked, double, now).status, 'revoked', 'revocation outranks expiry');
    assert.equal(
      awardState(award({ revoked: { on: '2027-01-01T00:00:00Z', reason: 'later' } }), double, now).status,
      'valid',
    );
  });

  test('publication: private and pending awards and awards without a badge are withheld', () => {
    assert.deepEqual(publicationDecision(award(), { hasBadge: true }, NOW), { published: true });
    assert.deepEqual(publicationDecision(award({ visibility: 'private' }), { hasBadge: true }, NOW), {
      published: false,
      reason: 'private',
    });
    assert.deepEqual(publicationDecision(award({ claim: 'pending' }), { hasBadge: true }, NOW), {
      published: false,
      reason: 'pending',
    });
    assert.deepEqual(publicationDecision(award(), { hasBadge: false, reason: 'excluded', detail: text('x') }, NOW), {
      published: false,
      reason: 'excluded',
    });
  });

  test('publication: an award dated after the build moment waits for its date', () => {
    const future = award({ issuedOn: '2026-11-26T09:00:01+09:00' }); // 00:00:01Z, one second after NOW
    assert.deepEqual(publicationDecision(future, { hasBadge: true }, NOW), {
      published: false,
      reason: 'not-yet-issued',
    });
    assert.deepEqual(
      publicationDecision(future, { hasBadge: true }, new Date('2026-11-26T00:00:01Z')),
      { published: true },
      'published from its date on',
    );
    assert.deepEqual(publicationDecision(award({ issuedOn: '2026-11-26T00:00:00Z' }), { hasBadge: true }, NOW), {
      published: true,
    });
  });
});
