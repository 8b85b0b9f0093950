import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  emailShareUrl,
  encodeQueryValue,
  linkedInAddToProfileUrl,
  shareLinks,
  yearMonth,
  type ShareTarget,
} from '../../../../src/lib/social/share-links.ts';
import { fixtureAward, fixtureModel, fixtureUrls } from '../../../helpers/fixture-model.ts';

const model = fixtureModel();
const pageUrl = (n: number) =>
  `https://badges.example.org/badges/00000000-0000-4000-8000-${String(n).padStart(12, '0')}/`;

function linksOf(n: number, locale: 'ko' | 'en' = 'en'): Map<ShareTarget, URL> {
  return new Map(
    shareLinks(model, fixtureAward(model, n), fixtureUrls, locale).map((l) => [l.target, new URL(l.href)]),
  );
}

/** mailto: parameters, decoded the way mail clients do (percent-decoding, "+" is a plus). */
function mailtoParams(url: URL): Record<string, string> {
  return Object.fromEntries(
    url.search
      .slice(1)
      .split('&')
      .map((pair) => pair.split('=').map(decodeURIComponent) as [string, string]),
  );
}

describe('LinkedIn add to profile', () => {
  test('carries every field of the certification, parsed back from the URL', () => {
    const url = linksOf(2).get('linkedin-profile')!;
    assert.equal(url.origin + url.pathname, 'https://www.linkedin.com/profile/add');
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      startTask: 'CERTIFICATION_NAME',
      name: 'NuriTech Certified Solutions Architect Expert',
      organizationId: '1337',
      issueYear: '2026',
      issueMonth: '6',
      expirationYear: '2027',
      expirationMonth: '6',
      certUrl: `${pageUrl(2)}#en`,
      certId: '00000000-0000-4000-8000-000000000002',
    });
  });

  test('an award without expiry has no expiration fields; the Korean page names the badge in Korean', () => {
    const params = linksOf(1, 'ko').get('linkedin-profile')!.searchParams;
    assert.equal(params.get('name'), '누리테크 클라우드 기초 인증');
    assert.equal(params.has('expirationYear'), false);
    assert.equal(params.has('expirationMonth'), false);
    assert.equal(params.get('issueYear'), '2025');
    assert.equal(params.get('issueMonth'), '3');
  });

  test('falls back to the organization name when the issuer has no LinkedIn id', () => {
    const params = new URL(
      linkedInAddToProfileUrl({
        name: 'X',
        organizationName: 'NuriTech & Co',
        issuedOn: '2025-01-31T23:30:00-05:00',
        certUrl: 'https://e.org/b/1/',
        certId: '1',
      }),
    ).searchParams;
    assert.equal(params.get('organizationName'), 'NuriTech & Co');
    assert.equal(params.has('organizationId'), false);
  });

  test('month and year are those of the award’s own time zone, not UTC', () => {
    assert.deepEqual(yearMonth('2025-03-01T00:30:00+09:00'), { year: 2025, month: 3 }); // 28 Feb in UTC
    assert.deepEqual(yearMonth('2025-12-31T23:30:00-05:00'), { year: 2025, month: 12 }); // 1 Jan in UTC
    const params = linksOf(11).get('linkedin-profile')!.searchParams;
    assert.equal(params.get('issueMonth'), '3');
  });
});

describe('post and message links', () => {
  test('LinkedIn, X and Facebook links point at the award page, in the language they were made in', () => {
    assert.equal(
      linksOf(1, 'ko').get('facebook')!.searchParams.get('u'),
      pageUrl(1),
      'the default language: the plain URL',
    );
    const links = linksOf(1);
    assert.equal(links.get('linkedin')!.href.split('?')[0], 'https://www.linkedin.com/sharing/share-offsite/');
    assert.equal(links.get('linkedin')!.searchParams.get('url'), `${pageUrl(1)}#en`);
    assert.equal(links.get('x')!.origin + links.get('x')!.pathname, 'https://x.com/intent/post');
    assert.equal(links.get('x')!.searchParams.get('url'), `${pageUrl(1)}#en`);
    assert.equal(
      links.get('x')!.searchParams.get('text'),
      'I earned the NuriTech Certified Cloud Fundamentals badge from NuriTech Certification Program.',
    );
    assert.equal(
      links.get('facebook')!.origin + links.get('facebook')!.pathname,
      'https://www.facebook.com/sharer/sharer.php',
    );
    assert.equal(links.get('facebook')!.searchParams.get('u'), `${pageUrl(1)}#en`);
  });

  test('email: no recipient, subject and body percent-encoded, body ends with the page URL', () => {
    const url = linksOf(1, 'ko').get('email')!;
    assert.equal(url.protocol, 'mailto:');
    assert.equal(url.pathname, '');
    assert.doesNotMatch(url.href, /\+/, 'spaces must not be encoded as "+" in mailto:');
    const params = mailtoParams(url);
    assert.equal(params.subject, '누리테크 클라우드 기초 인증 배지');
    assert.equal(
      params.body,
      `누리테크 인증 프로그램에서 발급한 누리테크 클라우드 기초 인증 배지를 받았습니다.\n\n${pageUrl(1)}\n`,
    );
    assert.deepEqual(mailtoParams(new URL(emailShareUrl('a+b & c', 'x=1'))), { subject: 'a+b & c', body: 'x=1' });
  });

  test('an expired award says so in every text it shares', () => {
    const links = linksOf(3);
    assert.match(links.get('x')!.searchParams.get('text')!, /expired on 20 May 2025/);
    assert.match(mailtoParams(links.get('email')!).body!, /expired on 20 May 2025/);
    assert.match(linksOf(3, 'ko').get('x')!.searchParams.get('text')!, /2025년 5월 20일에 만료/);
    assert.doesNotMatch(
      linksOf(2).get('x')!.searchParams.get('text')!,
      /expire/i,
      'a valid award with an expiry date is not expired',
    );
  });

  test('a revoked award offers no links at all', () => {
    assert.deepEqual(shareLinks(model, fixtureAward(model, 4), fixtureUrls, 'ko'), []);
    assert.deepEqual(shareLinks(model, fixtureAward(model, 4), fixtureUrls, 'en'), []);
  });

  test('every non-revoked award gets all five links', () => {
    for (const entry of model.published.filter((p) => p.state.status !== 'revoked')) {
      const targets = shareLinks(model, entry, fixtureUrls, 'ko').map((l) => l.target);
      assert.deepEqual(targets, ['linkedin-profile', 'linkedin', 'x', 'facebook', 'email']);
    }
  });
});

describe('share link encoding', () => {
  test('Hangul and the ":/" of addresses stay as written (a third of the bytes); delimiters, spaces and controls are encoded', () => {
    for (const value of [
      '누리테크 인증 프로그램',
      'a+b & c=d#e%f',
      "it's (ok)?",
      'https://badges.example.org/badges/x/#en',
      'line\nbreak',
      '\u0085 \u00a0 ﷐ 👩‍💻',
    ]) {
      const encoded = encodeQueryValue(value);
      assert.equal(new URL(`https://example.org/?v=${encoded}`).searchParams.get('v'), value, `${value} round-trips`);
      assert.equal(decodeURIComponent(encoded), value);
      // Only URL code points: no spaces, controls, quotes or HTML specials left to escape.
      assert.doesNotMatch(encoded, /[ \t\n\r\f"'<>&=+#\ufdd0-\ufdef]/u);
      assert.ok(
        [...encoded].every((c) => c.codePointAt(0)! > 0x20 && (c.codePointAt(0)! < 0x7f || c.codePointAt(0)! >= 0xa0)),
        `${encoded}: no controls`,
      );
    }
    assert.equal(encodeQueryValue('누리 테크'), '누리%20테크');
    assert.equal(encodeQueryValue('https://a.org/b/'), 'https://a.org/b/');
    const email = linksOf(1, 'ko').get('email')!;
    const raw = shareLinks(model, fixtureAward(model, 1), fixtureUrls, 'ko').find((l) => l.target === 'email')!.href;
    assert.ok(raw.includes('누리테크'), 'the href carries the Hangul as is');
    assert.ok(
      raw.length * 2 < email.href.length,
      `${raw.length} bytes rather than ${email.href.length} percent-encoded`,
    );
  });
});
