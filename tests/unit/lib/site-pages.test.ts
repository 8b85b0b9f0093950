/**
 * Page-level logic of the site pages (everything but the award page body):
 * the site card's data, the preview tags and titles, the names the English
 * verify page shows, where Korean text is, and dates cut out of messages.
 */
import type { Locale } from '../../../src/lib/content/schema.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dateAttribute, formatDate, messageAround, t } from '../../../src/lib/i18n.ts';
import { siteCardData } from '../../../src/lib/social/og-card.ts';
import { siteFile, sitePaths } from '../../../src/lib/site-urls.ts';
import {
  certificationSocialTags,
  certificationTitle,
  cutAtWord,
  pageSocialTags,
  pageTitle,
} from '../../../src/lib/social/social-meta.ts';
import { hasHangul, koreanRuns } from '../../../src/lib/content/text-language.ts';
import { localNames } from '../../../src/lib/verify/names.ts';
import { awardView, catalogEntryView } from '../../../src/lib/award-page/page-data.ts';
import { fixtureModel, fixtureUrls } from '../../helpers/fixture-model.ts';

const model = fixtureModel();

describe('site card and preview tags', () => {
  test('one site card per language: the headline in it, the other language under it, no recipient', () => {
    const ko = siteCardData(model, fixtureUrls, 'ko');
    const en = siteCardData(model, fixtureUrls, 'en');
    assert.equal(ko.title, t('ko', 'home.title'));
    assert.equal(ko.subtitle, t('en', 'home.title'));
    assert.equal(en.title, t('en', 'home.title'));
    assert.equal(en.subtitle, t('ko', 'home.title'));
    assert.equal(en.issuer, 'NuriTech Certification Program');
    assert.equal(ko.recipient, undefined);
    assert.deepEqual(ko.states, []);
    assert.equal(ko.footer, 'badges.example.org');
  });

  test('page tags: the page in its language, the site card of that language, the site name', () => {
    const tags = pageSocialTags(model, fixtureUrls, {
      locale: 'en',
      path: 'en/faq/',
      title: 'FAQ',
      description: 'Answers.',
    });
    const get = (key: string) => tags.filter((tag) => tag.key === key).map((tag) => tag.content);
    assert.deepEqual(get('og:url'), ['https://badges.example.org/en/faq/']);
    assert.deepEqual(get('og:locale'), ['en_US']);
    assert.deepEqual(get('og:locale:alternate'), ['ko_KR']);
    assert.deepEqual(get('og:site_name'), ['NuriTech Certification Program']);
    assert.deepEqual(get('og:image'), [fixtureUrls.url(sitePaths.siteCard('en', 'ko'))]);
    assert.deepEqual(get('og:image'), ['https://badges.example.org/en/card.png']);
    assert.deepEqual(get('twitter:card'), ['summary_large_image']);
  });

  test('a logo hosted elsewhere: no site card, so the tags declare no image', () => {
    const remote = { ...model, issuer: { ...model.issuer, logo: 'https://cdn.example.org/logo.svg' } };
    assert.equal(siteFile(remote.issuer.logo), undefined);
    const tags = pageSocialTags(remote, fixtureUrls, { locale: 'ko', path: '', title: 'x', description: 'y' });
    assert.equal(
      tags.some((tag) => tag.key.includes('image')),
      false,
    );
    assert.deepEqual(tags.find((tag) => tag.key === 'twitter:card')?.content, 'summary');
  });

  test('titles end with the site name, once', () => {
    assert.equal(pageTitle(model, 'en', 'Verify a badge'), 'Verify a badge · NuriTech Certification Program');
    assert.equal(pageTitle(model, 'ko', '배지 검증'), '배지 검증 · 누리테크 인증 프로그램');
    assert.equal(pageTitle(model, 'ko', '누리테크 인증 프로그램 소개'), '누리테크 인증 프로그램 소개');
  });
});

describe('the line above a name (the eyebrow)', () => {
  test('starts with the kind, capitalised in English; sentences keep it lower case', () => {
    const retired = model.published.find((p) => p.badgeClass.id === 'server-administrator-associate')!;
    const en = awardView(model, retired, fixtureUrls, 'en');
    assert.equal(en.kindLabel, 'Certification');
    assert.match(en.retiredNote!, /^This certification was retired on /);
    assert.equal(awardView(model, retired, fixtureUrls, 'ko').kindLabel, '인증');
    assert.equal(catalogEntryView(model, 'cloud-fundamentals', fixtureUrls, 'en').kindLabel, 'Certification');
    assert.equal(catalogEntryView(model, 'nt-900', fixtureUrls, 'en').kindLabel, 'Exam');
    assert.equal(catalogEntryView(model, 'nt-900', fixtureUrls, 'ko').kindLabel, '시험');
  });
});

describe('certification page titles', () => {
  const ogTitle = (m: typeof model, id: string, locale: Locale) =>
    certificationSocialTags(m, id, fixtureUrls, locale).find((tag) => tag.key === 'og:title')!.content;

  test('at most 70 characters: with the site name when both fit, else the name alone', () => {
    assert.equal(
      certificationTitle(model, 'cloud-fundamentals', 'en'),
      'NuriTech Certified Cloud Fundamentals · NuriTech Certification Program',
    );
    assert.equal(
      certificationTitle(model, 'server-administrator-associate', 'en'),
      'NuriTech Certified Server Administrator Associate',
    );
    for (const entry of model.catalog)
      for (const locale of model.issuer.locales) {
        const title = certificationTitle(model, entry.id, locale);
        assert.ok([...title].length <= 70, `${entry.id} ${locale}: ${title}`);
        assert.ok([...ogTitle(model, entry.id, locale)].length <= 70, `${entry.id} ${locale} og:title`);
      }
  });

  test('a name too long alone is cut at a word, with an ellipsis, in the title and og:title', () => {
    const name = {
      en: 'NuriTech Certified Hybrid Cloud Networking and Security Operations Professional Associate',
      ko: '누리테크 공인 하이브리드 클라우드 네트워킹 및 보안 운영 전문가 어소시에이트 인증 과정 심화 단계 고급 실무 역량 평가 프로그램 최종 단계',
    };
    const entry = model.badgeClassById.get('cloud-fundamentals')!;
    const long = { ...model, badgeClassById: new Map([...model.badgeClassById, [entry.id, { ...entry, name }]]) };
    const en = certificationTitle(long, entry.id, 'en');
    assert.equal(en, 'NuriTech Certified Hybrid Cloud Networking and Security Operations…');
    assert.equal(ogTitle(long, entry.id, 'en'), en);
    const ko = certificationTitle(long, entry.id, 'ko');
    assert.ok([...ko].length <= 70 && ko.endsWith('…') && name.ko.startsWith(ko.slice(0, -1)), ko);
    assert.ok(name.ko.startsWith(`${ko.slice(0, -1)} `), 'cut at a space');
  });

  test('cutting: whole text under the limit, no trailing separator, one long word cut where it must be', () => {
    assert.equal(cutAtWord('Short name', 70), 'Short name');
    assert.equal(cutAtWord('Alpha beta · gamma', 13), 'Alpha beta…');
    assert.equal(cutAtWord('Supercalifragilistic', 10), 'Supercali…');
  });
});

describe('names on the verify page', () => {
  test("this site's badges and issuer, by the ids credentials give them, in the page's language", () => {
    const names = localNames(model, fixtureUrls, 'en');
    assert.equal(
      names.badges['https://badges.example.org/certifications/cloud-fundamentals/badgeclass.json'],
      'NuriTech Certified Cloud Fundamentals',
    );
    assert.equal(names.issuers['did:web:badges.example.org'], 'NuriTech Certification Program');
    assert.equal(names.issuers['https://badges.example.org/issuer.json'], 'NuriTech Certification Program');
    // Entries without a badge never appear in a credential.
    for (const badgeClass of model.catalog.filter((b) => !model.decisions.get(b.id)!.hasBadge)) {
      assert.equal(names.badges[fixtureUrls.url(sitePaths.ob2BadgeClass(badgeClass.id))], undefined, badgeClass.id);
    }
  });
});

describe('Korean text in other languages', () => {
  test('Hangul runs, with the spaces and punctuation between Hangul words, are Korean; the rest is not', () => {
    assert.deepEqual(koreanRuns('The issuer revoked this badge. Reason: 시험 부정행위 (2차 확인).'), [
      { text: 'The issuer revoked this badge. Reason: ', korean: false },
      { text: '시험 부정행위 (2차 확인', korean: true },
      { text: ').', korean: false },
    ]);
    assert.deepEqual(koreanRuns('김민지'), [{ text: '김민지', korean: true }]);
    assert.deepEqual(koreanRuns('Priya Natarajan'), [{ text: 'Priya Natarajan', korean: false }]);
    assert.equal(
      koreanRuns('a 가 b 나다 c')
        .map((r) => r.text)
        .join(''),
      'a 가 b 나다 c',
    );
    assert.equal(hasHangul('Dana O’Neil'), false);
    assert.equal(hasHangul('황보은비'), true);
  });
});

describe('dates in messages', () => {
  test('a message cut around its {date}, and the datetime of a <time> showing it', () => {
    assert.deepEqual(messageAround('en', 'catalog.retiredOn', 'date'), ['Retired ', '']);
    assert.deepEqual(messageAround('ko', 'catalog.retiredOn', 'date'), ['', ' 중단']);
    const [before, after] = messageAround('ko', 'catalog.retiredOn', 'date');
    assert.equal(
      before + formatDate('ko', '2019-12-31') + after,
      t('ko', 'catalog.retiredOn', { date: formatDate('ko', '2019-12-31') }),
    );
    // The day written in the value, as formatDate shows it (not shifted to UTC).
    assert.equal(dateAttribute('2025-03-14T00:30:00+09:00'), '2025-03-14');
    assert.equal(formatDate('en', '2025-03-14T00:30:00+09:00'), '14 March 2025');
  });
});
