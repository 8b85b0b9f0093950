import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import * as fontkit from 'fontkit';
import { measureFont, SOURCE_FONT } from '../../../../src/steps/site-files/font-subset.ts';
import {
  languageFontFile,
  ARIAL_METRICS,
  CodePointCounter,
  fontStylesheet,
  planSubsets,
  unicodeRange,
} from '../../../../src/lib/site/font-subsets.ts';

const cp = (ch: string) => ch.codePointAt(0)!;

describe('CodePointCounter', () => {
  test('counts each code point once per file, astral characters whole, escapes only when asked', () => {
    const counter = new CodePointCounter();
    counter.add('가가a😀');
    counter.add('가 \\uB098 \\u{1F600}', { escapes: true });
    counter.add('\\uB2E4');
    assert.equal(counter.files[cp('가')], 2);
    assert.equal(counter.files[cp('a')], 0, 'ASCII is in every subset anyway');
    assert.equal(counter.files[cp('😀')], 2);
    assert.equal(counter.files[0xd83d], 0, 'no lone surrogate halves');
    assert.equal(counter.files[cp('나')], 1);
    assert.equal(counter.files[cp('다')], 0, 'escapes in HTML text are not read');
    assert.deepEqual(
      counter.used(2).filter((c) => c > 0x7f),
      [cp('가'), cp('😀')],
    );
  });
});

describe('planSubsets', () => {
  test('shared text and common name syllables go into the core; rare ones into slices, most used first', () => {
    const awards = new CodePointCounter();
    const common = '김이박';
    // 1,000 award pages: every one has the template text; each has one rare syllable of its own.
    for (let i = 0; i < 1000; i++) awards.add(`인증 ${common[i % 3]} ${String.fromCodePoint(0xb000 + i)}`);
    const plan = planSubsets({
      shared: [cp('홈')],
      awardFiles: awards.files,
      awardPageCount: 1000,
      covered: (c) => c !== 0xb000 + 5,
      sliceSize: 300,
    });
    for (const ch of '홈인증김이박 Az~') assert.ok(plan.core.includes(cp(ch)), ch);
    assert.ok(!plan.core.includes(0xb000));
    assert.equal(plan.slices.length, 4);
    assert.deepEqual(
      plan.slices.map((s) => s.length),
      [300, 300, 300, 99],
      'the character the font lacks is left out',
    );
    for (const slice of plan.slices)
      assert.deepEqual(
        slice,
        [...slice].sort((a, b) => a - b),
      );
  });

  test('a small site is one file', () => {
    const awards = new CodePointCounter();
    awards.add('김민지');
    const plan = planSubsets({ shared: [cp('홈')], awardFiles: awards.files, awardPageCount: 1, covered: () => true });
    assert.equal(plan.slices.length, 0);
    assert.ok(plan.core.includes(cp('지')));
  });
});

test('unicodeRange merges runs', () => {
  assert.equal(unicodeRange([0x20, 0x21, 0x22, 0x41, 0xac00, 0xac01]), 'U+20-22, U+41, U+AC00-AC01');
});

describe('size-adjusted fallbacks', () => {
  const pretendard = measureFont(fontkit.openSync(SOURCE_FONT) as fontkit.Font);

  test("the fallbacks scale widths by the fonts' advance ratio and carry Pretendard's vertical metrics", () => {
    const css = fontStylesheet([{ href: 'core.woff2', codePoints: [0x41] }], pretendard);
    const latin =
      /"Pretendard Fallback";[^}]*size-adjust: ([\d.]+)%; ascent-override: ([\d.]+)%; descent-override: ([\d.]+)%/.exec(
        css,
      )!;
    const sizeAdjust = Number(latin[1]) / 100;
    assert.ok(Math.abs(sizeAdjust - pretendard.latinAdvance / ARIAL_METRICS.latinAdvance) < 0.001);
    // Scaled font x override = Pretendard's own ascent and descent.
    assert.ok(Math.abs((Number(latin[2]) / 100) * sizeAdjust - pretendard.ascent) < 0.001);
    assert.ok(Math.abs((Number(latin[3]) / 100) * sizeAdjust - pretendard.descent) < 0.001);
    const hangul = /"Pretendard Hangul Fallback";[^}]*size-adjust: ([\d.]+)%/.exec(css)!;
    assert.ok(Math.abs(Number(hangul[1]) / 100 - pretendard.hangulAdvance) < 0.001);
    assert.match(css, /font-display: optional/);
    assert.doesNotMatch(css, /unicode-range: U\+41/, 'one file needs no unicode-range');
  });

  test('the Arial metrics match Liberation Sans (metric-compatible with Arial) where it is installed', (t) => {
    const file = '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf';
    if (!existsSync(file)) return t.skip('Liberation Sans is not installed');
    const measured = measureFont(fontkit.openSync(file) as fontkit.Font);
    for (const key of ['ascent', 'descent', 'lineGap', 'latinAdvance'] as const)
      assert.ok(Math.abs(measured[key] - ARIAL_METRICS[key]) < 0.001, key);
  });
});

test('a language face (Japanese) is its own family, limited to its characters, swapped in when it arrives', () => {
  const metrics = { ascent: 0.95, descent: 0.25, lineGap: 0, latinAdvance: 0.5, hangulAdvance: 0.9 };
  const css = fontStylesheet([{ href: 'pretendard-core.woff2', codePoints: [0x41] }], metrics, [
    { family: 'Pretendard JP', href: 'ja.woff2', codePoints: [0x5b9a, 0x8a8d] },
  ]);
  assert.match(
    css,
    /@font-face \{ font-family: "Pretendard JP"; src: url\("ja\.woff2"\) format\("woff2"\); font-weight: 400 700; font-style: normal; font-display: swap; unicode-range: U\+5B9A, U\+8A8D; \}/,
  );
  assert.equal(languageFontFile('ja'), 'fonts/ja.woff2');
});
