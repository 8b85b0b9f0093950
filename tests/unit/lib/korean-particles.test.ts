/**
 * Korean particles after a name follow the name's final consonant
 * ("프로그램이", "기관은"), never the written-out pair "이(가)".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { t, withParticle } from '../../../src/lib/i18n.ts';

test('the home intro picks 이 or 가 from the issuer name', () => {
  assert.match(t('ko', 'home.intro', { issuer: '누리테크 인증 프로그램' }), /^누리테크 인증 프로그램이 발급한/);
  assert.match(t('ko', 'home.intro', { issuer: '누리테크' }), /^누리테크가 발급한/);
});

test('은/는 and 을/를 follow the final consonant', () => {
  assert.match(t('ko', 'award.retired', { kind: '인증', date: '2025년 1월 1일' }), /^이 인증은 2025/);
  assert.match(t('ko', 'award.retired', { kind: '배지', date: '2025년 1월 1일' }), /^이 배지는 2025/);
  assert.match(t('ko', 'verify.issuer.failed', { issuer: '다른 기관', expected: 'x' }), /기관은 이 사이트의/);
});

test('no message keeps a written-out pair after a Hangul name', () => {
  for (const key of ['home.intro', 'award.retired', 'verify.issuer.failed', 'verify.format.fetchFailed'] as const) {
    const text = t('ko', key, {
      issuer: '프로그램',
      kind: '시험',
      url: '주소',
      date: '오늘',
      expected: '기관',
      detail: '',
    });
    assert.doesNotMatch(text, /\((가|를|는|으)\)/, key);
  }
});

test('a word not ending in Hangul keeps the pair: its reading is unknown', () => {
  assert.equal(withParticle('https://example.com/a.json', '을(를)'), '을(를)');
  assert.equal(withParticle('공인', '(으)로'), '으로');
  assert.equal(withParticle('서버', '(으)로'), '로');
});
