/**
 * Preview titles: "Name — Badge" in the award's language, at most 60
 * characters, cut at a word boundary and never inside a character (surrogate
 * pair, Hangul syllable written as jamo, emoji sequence, combining marks).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  awardPreviewTitle,
  cutText,
  graphemeCount,
  PREVIEW_TITLE_LIMIT,
} from '../../../../src/lib/social/preview-title.ts';
import { cutAtWord } from '../../../../src/lib/social/social-meta.ts';

const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)];

/** Every cut keeps a prefix of whole graphemes of the text, then the ellipsis. */
function assertCleanCut(text: string, cut: string, limit: number) {
  assert.ok(graphemeCount(cut) <= limit, `${cut} has ${graphemeCount(cut)} > ${limit}`);
  assert.ok(cut.endsWith('…'), cut);
  const head = cut.slice(0, -1);
  assert.ok(text.startsWith(head), `${cut} is a prefix of ${text}`);
  const boundaries = new Set(graphemes(text).map((s) => s.index));
  assert.ok(boundaries.has(head.length), `${cut} ends at a grapheme boundary`);
  assert.ok(!/[\uD800-\uDBFF]$/.test(head), 'no lone high surrogate');
}

describe('cutting titles at a word or grapheme boundary', () => {
  test('short texts stay whole; long Latin texts lose whole words', () => {
    assert.equal(cutText('Short name', 70), 'Short name');
    assert.equal(cutText('Alpha beta · gamma', 13), 'Alpha beta…');
    assert.equal(cutText('Alpha betagamma', 10), 'Alpha…');
    assert.equal(cutText('Supercalifragilistic', 10), 'Supercali…', 'one long word: cut at a character');
    assert.equal(cutAtWord('Alpha beta · gamma', 13), 'Alpha beta…', 'cutAtWord is the same cut');
  });

  test('Korean: whole words (eojeol), syllables written as jamo are never split', () => {
    assert.equal(cutText('누리테크 클라우드 기초 인증', 12, 'ko'), '누리테크 클라우드…');
    // 한 written as conjoining jamo (ᄒ ᅡ ᆫ): three code points, one syllable.
    const jamo = '\u1112\u1161\u11ab';
    const text = jamo.repeat(20);
    const cut = cutText(text, 10, 'ko');
    assertCleanCut(text, cut, 10);
    assert.equal(cut, `${jamo.repeat(9)}…`);
  });

  test('emoji sequences, surrogate pairs and combining marks stay whole', () => {
    const family = '👨‍👩‍👧‍👦';
    for (const text of [
      family.repeat(12),
      '𝒜'.repeat(30), // astral letters: surrogate pairs
      'e\u0301'.repeat(40), // é as e + combining acute
      `Zoë ${'Ñ\u0303a\u0308'.repeat(30)}`,
      'Ana 👩🏽‍💻 Lopez '.repeat(8),
    ]) {
      for (const limit of [5, 9, 17, 60]) {
        if (graphemeCount(text) <= limit) assert.equal(cutText(text, limit), text);
        else assertCleanCut(text, cutText(text, limit), limit);
      }
    }
    assert.equal(cutText(family.repeat(5), 3), `${family.repeat(2)}…`);
  });

  test('Japanese words are found without spaces (the locale segmenter)', () => {
    const text = '私はクラウド基礎認定資格を取得しました';
    const cut = cutText(text, 10, 'ja' as never);
    assertCleanCut(text, cut, 10);
  });
});

describe('award preview titles: person first, in the award language', () => {
  test('"Name — Badge" whole when it fits', () => {
    assert.equal(
      awardPreviewTitle('김민지', '누리테크 클라우드 기초 인증', 'ko'),
      '김민지 — 누리테크 클라우드 기초 인증',
    );
    assert.equal(
      awardPreviewTitle('Priya Natarajan', 'NuriTech Certified Cloud Administrator', 'en'),
      'Priya Natarajan — NuriTech Certified Cloud Administrator',
    );
  });

  test('a long badge loses words, the name stays whole; a name too long alone is cut at a word', () => {
    const badge = 'NuriTech Certified Multi-Cloud Hybrid Infrastructure Solutions Architect Expert';
    const title = awardPreviewTitle('Alex Morgan', badge, 'en');
    assert.ok(title.startsWith('Alex Morgan — NuriTech'), title);
    assert.ok(graphemeCount(title) <= PREVIEW_TITLE_LIMIT, title);
    assertCleanCut(`Alex Morgan — ${badge}`, title, PREVIEW_TITLE_LIMIT);
    const name = 'Maximilian Alexander Christopher Montgomery-Worthington the Third of Greater Wessex';
    const long = awardPreviewTitle(name, badge, 'en');
    assert.ok(graphemeCount(long) <= PREVIEW_TITLE_LIMIT);
    assert.ok(!long.includes('—'), `no dangling separator: ${long}`);
    assertCleanCut(name, long, PREVIEW_TITLE_LIMIT);
  });

  test('emoji in a name are counted as one character each and never split', () => {
    const name = `Jin 🧑🏻‍💻${'🎉'.repeat(70)}`;
    const title = awardPreviewTitle(name, 'Cloud', 'en');
    assertCleanCut(`${name} — Cloud`, title, PREVIEW_TITLE_LIMIT);
  });
});
