/**
 * The site's font, as built: Pretendard cut to the characters of the built
 * pages (recipients' names included, in any script), loaded by one small
 * stylesheet with a handful of @font-face rules, every file it names present,
 * and no page left to fetch more than the font budget.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import * as fontkit from 'fontkit';
import { SOURCE_FONT } from '../../src/steps/site-files/font-subset.ts';
import { FONT_CORE, FONT_STYLESHEET } from '../../src/lib/site/font-subsets.ts';
import { buildSite, fixtureContent } from '../helpers/site-build.ts';

/** Per page, at most this many bytes of font files (issue 13). */
const FONT_BUDGET = 120 * 1024;
/** Core file, two local fallbacks, and a few slices on a large site. */
const MAX_FONT_FACES = 8;
/** Syllables no page but one award page uses, a Latin name with accents, and Thai (which Pretendard lacks). */
const RARE_NAME = '뷁쀍 Zoë ไทย';

let dist: string;
/** The site's files; the editing studio (studio/) draws with fonts of its own (src/lib/studio/studio-page.ts). */
const files = () =>
  readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dist, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((f) => !f.startsWith('studio/'));
const source = fontkit.openSync(SOURCE_FONT) as fontkit.Font;

interface Face {
  file: string;
  range?: [number, number][];
}

function facesOf(css: string, cssFile: string): Face[] {
  return [...css.matchAll(/@font-face\s*\{([^}]*)\}/g)].flatMap(([, body]) => {
    const url = /url\("?([^")]+)"?\)/.exec(body!)?.[1];
    if (!url) return [];
    const range = /unicode-range:\s*([^;]+)/.exec(body!)?.[1];
    return [
      {
        file: path.posix.join(path.posix.dirname(cssFile), url),
        range: range?.split(',').map((part) => {
          const [from, to] = part.trim().replace('U+', '').split('-');
          return [Number.parseInt(from!, 16), Number.parseInt(to ?? from!, 16)] as [number, number];
        }),
      },
    ];
  });
}

describe('font subset of the built site', () => {
  before(() => {
    // Fixture content with one recipient renamed: the subset must follow the award pages, not only the frame.
    const content = mkdtempSync(path.join(os.tmpdir(), 'emblem-fonts-'));
    cpSync(fixtureContent, content, { recursive: true });
    const awards = path.join(content, 'awards/fixture-awards.yaml');
    writeFileSync(awards, readFileSync(awards, 'utf8').replace('name: 김민지,', `name: ${RARE_NAME},`));
    dist = buildSite({ contentDir: content });
  });

  test('the CSS carries a handful of @font-face rules, all in the font stylesheet, and every file they name exists', () => {
    const css = files().filter((f) => f.endsWith('.css'));
    const counts = css.map(
      (f) => [f, (readFileSync(path.join(dist, f), 'utf8').match(/@font-face/g) ?? []).length] as const,
    );
    const total = counts.reduce((sum, [, n]) => sum + n, 0);
    assert.ok(total >= 3 && total <= MAX_FONT_FACES, `${total} @font-face rule(s): ${JSON.stringify(counts)}`);
    for (const [file, n] of counts) if (file !== FONT_STYLESHEET) assert.equal(n, 0, `${file} declares fonts`);
    const faces = facesOf(readFileSync(path.join(dist, FONT_STYLESHEET), 'utf8'), FONT_STYLESHEET);
    assert.ok(faces.some((f) => f.file === FONT_CORE));
    for (const face of faces) assert.ok(existsSync(path.join(dist, face.file)), `${face.file} is missing`);
    assert.deepEqual(
      files().filter((f) => /\.(woff2?|otf|ttf)$/.test(f)),
      faces.map((f) => f.file).sort(),
      'no font file is shipped that nothing loads',
    );
  });

  test('every page preloads the core font and links the font stylesheet', () => {
    for (const page of files().filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(path.join(dist, page), 'utf8');
      assert.match(
        html,
        new RegExp(`<link rel="preload" href="/${FONT_CORE}" as="font" type="font/woff2" crossorigin`),
        page,
      );
      assert.match(html, new RegExp(`<link rel="stylesheet" href="/${FONT_STYLESHEET}"`), page);
    }
  });

  test('every character of every page that Pretendard can draw is in the subset that covers it, within the font budget', () => {
    const faces = facesOf(readFileSync(path.join(dist, FONT_STYLESHEET), 'utf8'), FONT_STYLESHEET).map((face) => ({
      ...face,
      font: fontkit.openSync(path.join(dist, face.file)) as fontkit.Font,
      bytes: readFileSync(path.join(dist, face.file)).length,
    }));
    const scripts = files().filter((f) => f.endsWith('.js'));
    const scriptText = scripts.map((f) => readFileSync(path.join(dist, f), 'utf8')).join('');
    let pages = 0;
    for (const page of files().filter((f) => f.endsWith('.html'))) {
      pages++;
      const used = new Set<number>();
      for (const ch of readFileSync(path.join(dist, page), 'utf8')) used.add(ch.codePointAt(0)!);
      const fetched = new Set<string>();
      for (const cp of used) {
        if (cp < 0x20 || !source.hasGlyphForCodePoint(cp)) continue;
        const face = faces.find((f) => !f.range || f.range.some(([from, to]) => cp >= from && cp <= to));
        assert.ok(face, `${page}: U+${cp.toString(16)} "${String.fromCodePoint(cp)}" is in no unicode-range`);
        assert.ok(face.font.hasGlyphForCodePoint(cp), `${page}: ${face.file} lacks "${String.fromCodePoint(cp)}"`);
        fetched.add(face.file);
      }
      fetched.add(FONT_CORE);
      const bytes = faces.filter((f) => fetched.has(f.file)).reduce((sum, f) => sum + f.bytes, 0);
      assert.ok(bytes <= FONT_BUDGET, `${page} needs ${bytes} bytes of fonts`);
    }
    assert.ok(pages > 10);
    // Text the verify page's script writes is covered too.
    const core = faces.find((f) => f.file === FONT_CORE)!.font;
    for (const ch of new Set(scriptText)) {
      const cp = ch.codePointAt(0)!;
      if (cp >= 0xac00 && cp <= 0xd7a3)
        assert.ok(core.hasGlyphForCodePoint(cp), `script text "${ch}" is not in the core font`);
    }
  });

  test("a site without Japanese ships no Japanese face, and the page scripts' kana stay out of the core", () => {
    // The page scripts carry every language's texts, Japanese too.
    const scriptText = files()
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(path.join(dist, f), 'utf8'))
      .join('');
    assert.match(scriptText, /\p{Script=Hiragana}/u, 'the scripts carry Japanese texts');
    const core = fontkit.openSync(path.join(dist, FONT_CORE)) as fontkit.Font;
    for (const ch of 'あス')
      assert.ok(!core.hasGlyphForCodePoint(ch.codePointAt(0)!), `"${ch}" is in the core every page loads`);
    assert.deepEqual(
      files().filter((f) => f.startsWith('fonts/ja')),
      [],
      'the fixture publishes ko and en only',
    );
  });

  test("a recipient's rare syllables are drawn by Pretendard; a script it lacks is left to the system fonts", () => {
    const subset = readdirSync(path.join(dist, 'fonts'))
      .filter((f) => f.endsWith('.woff2'))
      .map((f) => fontkit.openSync(path.join(dist, 'fonts', f)) as fontkit.Font);
    for (const ch of '뷁쀍ë')
      assert.ok(
        subset.some((font) => font.hasGlyphForCodePoint(ch.codePointAt(0)!)),
        `"${ch}" is in no subset`,
      );
    assert.equal(
      source.hasGlyphForCodePoint('ไ'.codePointAt(0)!),
      false,
      'Pretendard has Thai now: pick another script for this test',
    );
    // A syllable no page uses stays out.
    assert.ok(!subset.some((font) => font.hasGlyphForCodePoint('뙔'.codePointAt(0)!)));
  });
});
