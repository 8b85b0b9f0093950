import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { langFrom } from '../../../../scripts/lib/cli.ts';
import { dateLocaleTag, formatDate, languageName, t } from '../../../../src/lib/i18n.ts';
import { localeCss } from '../../../../src/lib/locales/locale-css.ts';
import { LOCALE_ROWS, LOCALES, localeRow } from '../../../../src/lib/locales/registry.ts';
import { ko } from '../../../../src/lib/locales/messages/ko.ts';
import { OG_LOCALES } from '../../../../src/lib/social/social-meta.ts';
import { LOCALES as SCHEMA_LOCALES } from '../../../../src/lib/content/schema.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locale registry', () => {
  test('every message file has every key of ko.ts, no other, each with the same placeholders', () => {
    const keys = Object.keys(ko).sort();
    for (const row of LOCALE_ROWS) {
      const own = Object.keys(row.messages).sort();
      assert.deepEqual(
        keys.filter((k) => !own.includes(k)),
        [],
        `src/lib/locales/messages/${row.code}.ts: missing keys`,
      );
      assert.deepEqual(
        own.filter((k) => !keys.includes(k)),
        [],
        `src/lib/locales/messages/${row.code}.ts: keys ko.ts does not have`,
      );
      for (const key of keys) {
        const text = (row.messages as Record<string, string>)[key]!;
        assert.ok(text.trim().length > 0, `${row.code}.ts ${key}: empty`);
        assert.deepEqual(
          placeholders(text),
          placeholders(ko[key as keyof typeof ko]),
          `${row.code}.ts ${key}: placeholders`,
        );
      }
    }
  });

  test('the schema, Open Graph and dates read the registry; Japanese is a row', () => {
    assert.deepEqual([...SCHEMA_LOCALES], [...LOCALES]);
    assert.ok(LOCALES.includes('ja'));
    assert.equal(OG_LOCALES.ja, 'ja_JP');
    assert.equal(dateLocaleTag('ja'), 'ja-JP');
  });

  test('dates per locale: the calendar day written, in each language', () => {
    assert.equal(formatDate('ja', '2026-11-26T23:30:00+09:00'), '2026年11月26日');
    assert.equal(formatDate('ko', '2026-11-26'), '2026년 11월 26일');
    assert.equal(formatDate('en', '2026-11-26'), '26 November 2026');
  });

  test('an unknown locale is an error naming it, never British English', () => {
    assert.throws(() => dateLocaleTag('xx' as never), /no row for the locale "xx"/);
    assert.throws(() => formatDate('xx' as never, '2026-11-26'), /no row for the locale "xx"/);
    assert.throws(() => t('xx' as never, 'nav.home'), /no messages for the locale "xx"/);
    assert.throws(() => localeRow('en-GB'), /no row for the locale "en-GB"/);
  });

  test('Korean particles only where the row has them; language names from Intl', () => {
    assert.equal(t('ko', 'home.intro', { issuer: '누리테크' }).slice(0, 5), '누리테크가');
    assert.match(t('ja', 'home.intro', { issuer: 'ヌリテック' }), /^ヌリテックが発行した/);
    assert.equal(languageName('ko', 'ja'), '일본어');
    assert.equal(languageName('ja', 'ko'), '韓国語');
    assert.equal(languageName('en', 'ja'), 'Japanese');
  });

  test('commands speak the rows with command texts (Korean, English); a Japanese user reads English', () => {
    assert.deepEqual(
      LOCALE_ROWS.filter((row) => row.cliTexts).map((row) => row.code),
      ['ko', 'en'],
    );
    assert.equal(langFrom(undefined, { LANG: 'ja_JP.UTF-8' }), 'en');
    assert.equal(langFrom(undefined, { LANG: 'ko_KR.UTF-8' }), 'ko');
  });

  test('every row names a direction, and right-to-left is a value rows may take', () => {
    for (const row of LOCALE_ROWS) assert.ok(['ltr', 'rtl'].includes(row.dir), row.code);
  });
});

describe('the stylesheet rules that name a language', () => {
  test('every row gets its award-locale, frame and menu rules and its font stack, from the registry alone', () => {
    const css = localeCss([...LOCALE_ROWS, { code: 'ar', fonts: { page: ['"Noto Sans Arabic"'], card: [] } }]);
    for (const code of [...LOCALES, 'ar']) {
      assert.ok(css.includes(`html[data-lang="${code}"] [data-l10n="${code}"]`), code);
      assert.ok(css.includes(`html[data-lang="${code}"] .award-locale[data-locale="${code}"]`), code);
      assert.ok(css.includes(`html:not([data-lang]):has(#${code}.award-locale:target) [data-l10n="${code}"]`), code);
      assert.ok(css.includes(`html[data-lang="${code}"] .languages a[data-switch-locale="${code}"]`), code);
    }
    assert.match(css, /:lang\(ja\) \{\n {2}font-family: "Pretendard JP", /);
    assert.match(css, /:lang\(ar\) \{\n {2}font-family: "Noto Sans Arabic", Pretendard/);
  });
});
