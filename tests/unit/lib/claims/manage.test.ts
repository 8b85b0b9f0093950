/**
 * The manage link: its own token purpose (a claim token cannot manage, a
 * manage token cannot claim), its fragment, and claims:apply's plan and
 * record edit for a visibility switch.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { editsByFile, editYamlAwards, planClaims } from '../../../../src/lib/claims/apply-claims.ts';
import { claimFragment, parseClaimFragment } from '../../../../src/lib/claims/claim-link.ts';
import {
  checkSubmission,
  fieldsFromEmailBody,
  parseSubmission,
  submissionEmailBody,
} from '../../../../src/lib/claims/submission.ts';
import { claimToken, isValidToken, manageToken } from '../../../../src/lib/claims/token.ts';
import { loadContent } from '../../../../src/lib/content/content-files.ts';
import { id } from '../../../helpers/lifecycle.ts';
import { fixtureContent } from '../../../helpers/site-build.ts';

const SECRET = 'manage-test-secret-0123456789abcdefghijklmnop';
const PENDING = id(7);
const ACCEPTED = id(1); // accepted, public
const content = loadContent(fixtureContent);
const awards = new Map(content.awards.map((a) => [a.id, a]));

describe('token purposes', () => {
  test('a claim token is not a manage token, and a manage token is not a claim token', () => {
    const claim = claimToken(SECRET, ACCEPTED, 'cloud-fundamentals');
    const manage = manageToken(SECRET, ACCEPTED, 'cloud-fundamentals');
    assert.notEqual(claim, manage);
    assert.ok(isValidToken('manage', SECRET, ACCEPTED, 'cloud-fundamentals', manage));
    assert.ok(!isValidToken('manage', SECRET, ACCEPTED, 'cloud-fundamentals', claim));
    assert.ok(
      isValidToken(
        'claim',
        SECRET,
        PENDING,
        'data-analyst-associate',
        claimToken(SECRET, PENDING, 'data-analyst-associate'),
      ),
    );
    assert.ok(
      !isValidToken(
        'claim',
        SECRET,
        PENDING,
        'data-analyst-associate',
        manageToken(SECRET, PENDING, 'data-analyst-associate'),
      ),
    );
  });

  test('a submission is checked with the token of its purpose', () => {
    const check = (fields: Record<string, string>) => {
      const parsed = parseSubmission({ choice: 'private', ...fields });
      assert.ok(parsed.ok);
      return checkSubmission(parsed.submission, awards, SECRET);
    };
    const accepted = { award: ACCEPTED, badge: 'cloud-fundamentals' };
    assert.ok(check({ ...accepted, purpose: 'manage', token: manageToken(SECRET, ACCEPTED, 'cloud-fundamentals') }).ok);
    assert.deepEqual(
      check({ ...accepted, purpose: 'manage', token: claimToken(SECRET, ACCEPTED, 'cloud-fundamentals') }),
      {
        ok: false,
        problem: 'bad-token',
      },
    );
    const pending = { award: PENDING, badge: 'data-analyst-associate' };
    assert.deepEqual(check({ ...pending, token: manageToken(SECRET, PENDING, 'data-analyst-associate') }), {
      ok: false,
      problem: 'bad-token',
    });
    assert.deepEqual(
      check({ ...pending, purpose: 'manage', token: manageToken(SECRET, PENDING, 'data-analyst-associate') }),
      { ok: false, problem: 'not-claimed' },
      'the claim link comes first',
    );
    assert.deepEqual(parseSubmission({ ...pending, token: 'x'.repeat(43), choice: 'public', purpose: 'erase' }), {
      ok: false,
      field: 'purpose',
    });
  });
});

describe('manage link', () => {
  const data = {
    awardId: ACCEPTED,
    badgeId: 'cloud-fundamentals',
    token: manageToken(SECRET, ACCEPTED, 'cloud-fundamentals'),
    recipientName: '김민지',
    badgeName: 'Cloud Fundamentals',
    issuedOn: '2025-03-14',
    locale: 'ko',
    purpose: 'manage' as const,
  };
  test('its fragment says manage and reads back; an unknown purpose is a broken link', () => {
    const fragment = claimFragment(data);
    assert.match(fragment, /&p=m$/);
    assert.deepEqual(parseClaimFragment(fragment), { ok: true, data });
    assert.deepEqual(parseClaimFragment(fragment.replace('p=m', 'p=x')), { ok: false, reason: 'broken' });
    const { purpose: _, ...claim } = data;
    assert.doesNotMatch(claimFragment(claim), /p=/);
  });
  test('the email fallback carries the purpose', () => {
    const body = submissionEmailBody({
      award: ACCEPTED,
      badge: 'cloud-fundamentals',
      token: data.token,
      choice: 'private',
      purpose: 'manage',
    });
    assert.equal(fieldsFromEmailBody(body).purpose, 'manage');
  });
});

describe('claims:apply with manage requests', () => {
  const manage = (award: string, badge: string, choice: string) => ({
    award,
    badge,
    token: manageToken(SECRET, award, badge),
    choice,
    purpose: 'manage',
  });
  test('switches an accepted award; the same visibility is done; an unclaimed award is refused; claim then manage in one batch', () => {
    const plan = planClaims(
      [
        { source: 'm1', fields: manage(ACCEPTED, 'cloud-fundamentals', 'private') },
        { source: 'm2', fields: manage(id(3), 'cloud-administrator-associate', 'public') },
        { source: 'm3', fields: manage(id(6), 'cloud-fundamentals', 'public') },
        {
          source: 'c4',
          fields: {
            ...manage(PENDING, 'data-analyst-associate', 'public'),
            purpose: 'claim',
            token: claimToken(SECRET, PENDING, 'data-analyst-associate'),
          },
        },
        { source: 'm4', fields: manage(PENDING, 'data-analyst-associate', 'private') },
      ],
      content.awards,
      content.sources,
      SECRET,
    );
    assert.deepEqual(
      plan.accepted.map((a) => [a.source, a.awardId, a.visibility, a.manage ?? false]),
      [
        ['m1', ACCEPTED, 'private', true],
        ['m3', id(6), 'public', true],
        ['m4', PENDING, 'private', true],
      ],
    );
    assert.deepEqual(
      plan.alreadyDone.map((a) => a.source),
      ['m2'],
    );
    assert.deepEqual(
      plan.refused.map((r) => [r.source, r.problem]),
      [['c4', 'duplicate']],
    );
    const alone = planClaims(
      [{ source: 'm5', fields: manage(PENDING, 'data-analyst-associate', 'public') }],
      content.awards,
      content.sources,
      SECRET,
    );
    assert.deepEqual(alone.accepted, []);
    assert.deepEqual(
      alone.refused.map((r) => [r.source, r.problem]),
      [['m5', 'not-claimed']],
    );
  });
  test('applying a switch to private edits that record only', () => {
    const file = path.join(fixtureContent, 'awards/fixture-awards.yaml');
    const text = readFileSync(file, 'utf8');
    const plan = planClaims(
      [{ source: 'm1', fields: manage(ACCEPTED, 'cloud-fundamentals', 'private') }],
      content.awards,
      content.sources,
      SECRET,
    );
    const [edits] = [...editsByFile(plan.accepted).values()];
    const edited = editYamlAwards(text, edits!);
    assert.deepEqual(edited.missing, []);
    assert.equal(
      edited.text.replace(
        '    issuedOn: "2025-03-14T10:20:00+09:00"\n    claim: accepted\n    visibility: private\n',
        '    issuedOn: "2025-03-14T10:20:00+09:00"\n',
      ),
      text,
    );
  });
});

describe('name correction requests', () => {
  const request = (extra: Record<string, string> = {}) => ({
    award: ACCEPTED,
    badge: 'cloud-fundamentals',
    token: manageToken(SECRET, ACCEPTED, 'cloud-fundamentals'),
    choice: 'name',
    purpose: 'manage',
    name: 'Kim Minji',
    ...extra,
  });
  test('only with the manage link, with a name of one line', () => {
    assert.ok(parseSubmission(request()).ok);
    assert.deepEqual(parseSubmission(request({ purpose: '' })), { ok: false, field: 'choice' });
    assert.deepEqual(parseSubmission(request({ name: '  ' })), { ok: false, field: 'name' });
    assert.deepEqual(parseSubmission(request({ name: 'Kim\nMinji' })), { ok: false, field: 'name' });
    assert.deepEqual(parseSubmission(request({ name: 'x'.repeat(201) })), { ok: false, field: 'name' });
  });
  test('claims:apply lists a valid request by award id and applies nothing; a claim token is refused', () => {
    const plan = planClaims(
      [
        { source: 'n1', fields: request() },
        { source: 'n2', fields: request({ token: claimToken(SECRET, ACCEPTED, 'cloud-fundamentals') }) },
        // Before the badge is accepted too: the earner saw the name in the claim preview.
        {
          source: 'n3',
          fields: request({
            award: PENDING,
            badge: 'data-analyst-associate',
            token: manageToken(SECRET, PENDING, 'data-analyst-associate'),
          }),
        },
      ],
      content.awards,
      content.sources,
      SECRET,
    );
    assert.deepEqual(plan.nameRequests, [
      { source: 'n1', awardId: ACCEPTED },
      { source: 'n3', awardId: PENDING },
    ]);
    assert.deepEqual(plan.accepted, []);
    assert.deepEqual(
      plan.refused.map((r) => [r.source, r.problem]),
      [['n2', 'bad-token']],
    );
  });
});
