import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { before, describe, test } from 'node:test';
import * as fontkit from 'fontkit';
import satori, { type SatoriNode } from 'satori';
import sharp from 'sharp';
import { type CardFonts, cardFonts } from '../../../../src/steps/cards/card-fonts.ts';
import {
  artworkPng,
  CARD_PALETTE_TOLERANCE,
  cardRenderer,
  cardSatoriOptions,
} from '../../../../src/steps/cards/card-render.ts';
import { PaletteMapper, quantizePalette } from '../../../../src/steps/cards/card-palette.ts';
import {
  encodeIndexedPng,
  encodePalettePng,
  pngPrefix,
  readPngPalette,
  scanlines,
} from '../../../../src/steps/cards/card-png.ts';
import { cardJobs, cardKey } from '../../../../src/steps/cards/cards.ts';
import { awardSocialTags } from '../../../../src/lib/social/social-meta.ts';
import { awardLocale, type PublishedAward } from '../../../../src/lib/site-model.ts';
import {
  awardCardData,
  CARD_ARTWORK_SIZE,
  CARD_HEIGHT,
  CARD_PANEL_WIDTH,
  CARD_TEXT_WIDTH,
  CARD_WIDTH,
  cardElement,
  cardTextRuns,
  certificationCardData,
  clampText,
  type CardData,
  type CardNode,
} from '../../../../src/lib/social/og-card.ts';
import { fixtureAward, fixtureModel, fixtureUrls } from '../../../helpers/fixture-model.ts';

const model = fixtureModel();
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
let fonts: CardFonts;
before(() => {
  fonts = cardFonts();
});

function textNodes(node: CardNode): CardNode[] {
  const children = node.props.children;
  if (typeof children === 'string') return [node];
  return (Array.isArray(children) ? children : children ? [children] : []).flatMap((c) =>
    typeof c === 'string' ? [] : textNodes(c),
  );
}

interface Rendered {
  svg: string;
  nodes: SatoriNode[];
  missing: string[];
}
/** Lays the card out with the fonts and emoji images the renderer would use for it. */
async function layOut(data: CardData, embedFont = false): Promise<Rendered> {
  const nodes: SatoriNode[] = [];
  const missing: string[] = [];
  const options = cardSatoriOptions(fonts, data);
  const svg = await satori(cardElement(data, PIXEL) as never, {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    ...options,
    embedFont, // false keeps <text> elements so lines can be read back
    onNodeDetected: (node) => nodes.push(node),
    // satori asks for this when no loaded font has a glyph for the segment
    // (and for every emoji, even one it will draw from graphemeImages).
    loadAdditionalAsset: async (_code, segment) => {
      if (!options.graphemeImages[segment]) missing.push(segment);
      return [];
    },
  });
  return { svg, nodes, missing };
}

/** The title as drawn, one string per line (satori emits a <text> per word, or per
 * character inside a word it had to break): the largest text on the card. */
function titleLines(svg: string): string[] {
  const texts = [...svg.matchAll(/<text x="[^"]*" y="([^"]*)"[^>]*font-size="(\d+)"[^>]*>([^<]*)<\/text>/g)].map(
    (m) => ({
      y: m[1]!,
      size: Number(m[2]),
      text: m[3]!,
    }),
  );
  const size = Math.max(...texts.map((t) => t.size));
  const lines = new Map<string, string>();
  for (const t of texts.filter((t) => t.size === size)) lines.set(t.y, (lines.get(t.y) ?? '') + t.text);
  return [...lines.values()];
}

describe('card data', () => {
  test('states shown only where an award is not plainly valid', () => {
    assert.deepEqual(awardCardData(model, fixtureAward(model, 1), fixtureUrls).states, []);
    assert.deepEqual(
      awardCardData(model, fixtureAward(model, 3), fixtureUrls).states.map((s) => s.tone),
      ['expired'],
    );
    assert.deepEqual(
      awardCardData(model, fixtureAward(model, 4), fixtureUrls).states.map((s) => s.tone),
      ['revoked'],
    );
    assert.deepEqual(
      awardCardData(model, fixtureAward(model, 5), fixtureUrls).states.map((s) => s.tone),
      ['retired'],
    );
    assert.equal(awardCardData(model, fixtureAward(model, 4), fixtureUrls).states[0]!.label, '취소됨 · Revoked');
    assert.equal(awardCardData(model, fixtureAward(model, 4), fixtureUrls).mutedArtwork, true);
    assert.equal(awardCardData(model, fixtureAward(model, 1), fixtureUrls).mutedArtwork, false);
  });

  test('card speaks the default language and names the badge in the other', () => {
    const data = awardCardData(model, fixtureAward(model, 1), fixtureUrls);
    assert.equal(data.title, '누리테크 클라우드 기초 인증');
    assert.equal(data.subtitle, 'NuriTech Certified Cloud Fundamentals');
    assert.equal(data.recipient, '김민지');
    assert.equal(data.footer, 'badges.example.org');
  });

  test('clampText cuts absurdly long text at a grapheme boundary', () => {
    assert.equal(clampText('김민지', 10), '김민지');
    const family = '👩‍👩‍👧‍👦';
    assert.equal(clampText(family.repeat(5), 3), `${family.repeat(2)}…`);
    assert.equal([...new Intl.Segmenter().segment(clampText('가'.repeat(500), 90))].length, 90);
  });

  test('every text box has an explicit width inside the card, keep-all and a line clamp', () => {
    const data = awardCardData(model, fixtureAward(model, 12), fixtureUrls);
    const texts = textNodes(cardElement(data, PIXEL)).filter(
      (n) => n.props.style?.lineClamp !== undefined || n.type === 'div',
    );
    assert.ok(texts.length >= 5);
    for (const node of texts.filter((n) => n.props.style?.width === CARD_TEXT_WIDTH)) {
      assert.equal(node.props.style!.wordBreak, 'keep-all', JSON.stringify(node.props.children));
      assert.equal(typeof node.props.style!.lineClamp, 'number');
    }
  });
});

describe('card layout with the real fonts', () => {
  const extreme: CardData = {
    ...awardCardData(model, fixtureAward(model, 12), fixtureUrls),
    title: clampText('누리테크 공인 멀티클라우드 하이브리드 인프라스트럭처 솔루션 아키텍트 엑스퍼트 '.repeat(4), 120),
    recipient: clampText('Maximilian Alexander Christopher Montgomery-Worthington '.repeat(4), 90),
    subtitle:
      'NuriTech Certified Multi-Cloud Hybrid Infrastructure Solutions Architect Expert, Extended Edition for Very Long Names',
  };

  for (const [label, data] of [
    ['Korean (award 1)', awardCardData(model, fixtureAward(model, 1), fixtureUrls)],
    ['English name (award 3)', awardCardData(model, fixtureAward(model, 3), fixtureUrls)],
    ['long name (award 12)', awardCardData(model, fixtureAward(model, 12), fixtureUrls)],
    ['revoked (award 4)', awardCardData(model, fixtureAward(model, 4), fixtureUrls)],
    [
      'certification',
      certificationCardData(model, model.badgeClassById.get('server-administrator-associate')!, fixtureUrls),
    ],
    ['extreme lengths', extreme],
  ] as const) {
    test(`${label}: every glyph is in the font, nothing leaves the card, blocks do not overlap`, async () => {
      const { nodes, missing } = await layOut(data);
      assert.deepEqual(missing, [], 'text the card font cannot draw');
      for (const node of nodes) {
        assert.ok(node.left >= 0 && node.top >= 0, `${node.type} starts outside the card`);
        assert.ok(
          node.left + node.width <= CARD_WIDTH + 0.5,
          `${node.textContent ?? node.type} is too wide: ${node.left}+${node.width}`,
        );
        assert.ok(
          node.top + node.height <= CARD_HEIGHT + 0.5,
          `${node.textContent ?? node.type} runs off the bottom: ${node.top}+${node.height}`,
        );
      }
      // The text column reads top to bottom; the artwork panel holds only the state stamp, which stays inside it.
      const texts = nodes.filter((n) => n.textContent && n.left >= CARD_PANEL_WIDTH);
      for (const stamp of nodes.filter((n) => n.textContent && n.left < CARD_PANEL_WIDTH)) {
        assert.ok(stamp.left + stamp.width <= CARD_PANEL_WIDTH, `"${stamp.textContent}" leaves the artwork panel`);
        assert.ok(
          data.stamp && [data.stamp.label, data.stamp.secondary].includes(stamp.textContent),
          `"${stamp.textContent}" in the artwork panel`,
        );
      }
      for (let i = 1; i < texts.length; i++) {
        assert.ok(
          texts[i]!.top >= texts[i - 1]!.top + texts[i - 1]!.height - 0.5,
          `"${texts[i]!.textContent}" overlaps "${texts[i - 1]!.textContent}"`,
        );
      }
    });
  }

  test('an award card leads with the person: the name is the largest text, above the badge; a certification card with its name', async () => {
    const data = awardCardData(model, fixtureAward(model, 3), fixtureUrls);
    const { nodes } = await layOut(data);
    const top = (text: string) => nodes.find((n) => n.textContent === text)?.top ?? Number.NaN;
    assert.ok(top(data.recipient!) < top(data.title), 'the name above the badge');
    assert.ok(top(data.issuer) < top(data.recipient!), 'under the issuer line');
    assert.equal(titleLines((await layOut(data)).svg).join(''), data.recipient, 'the largest text is the name');
    const certification = certificationCardData(model, model.badgeClassById.get('cloud-fundamentals')!, fixtureUrls);
    const layout = await layOut(certification);
    const title = layout.nodes.find((n) => n.textContent === certification.title)!;
    assert.ok(title.top < 250, 'a certification card keeps its name at the top');
  });

  test('Korean words wrap whole, never mid-word', async () => {
    const fixture = awardCardData(model, fixtureAward(model, 12), fixtureUrls);
    for (const title of [
      fixture.title,
      '누리테크 공인 클라우드 데이터 플랫폼 운영 전문가 과정 수료 인증',
      extreme.title,
    ]) {
      // Without a recipient the title is the card's largest text (on award cards it shares the same text box style).
      const { svg } = await layOut({ ...fixture, recipient: undefined, title });
      const lines = titleLines(svg);
      assert.ok(lines.length >= 2, `expected the title to wrap, got ${JSON.stringify(lines)}`);
      const words = new Set(title.replace(/…$/, '').split(' '));
      const drawn = lines.flatMap((line) => line.trim().split(/\s+/)).filter((w) => !w.endsWith('…'));
      for (const word of drawn)
        assert.ok(words.has(word), `"${word}" is part of a word (lines: ${JSON.stringify(lines)})`);
    }
  });

  test('the font check itself works: a script no card font has is reported', async () => {
    const data = { ...awardCardData(model, fixtureAward(model, 1), fixtureUrls), recipient: 'שלום עולם' };
    const { missing } = await layOut(data);
    assert.notDeepEqual(missing, []);
    assert.deepEqual(fonts.forText(cardTextRuns(data)).missing, [...new Set('שלוםעולם')]);
  });

  test('a card all in Arabic script (right to left) draws every character', async () => {
    const data: CardData = {
      ...awardCardData(model, fixtureAward(model, 1), fixtureUrls),
      issuer: 'برنامج نوري تك للشهادات',
      title: 'شهادة أساسيات الحوسبة السحابية',
      subtitle: undefined,
      recipient: 'نور الهدى',
      facts: ['تاريخ الإصدار ٢٦ نوفمبر ٢٠٢٦'],
    };
    assert.deepEqual(fonts.forText(cardTextRuns(data)).missing, []);
    assert.deepEqual((await layOut(data)).missing, []);
    const meta = await sharp(
      await cardRenderer(fonts).render(data, 'public/images/badges/cloud-fundamentals.svg'),
    ).metadata();
    assert.deepEqual([meta.width, meta.height], [CARD_WIDTH, CARD_HEIGHT]);
  });

  test('the renderer writes a 1200x630 PNG', async () => {
    const png = await cardRenderer(fonts).render(
      awardCardData(model, fixtureAward(model, 1), fixtureUrls),
      'public/images/badges/cloud-fundamentals.svg',
    );
    const meta = await sharp(png).metadata();
    assert.equal(meta.format, 'png');
    assert.deepEqual([meta.width, meta.height], [CARD_WIDTH, CARD_HEIGHT]);
  });
});

describe('cards in every script', () => {
  const card = (recipient: string): CardData => ({
    ...awardCardData(model, fixtureAward(model, 1), fixtureUrls),
    recipient,
  });
  const names = {
    Han: '王小明',
    Devanagari: 'देवनागरी नाम',
    Arabic: 'محمد علي',
    Thai: 'สมชาย ใจดี',
    emoji: '👩‍💻 🎉',
    mixed: 'Priya 王小明 محمد علي 🎉',
  };
  const INVISIBLE = /\p{Cf}|\p{Zs}|\p{Variation_Selector}/u;
  const parsed = new Map<Buffer | ArrayBuffer, fontkit.Font>();
  const hasGlyph = (data: Buffer | ArrayBuffer, cp: number) => {
    let font = parsed.get(data);
    if (!font) parsed.set(data, (font = fontkit.create(Buffer.from(data as ArrayBuffer)) as fontkit.Font));
    return font.hasGlyphForCodePoint(cp);
  };
  /** The name's part of the card as raw pixels (the recipient line, right of the artwork panel). */
  const recipientPixels = async (png: Buffer) =>
    sharp(png).extract({ left: 440, top: 380, width: 760, height: 130 }).raw().toBuffer();

  for (const [script, name] of Object.entries(names)) {
    test(`${script} (${name}): every character has a glyph or an emoji image, and the card is not drawn in boxes`, async () => {
      const data = card(name);
      const { fonts: list, graphemeImages } = cardSatoriOptions(fonts, data);
      for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(name)) {
        if (graphemeImages[segment]) continue;
        for (const char of segment) {
          if (INVISIBLE.test(char)) continue;
          const cp = char.codePointAt(0)!;
          assert.ok(
            list.some((font) => hasGlyph(font.data, cp)),
            `no font of the card has U+${cp.toString(16)} (${char})`,
          );
        }
      }
      assert.deepEqual((await layOut(data)).missing, [], 'satori found text without a font');
      // Today's renderer had only Pretendard: the name came out as .notdef boxes.
      const renderer = cardRenderer(fonts);
      const drawn = await recipientPixels(await renderer.render(data, 'public/images/badges/cloud-fundamentals.svg'));
      const boxes = await recipientPixels(
        await sharp(
          Buffer.from(
            await satori(cardElement(data, PIXEL) as never, {
              width: CARD_WIDTH,
              height: CARD_HEIGHT,
              fonts: fonts.forText('').fonts,
            }),
          ),
        )
          .png()
          .toBuffer(),
      );
      let differing = 0;
      for (let i = 0; i < drawn.length; i += 4) if (Math.abs(drawn[i]! - boxes[i]!) > 64) differing++;
      assert.ok(differing > 500, `the name looks like the tofu rendering (${differing} pixels differ)`);
    });
  }

  test('Arabic words read right to left: the first word is drawn right of the second', async () => {
    const { svg } = await layOut(card('محمد علي'));
    const x = (word: string) => Number(new RegExp(`<text x="([^"]*)"[^>]*>${word}</text>`).exec(svg)?.[1]);
    assert.ok(x('محمد') > x('علي'), `محمد at ${x('محمد')}, علي at ${x('علي')}`);
  });

  test('emoji are Twemoji images, a ZWJ sequence as one image', () => {
    const { graphemeImages } = fonts.forText('👩‍💻 🎉 ❤️');
    assert.deepEqual(Object.keys(graphemeImages).sort(), ['❤️', '🎉', '👩‍💻'].sort());
    for (const uri of Object.values(graphemeImages))
      assert.match(Buffer.from(uri.split(',')[1]!, 'base64').toString(), /^<svg[\s\S]*<\/svg>\s*$/);
  });

  test('a card in Korean and Latin loads no fallback font; fallback slices depend only on the text', () => {
    const korean = fonts.forText(cardTextRuns(card('김민지 Priya Natarajan')));
    assert.deepEqual(
      korean.fonts.map((f) => f.name),
      ['Pretendard', 'Pretendard', 'Pretendard'],
    );
    const han = fonts.forText('王小明').fonts.map((f) => `${f.name} ${f.weight}`);
    assert.ok(
      han.length > 3 && han.length <= 3 + 3 * 3,
      `a three-character name needs at most three Han slices: ${han.join(', ')}`,
    );
    assert.deepEqual(
      cardFonts()
        .forText('王小明')
        .fonts.map((f) => `${f.name} ${f.weight}`),
      han,
      'another worker picks the same fonts',
    );
  });

  test('a card in Japanese draws kanji and kana with the Japanese font the locale registry names; others keep the Han fallback', () => {
    const names = (locale?: 'ja' | 'ko') =>
      new Set(
        fonts
          .forText('佐藤 美咲 クラウド', locale)
          .fonts.map((f) => f.name.replace(/ \d+$/, ''))
          .filter((n) => n !== 'Pretendard'),
      );
    assert.deepEqual([...names('ja')], ['Noto Sans JP']);
    assert.ok(!names('ko').has('Noto Sans JP'), [...names('ko')].join(', '));
  });

  test('fallback slices are loaded only in the weights their characters are drawn in', () => {
    const data = card('王小明');
    const runs = cardTextRuns(data);
    assert.deepEqual(
      runs.find((r) => r.text === '王小明'),
      { weight: 700, text: '王小明' },
    );
    // An award card's headline is the person (700); the badge under it is 600.
    assert.equal(runs.find((r) => r.text === data.title)?.weight, 600);
    assert.equal(runs.find((r) => r.text === data.footer)?.weight, 400);
    const fallback = fonts.forText(runs).fonts.filter((f) => f.name !== 'Pretendard');
    assert.ok(fallback.length > 0);
    assert.deepEqual(new Set(fallback.map((f) => f.weight)), new Set([700]));
  });
});

describe('the card renderer: two layers, pixel for pixel the whole card, then a palette within tolerance', () => {
  test('every fixture card, every script and the extreme lengths: layers equal the whole card, the PNG stays within the stated tolerance', async () => {
    const renderer = cardRenderer(fonts);
    const world = ['王小明', 'देवनागरी नाम', 'محمد علي', 'สมชาย ใจดี', '👩‍💻 🎉', 'Priya 王小明 محمد علي 🎉'];
    const base = awardCardData(model, fixtureAward(model, 12), fixtureUrls);
    const cards: { data: CardData; artworkFile: string }[] = [
      ...cardJobs(model, fixtureUrls, 'public').map((job) => ({ data: job.data, artworkFile: job.artworkFile })),
      ...world.map((recipient) => ({
        data: { ...base, recipient },
        artworkFile: 'public/images/badges/cloud-fundamentals.svg',
      })),
      {
        data: {
          ...base,
          title: clampText(
            '누리테크 공인 멀티클라우드 하이브리드 인프라스트럭처 솔루션 아키텍트 엑스퍼트 '.repeat(4),
            120,
          ),
          subtitle:
            'NuriTech Certified Multi-Cloud Hybrid Infrastructure Solutions Architect Expert, Extended Edition for Very Long Names',
          recipient: clampText('Maximilian Alexander Christopher Montgomery-Worthington '.repeat(4), 90),
          states: [
            { label: '만료됨 · Expired', tone: 'expired' },
            { label: '인증 폐지됨 · Certification retired', tone: 'retired' },
          ],
        },
        artworkFile: 'public/images/badges/cloud-fundamentals.svg',
      },
    ];
    assert.ok(cards.length > 15);
    const exact: string[] = [];
    for (const { data, artworkFile } of cards) {
      const label = data.recipient ?? data.title;
      // The reference: the whole card drawn at once by satori + sharp, as the bare benchmark loop draws it.
      const artwork = `data:image/png;base64,${(await artworkPng(readFileSync(artworkFile), CARD_ARTWORK_SIZE, data.mutedArtwork)).toString('base64')}`;
      const svg = await satori(cardElement(data, artwork) as never, {
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        ...cardSatoriOptions(fonts, data),
      });
      const whole = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer();
      const layered = await renderer.drawRgb(data, artworkFile);
      const png = await renderer.render(data, artworkFile);
      const decoded = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      assert.deepEqual([decoded.info.width, decoded.info.height, decoded.info.channels], [CARD_WIDTH, CARD_HEIGHT, 3]);
      const meta = await sharp(png).metadata();
      if (meta.isPalette) assert.equal(meta.bitsPerSample, 8, `${label}: an 8-bit palette PNG`);
      else exact.push(label);
      let differing = 0;
      let worst = 0;
      let total = 0;
      for (let p = 0; p < CARD_WIDTH * CARD_HEIGHT; p++) {
        assert.equal(whole[p * 4 + 3], 255, `${label}: pixel ${p} is not opaque`);
        for (let c = 0; c < 3; c++) {
          if (whole[p * 4 + c] !== layered[p * 3 + c]) differing++;
          const error = Math.abs(whole[p * 4 + c]! - decoded.data[p * 3 + c]!);
          total += error;
          if (error > worst) worst = error;
        }
      }
      assert.equal(differing, 0, `${label}: ${differing} channel values of the layers differ from the whole card`);
      // A palette card within the tolerance; a card the palette could not draw that closely, exactly.
      assert.ok(
        worst <= (meta.isPalette ? CARD_PALETTE_TOLERANCE : 0),
        `${label}: a pixel of the PNG is ${worst} off in a channel`,
      );
      // On average the palette is invisible: well under one level in 255 per channel.
      assert.ok(
        total / (CARD_WIDTH * CARD_HEIGHT * 3) < 0.5,
        `${label}: mean error ${total / (CARD_WIDTH * CARD_HEIGHT * 3)}`,
      );
    }
    // A card its badge's palette does not suit gets one of its own; only a name with emoji (colour
    // images) may still need more colours than a palette holds, and is then written as RGB.
    const emoji = ['👩‍💻 🎉', 'Priya 王小明 محمد علي 🎉'];
    assert.deepEqual(
      exact.filter((label) => !emoji.includes(label)),
      [],
      `only emoji cards are RGB (exact: ${exact.join(', ')})`,
    );
  });

  test('a card is the same bytes whichever cards the renderer drew before it (the palette depends on the card alone)', async () => {
    const target = cardJobs(model, fixtureUrls, 'public').find((job) => job.data.recipient && !job.data.states.length)!;
    const alone = await cardRenderer(fonts).render(target.data, target.artworkFile);
    const afterOthers = cardRenderer(fonts);
    // Cards of the same frame drawn first: other names and dates, and another state.
    for (const [recipient, facts] of [
      ['Zoe Other', ['발급일 2020년 1월 1일']],
      ['이서준', target.data.facts],
    ] as const)
      await afterOthers.render({ ...target.data, recipient, facts: [...facts] }, target.artworkFile);
    await afterOthers.render(
      { ...target.data, states: [{ label: '만료됨 · Expired', tone: 'expired' }] },
      target.artworkFile,
    );
    assert.ok((await afterOthers.render(target.data, target.artworkFile)).equals(alone));
  });
});

describe('palette PNG encoding with a shared prefix', () => {
  const width = 37;
  const height = 23;
  const palette = Uint8Array.from({ length: 3 * 200 }, (_, i) => (i * 37) & 255);
  const image = (seed: number) =>
    Uint8Array.from({ length: width * height }, (_, i) => (i * 7 + seed * (i >> 5)) % 200);
  /** The zlib stream of the PNG's IDAT chunks; inflateSync checks its Adler-32. */
  const idat = (png: Buffer) => {
    const parts: Buffer[] = [];
    for (let at = 8; at < png.length; ) {
      const length = png.readUInt32BE(at);
      const type = png.toString('latin1', at + 4, at + 8);
      assert.equal(png.readUInt32BE(at + 8 + length), zlib.crc32(png.subarray(at + 4, at + 8 + length)), `${type} CRC`);
      if (type === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    return Buffer.concat(parts);
  };
  /** The colours a decoder sees: each index looked up in the palette. */
  const colours = (indices: Uint8Array) =>
    Buffer.from(Array.from(indices).flatMap((i) => [palette[i * 3]!, palette[i * 3 + 1]!, palette[i * 3 + 2]!]));
  for (const rows of [0, 1, 10, height]) {
    test(`${rows} shared rows: the PNG decodes to the same pixels, checksums and all`, async () => {
      const frame = image(1);
      const card = Uint8Array.from(frame);
      card.set(image(2).subarray(rows * width), rows * width); // rows from `rows` on differ from the frame
      const png = encodePalettePng(
        width,
        height,
        palette,
        scanlines(card, width, rows, height),
        pngPrefix(frame, width, rows),
      );
      const scanned = zlib.inflateSync(idat(png));
      assert.equal(scanned.length, height * (1 + width));
      assert.ok(readPngPalette(png).every((v, i) => v === palette[i]));
      const decoded = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      assert.deepEqual([decoded.info.width, decoded.info.height, decoded.info.channels], [width, height, 3]);
      assert.ok(decoded.data.equals(colours(card)));
      assert.ok(
        (
          await sharp(encodeIndexedPng({ width, height, indices: card, palette }))
            .raw()
            .toBuffer()
        ).equals(colours(card)),
        'without a prefix too',
      );
    });
  }

  test('a small palette that keeps every step of a gradient and draws a rare colour closely', async () => {
    // Left half: a vertical gradient like the card's panel (one colour per row); right half: white
    // with grey "text edges" in short runs and a few single pixels of a rare red.
    const [w, h] = [240, 160];
    const rgb = new Uint8Array(w * h * 3).fill(255);
    const set = (x: number, y: number, c: readonly number[]) => rgb.set(c, (y * w + x) * 3);
    const rowColour = (y: number) => [
      15 + Math.round((16 * y) / h),
      47 + Math.round((43 * y) / h),
      87 + Math.round((71 * y) / h),
    ];
    for (let y = 0; y < h; y++) for (let x = 0; x < w / 2; x++) set(x, y, rowColour(y));
    for (let y = 0; y < h; y += 3)
      for (let x = w / 2; x < w; x += 5) set(x, y, Array(3).fill(30 + ((x * 7 + y * 13) % 200)));
    for (const [x, y] of [
      [200, 10],
      [150, 90],
      [230, 150],
    ] as const)
      set(x, y, [200, 30, 30]);
    const palette = await quantizePalette(rgb, w, h);
    assert.ok(palette.length / 3 < 128, `a small palette: ${palette.length / 3} colours`);
    const mapper = new PaletteMapper(palette);
    const out = new Uint8Array(w * h);
    for (let y = 0; y < h; y++)
      assert.ok(mapper.map(rgb, y * w, w / 2, out, 0) <= 1, `gradient row ${y} is drawn within one level`);
    assert.ok(mapper.map(Uint8Array.from([200, 30, 30]), 0, 1, out, 0) <= 30, 'the rare red is drawn within 30 levels');
    assert.ok(mapper.map(rgb, 0, w * h, out, 0) <= 40, 'every pixel within the card tolerance');
    assert.deepEqual(await quantizePalette(rgb, w, h), palette, 'the same pixels give the same palette');
  });

  test('the palette mapper picks the nearest colour and reports the worst miss', () => {
    const mapper = new PaletteMapper(Uint8Array.from([0, 0, 0, 255, 255, 255, 200, 30, 30]));
    const out = new Uint8Array(4);
    const worst = mapper.map(Uint8Array.from([10, 10, 10, 250, 240, 255, 190, 60, 20, 60, 60, 60]), 0, 4, out, 0);
    assert.deepEqual([...out], [0, 1, 2, 0]);
    assert.equal(worst, 60);
    assert.equal(mapper.map(Uint8Array.from([10, 10, 10, 250, 240, 255]), 0, 2, out, 0), 15);
  });
});

describe("an award's preview and card speak the earner's language", () => {
  const tag = (entry: PublishedAward, key: string) =>
    awardSocialTags(model, entry, fixtureUrls).find((t) => t.key === key)?.content;

  test('an earner without a locale: the issuer default (Korean); one with `locale: en`: English', () => {
    const korean = fixtureAward(model, 1);
    assert.equal(awardLocale(korean.award, model.issuer), 'ko');
    assert.equal(tag(korean, 'og:title'), '김민지 — 누리테크 클라우드 기초 인증');
    assert.equal(tag(korean, 'og:locale'), 'ko_KR');
    assert.equal(tag(korean, 'og:locale:alternate'), 'en_US');

    const english = fixtureAward(model, 3);
    assert.equal(english.award.locale, 'en', 'the fixture earner who reads English');
    assert.equal(awardLocale(english.award, model.issuer), 'en');
    // "Priya Natarajan — NuriTech Certified Cloud Administrator Associate" is 66: the badge loses its last word.
    assert.equal(tag(english, 'og:title'), 'Priya Natarajan — NuriTech Certified Cloud Administrator…');
    assert.equal(tag(english, 'og:locale'), 'en_US');
    assert.equal(tag(english, 'og:site_name'), model.issuer.name.en);
    assert.ok(!/[가-힣]/.test(tag(english, 'og:description')!), 'no Korean in the English description');
    assert.ok(!/[가-힣]/.test(tag(english, 'og:image:alt')!));
  });

  test('an earner locale the issuer does not publish falls back to the default', () => {
    assert.equal(awardLocale({ locale: 'en' }, { locales: ['ko'], defaultLocale: 'ko' }), 'ko');
  });

  test("the card's issuer and date lines are in the award language, and the card's cache key follows its text", () => {
    const entry = fixtureAward(model, 3);
    const english = awardCardData(model, entry, fixtureUrls);
    assert.equal(english.locale, 'en');
    assert.equal(english.issuer, model.issuer.name.en);
    assert.equal(english.title, entry.badgeClass.name.en);
    assert.equal(english.subtitle, entry.badgeClass.name.ko, 'the name in the other language under it');
    assert.ok(
      english.facts.every((f) => !/[가-힣]/.test(f)),
      english.facts.join(' | '),
    );
    assert.match(english.facts[0]!, /^Issued 20 May 2024/);
    // The same award for a Korean reader: every drawn line changes, and with it the cache key.
    const korean = awardCardData(model, { ...entry, award: { ...entry.award, locale: undefined } }, fixtureUrls);
    assert.equal(korean.locale, 'ko');
    assert.match(korean.facts[0]!, /^발급일 2024년/);
    const artwork = createHash('sha256').update('artwork').digest('hex');
    assert.notEqual(cardKey(english, artwork), cardKey(korean, artwork));
  });
});
