/**
 * Earners' profiles (opt-in): which profiles the content accepts, which awards a profile shows (only what anyone
 * could open anyway), and what its page, card and JSON-LD say.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContentError, validateContent, type RawContent } from '../../../../src/lib/content/content-model.ts';
import {
  profileCardData,
  profileJsonLd,
  profileSummary,
  profileView,
} from '../../../../src/lib/profile/profile-page.ts';
import { scriptSafeJson } from '../../../../src/lib/social/json-ld.ts';
import { buildSiteModel } from '../../../../src/lib/site-model.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';
import { validRawContent } from '../../../helpers/raw-content.ts';

const NOW = new Date('2026-01-01T00:00:00Z');
const urls = siteUrls('https://badges.example.org/');

/** The base content plus awards of one earner in every state, and the given profiles. */
function contentWith(profiles: Record<string, unknown>[]): RawContent {
  const raw = validRawContent();
  const award = (n: number, data: Record<string, unknown>) => ({
    file: 'content/awards/more.yaml',
    index: n,
    data: {
      id: `3333333${n}-3333-4333-8333-333333333333`,
      recipient: { name: '김민지', email: 'MINJI@example.com' },
      badge: 'x-200',
      issuedOn: `2025-0${n + 4}-01T09:00:00+09:00`,
      ...data,
    },
  });
  raw.awards.push(
    award(1, {}),
    award(2, { visibility: 'private' }),
    award(3, { claim: 'pending' }),
    award(4, { revoked: { on: '2025-09-01T00:00:00Z', reason: 'Withdrawn' } }),
    award(5, { badge: 'x-201', expires: '2025-12-01T09:00:00+09:00' }),
  );
  raw.profiles = profiles.map((data, index) => ({ file: 'content/profiles.yaml', index, data }));
  return raw;
}

const minji = { id: 'k7wq2mzc9rtx4hna', email: 'minji@example.com', since: '2025-03-20' };

function issuesOf(raw: RawContent) {
  try {
    validateContent(raw);
  } catch (error) {
    assert.ok(error instanceof ContentError);
    return error.issues;
  }
  return assert.fail('accepted');
}

describe('earner profiles', () => {
  test("a profile shows the earner's published, unrevoked awards, newest first, found by email in any case", () => {
    const model = buildSiteModel(validateContent(contentWith([minji])), NOW);
    assert.equal(model.profiles.length, 1);
    const [profile] = model.profiles;
    assert.deepEqual(
      profile!.awards.map((e) => e.award.id),
      [
        '33333335-3333-4333-8333-333333333333', // expired: still the earner's, shown as expired
        '33333331-3333-4333-8333-333333333333',
        '11111111-1111-4111-8111-111111111111',
      ],
    );
    assert.equal(model.profileByAwardId.get('11111111-1111-4111-8111-111111111111'), profile);
    assert.equal(model.profileByAwardId.has('22222222-2222-4222-8222-222222222222'), false, "Alex's award");
    const summary = profileSummary(profile!);
    assert.deepEqual(
      summary.awards.map((a) => a.status),
      ['expired', 'valid', 'valid'],
    );
    assert.doesNotMatch(JSON.stringify(summary), /example\.com/, 'no email in what pages get');
  });

  test('an earner whose awards are all private, pending or revoked gets no page', () => {
    const raw = contentWith([minji]);
    raw.awards = raw.awards.filter((a) => {
      const d = a.data as { visibility?: string; claim?: string; revoked?: unknown; recipient: { email: string } };
      return d.recipient.email.toLowerCase() !== 'minji@example.com' || d.visibility || d.claim || d.revoked;
    });
    const model = buildSiteModel(validateContent(raw), NOW);
    assert.deepEqual(model.profiles, []);
    assert.equal(model.profileByAwardId.size, 0);
  });

  test('content mistakes name the file, the profile and the field', () => {
    const cases: [Record<string, unknown>[], string, RegExp][] = [
      [[minji, { ...minji, email: 'alex@example.com' }], 'id', /duplicate id/],
      [[minji, { ...minji, id: 'zzzzzzzzzzzzzzzz' }], 'email', /already has profile k7wq2mzc9rtx4hna/],
      [[{ ...minji, id: 'minji0000000000000' }], 'id', /contains the email address/],
      [[{ ...minji, email: 'nobody@example.com' }], 'email', /matches no award/],
      [[{ ...minji, id: 'short' }], 'id', /16 to 40 lower-case letters and digits/],
      [[{ ...minji, since: '2025-02-30' }], 'since', /February 2025 has 28 days/],
    ];
    for (const [profiles, field, message] of cases) {
      const issues = issuesOf(contentWith(profiles));
      assert.equal(issues.length, 1, JSON.stringify(issues));
      assert.equal(issues[0]!.file, 'content/profiles.yaml');
      assert.match(issues[0]!.record, /^profile /);
      assert.equal(issues[0]!.field, field);
      assert.match(issues[0]!.message, message);
    }
  });

  test('the page, the card and the JSON-LD: in the page language, noindex unless chosen, markup-safe', () => {
    const raw = contentWith([{ ...minji, indexed: true }]);
    for (const { data } of raw.awards) {
      const recipient = (data as { recipient: { name: string; email: string } }).recipient;
      if (recipient.email.toLowerCase() === 'minji@example.com') recipient.name = '김민지 </script><b>';
    }
    raw.awards = raw.awards.filter((a) => (a.data as { badge: string }).badge !== 'x-200' || a.index === 0);
    const model = buildSiteModel(validateContent(raw), NOW);
    const summary = profileSummary(model.profiles[0]!);
    const en = profileView(model, summary, urls, 'en');
    assert.equal(en.path, 'en/profiles/k7wq2mzc9rtx4hna/');
    assert.equal(en.title, 'Badges of 김민지 </script><b>');
    assert.equal(en.noindex, false);
    assert.equal(en.awards[0]!.href, '/badges/33333335-3333-4333-8333-333333333333/');
    assert.equal(en.awards[0]!.statusLabel, 'Expired');
    assert.equal(profileView(model, { ...summary, indexed: false }, urls, 'ko').noindex, true);
    const ld = profileJsonLd(model, summary, urls, 'ko');
    const person = ld['@graph'][1] as { '@type': string; hasCredential: { url: string }[] };
    assert.equal(person['@type'], 'Person');
    assert.deepEqual(
      person.hasCredential.map((c) => c.url),
      summary.awards.map((a) => `https://badges.example.org/badges/${a.id}/`),
    );
    assert.doesNotMatch(scriptSafeJson(ld), /<\/script>/);
    const card = profileCardData(model, summary, urls);
    assert.equal(card.title, summary.name);
    assert.deepEqual(card.facts, [`공개 배지 ${summary.awards.length}개`]);
  });
});
