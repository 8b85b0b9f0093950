import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { editJsonAwards, editYamlAwards, planClaims } from '../../../../src/lib/claims/apply-claims.ts';
import {
  claimFragment,
  claimLink,
  parseClaimFragment,
  type ClaimLinkData,
} from '../../../../src/lib/claims/claim-link.ts';
import { fieldsFromEmailBody, submissionEmailBody } from '../../../../src/lib/claims/submission.ts';
import { readSubmissionRecords } from '../../../../src/lib/claims/submission-files.ts';
import { claimToken, isValidClaimToken } from '../../../../src/lib/claims/token.ts';
import { loadContent } from '../../../../src/lib/content/content-files.ts';
import { fixtureContent } from '../../../helpers/site-build.ts';

const SECRET = 'test-claim-secret-0123456789abcdefghijklmnop';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const PENDING = id(7);

describe('claim tokens', () => {
  test('a token verifies for its award and badge only, and only under its secret', () => {
    const token = claimToken(SECRET, PENDING, 'data-analyst-associate');
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(isValidClaimToken(SECRET, PENDING, 'data-analyst-associate', token));
    assert.ok(!isValidClaimToken(SECRET, id(8), 'data-analyst-associate', token), 'other award');
    assert.ok(!isValidClaimToken(SECRET, PENDING, 'cloud-fundamentals', token), 'other badge');
    assert.ok(!isValidClaimToken(`${SECRET}x`, PENDING, 'data-analyst-associate', token), 'other secret');
    assert.ok(!isValidClaimToken(SECRET, PENDING, 'data-analyst-associate', `${token.slice(0, -1)}A`), 'altered token');
    assert.ok(!isValidClaimToken(SECRET, PENDING, 'data-analyst-associate', ''), 'empty token');
  });
});

describe('claim link fragment', () => {
  const data: ClaimLinkData = {
    awardId: PENDING,
    badgeId: 'data-analyst-associate',
    token: claimToken(SECRET, PENDING, 'data-analyst-associate'),
    recipientName: 'Dana "DJ" O\'Neil & 김민지 </script>',
    badgeName: '데이터 분석가 어소시에이트',
    issuedOn: '2026-11-01T10:00:00+09:00',
    locale: 'ko',
  };
  test('round-trips every field through the URL fragment', () => {
    const link = claimLink('https://badges.example.org/claim/', data);
    const url = new URL(link);
    assert.equal(url.pathname, '/claim/');
    assert.equal(url.search, '', 'nothing in the query string: it would reach the server');
    const parsed = parseClaimFragment(url.hash);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.data, { ...data, issuedOn: '2026-11-01' });
  });
  test('no fragment is "missing"; a cut or altered one is "broken"', () => {
    assert.deepEqual(parseClaimFragment(''), { ok: false, reason: 'missing' });
    assert.deepEqual(parseClaimFragment('#'), { ok: false, reason: 'missing' });
    const full = claimFragment(data);
    assert.deepEqual(parseClaimFragment(full.slice(0, full.length / 2)), { ok: false, reason: 'broken' });
    assert.deepEqual(parseClaimFragment(full.replace('v=1', 'v=9')), { ok: false, reason: 'broken' });
    assert.deepEqual(parseClaimFragment('#garbage%%'), { ok: false, reason: 'broken' });
  });
  test('an impossible issue date is its own problem, not a thrown error', () => {
    for (const date of ['2026-13-45', '2026-02-30', '2026-00-10']) {
      const fragment = claimFragment({ ...data, issuedOn: date });
      assert.deepEqual(parseClaimFragment(fragment), { ok: false, reason: 'bad-date', date });
    }
    assert.ok(parseClaimFragment(claimFragment({ ...data, issuedOn: '2028-02-29' })).ok, 'a leap day is a real date');
  });
  test('the email body opens with a sentence and keeps the machine lines below it', () => {
    const body = submissionEmailBody(
      { award: PENDING, badge: data.badgeId, token: data.token, choice: 'public', locale: 'en' },
      'Hello, I accept my badge: please publish it.',
    );
    assert.ok(body.startsWith('Hello, I accept my badge: please publish it.\n\nv: 1\naward: '));
    assert.equal(fieldsFromEmailBody(body).choice, 'public');
  });
  test('the email fallback body reads back into the same submission', () => {
    const body = submissionEmailBody({
      award: PENDING,
      badge: data.badgeId,
      token: data.token,
      choice: 'private',
      locale: 'ko',
    });
    assert.deepEqual(fieldsFromEmailBody(`> quoted reply\n${body}\n-- \nsignature`), {
      v: '1',
      award: PENDING,
      badge: data.badgeId,
      token: data.token,
      choice: 'private',
      locale: 'ko',
    });
  });
});

describe('planClaims', () => {
  const content = loadContent(fixtureContent);
  const submission = (award: string, badge: string, extra: Record<string, string> = {}) => ({
    award,
    badge,
    token: claimToken(SECRET, award, badge),
    choice: 'public',
    ...extra,
  });
  test('accepts a valid claim and refuses forged, altered, unknown, claimed, revoked and malformed ones', () => {
    const forged = {
      ...submission(PENDING, 'data-analyst-associate'),
      token: claimToken('another-secret-0123456789abcdefghijk', PENDING, 'data-analyst-associate'),
    };
    const otherAward = { ...submission(PENDING, 'data-analyst-associate'), award: id(1) };
    const unknown = submission('00000000-0000-4000-8000-999999999999', 'cloud-fundamentals');
    const plan = planClaims(
      [
        { source: 's1', fields: submission(PENDING, 'data-analyst-associate') },
        { source: 's2', fields: forged },
        { source: 's3', fields: otherAward },
        { source: 's4', fields: unknown },
        { source: 's5', fields: submission(id(1), 'cloud-fundamentals', { choice: 'private' }) },
        // (The revoked award was accepted as public: a public claim would be one applied before the revocation, already done.)
        { source: 's6', fields: submission(id(4), 'security-specialty', { choice: 'private' }) },
        { source: 's7', fields: { ...submission(PENDING, 'data-analyst-associate'), choice: 'maybe' } },
        { source: 's8', fields: { ...submission(PENDING, 'data-analyst-associate'), badge: 'cloud-fundamentals' } },
        { source: 's9', fields: submission(PENDING, 'cloud-fundamentals') },
        { source: 's10', fields: submission(id(3), 'cloud-administrator-associate') },
      ],
      content.awards,
      content.sources,
      SECRET,
    );
    assert.deepEqual(
      plan.accepted.map((a) => [a.source, a.awardId, a.visibility, a.file]),
      [['s1', PENDING, 'public', 'tests/fixtures/content/awards/fixture-awards.yaml']],
    );
    assert.deepEqual(
      plan.refused.map((r) => [r.source, r.problem]),
      [
        ['s2', 'bad-token'],
        ['s3', 'bad-token'],
        ['s4', 'unknown-award'],
        ['s7', 'malformed'],
        ['s8', 'bad-token'],
        ['s9', 'unknown-award'],
        // Claimed and revoked awards are decided once the last choice for them is known.
        ['s5', 'already-claimed'],
        ['s6', 'not-claimable'],
      ],
    );
    assert.equal(
      plan.refused.find((r) => r.source === 's5')?.current,
      'public',
      'the conflict names what the award says',
    );
    assert.deepEqual(
      plan.alreadyDone.map((a) => a.source),
      ['s10'],
      'a claim the award already carries is done, not refused',
    );
  });
  test('replays of the same claim are counted once, not refused', () => {
    const fields = submission(PENDING, 'data-analyst-associate');
    const records = Array.from({ length: 5 }, (_, i) => ({ source: `r${i}`, fields }));
    const plan = planClaims(records, content.awards, content.sources, SECRET);
    assert.deepEqual(
      plan.accepted.map((a) => a.source),
      ['r0'],
    );
    assert.equal(plan.repeats, 4);
    assert.deepEqual(plan.refused, []);
  });
  test('the last submission for an award wins', () => {
    const plan = planClaims(
      [
        { source: 'first', fields: submission(PENDING, 'data-analyst-associate') },
        { source: 'second', fields: submission(PENDING, 'data-analyst-associate', { choice: 'private' }) },
      ],
      content.awards,
      content.sources,
      SECRET,
    );
    assert.deepEqual(
      plan.accepted.map((a) => [a.source, a.visibility]),
      [['second', 'private']],
    );
    assert.deepEqual(
      plan.refused.map((r) => [r.source, r.problem]),
      [['first', 'duplicate']],
    );
  });
});

describe('editing award files', () => {
  test('YAML: sets claim and visibility on the named record only, keeping comments and quoting', () => {
    const text = `# Batch export, do not reorder\nawards:\n  # first\n  - id: ${id(1)}\n    recipient: { name: Maximilian Alexander Christopher Montgomery-Worthington the Third of Greater Wessex, email: a@example.com }\n    revoked: { on: "2025-10-01T12:00:00+09:00", reason: Exam result withdrawn after a testing-policy investigation. }\n    issuedOn: "2025-01-01T00:00:00Z"\n  # the pending one\n  - id: ${PENDING}\n    recipient: { name: B, email: b@example.com }\n    issuedOn: '2025-01-01T00:00:00Z'\n    claim: pending # waiting\n`;
    const { text: out, missing } = editYamlAwards(text, new Map([[PENDING, { visibility: 'private' }]]));
    assert.deepEqual(missing, []);
    assert.equal(
      out,
      text.replace('claim: pending # waiting\n', 'claim: accepted # waiting\n    visibility: private\n'),
    );
  });
  test('YAML single-record file, and an id that is not there', () => {
    const text = `# one award\nid: ${PENDING}\nbadge: x\n`;
    const { text: out, missing } = editYamlAwards(
      text,
      new Map([
        [PENDING, { visibility: 'public' }],
        [id(9), { visibility: 'public' }],
      ]),
    );
    assert.equal(out, `${text}claim: accepted\nvisibility: public\n`);
    assert.deepEqual(missing, [id(9)]);
  });
  test('JSON: keeps the indentation and final newline', () => {
    const text = `[\n    {\n        "id": "${PENDING}",\n        "claim": "pending"\n    }\n]\n`;
    const { text: out } = editJsonAwards(text, new Map([[PENDING, { visibility: 'public' }]]));
    assert.equal(
      out,
      `[\n    {\n        "id": "${PENDING}",\n        "claim": "accepted",\n        "visibility": "public"\n    }\n]\n`,
    );
  });
});

describe('submission files', () => {
  test('CSV with a header, JSONL lines and JSON lists, each record named by its place', () => {
    const csv = readSubmissionRecords(`award,badge,token,choice\n${PENDING},b,t,public\n`, 'in.csv');
    assert.deepEqual(csv, [
      { source: 'in.csv row 2', fields: { award: PENDING, badge: 'b', token: 't', choice: 'public' } },
    ]);
    const jsonl = readSubmissionRecords(`{"award":"x"}\n\n{"award":"y"}\n`, 'in.jsonl');
    assert.deepEqual(
      jsonl.map((r) => r.source),
      ['in.jsonl line 1', 'in.jsonl line 3'],
    );
    assert.throws(() => readSubmissionRecords('{"award":\n', 'in.jsonl'), /in\.jsonl line 1: not valid JSON/);
    assert.equal(readSubmissionRecords('[{"award":"x"},{"award":"y"}]', 'in.json').length, 2);
    assert.throws(() => readSubmissionRecords('', 'in.xlsx'), /expected a \.csv, \.json, \.jsonl, \.eml or \.txt/);
    assert.deepEqual(readSubmissionRecords(`Hi,\n\naward: ${PENDING}\nchoice: public\n`, 'mail.txt'), [
      { source: 'mail.txt', fields: { award: PENDING, choice: 'public' } },
    ]);
  });
});
