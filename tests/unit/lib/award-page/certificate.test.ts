/**
 * The printable certificate (QR code, markup) and the award's state drawn on
 * its artwork: on the award page (stamp markup) and on the social card (the
 * satori tree). Chromium checks of the printed page are in
 * tests/e2e/award-certificate.test.ts.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { awardPageParts } from '../../../../src/lib/award-page/award-page-html.ts';
import { awardPageTexts } from '../../../../src/lib/award-page/award-page-text-table.ts';
import { qrCode, qrModules, qrSvgMarkup } from '../../../../src/lib/award-page/certificate.ts';
import { packQrModules, unpackQrModules } from '../../../../src/lib/award-page/certificate-qr.ts';
import {
  awardCardData,
  type CardNode,
  cardElement,
  cardFrameKey,
  cardTextRuns,
  certificationCardData,
} from '../../../../src/lib/social/og-card.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';
import { fixtureAward, fixtureModel, fixtureUrls } from '../../../helpers/fixture-model.ts';

const model = fixtureModel();
const VALID = 1;
const EXPIRED = 3;
const REVOKED = 4;

/** Draws the QR SVG as the browser would (sharp's SVG renderer) and reads it back with a QR decoder. */
async function decodeQrSvg(svg: string): Promise<string | undefined> {
  const sized = svg.replace('<svg ', '<svg width="400" height="400" ');
  const { data, info } = await sharp(Buffer.from(sized))
    .flatten({ background: '#ffffff' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data;
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('certificate QR code', () => {
  test('decodes to the award address, for many addresses (the mask is fixed, so check that every one reads)', async () => {
    const sites = [
      'https://badges.example.org/',
      'https://example.github.io/programs/nuritech/badges/',
      'http://127.0.0.1:4390/',
    ];
    for (let i = 0; i < 24; i++) {
      const url = siteUrls(sites[i % sites.length]!).url(`badges/${randomUUID()}/`);
      assert.equal(await decodeQrSvg(qrSvgMarkup(qrModules(url))), url);
    }
  });

  test('is one minimal <path>: no text, no attributes from outside, decorative', () => {
    const svg = qrSvgMarkup(qrModules('https://badges.example.org/badges/00000000-0000-4000-8000-000000000001/'));
    assert.equal(count(svg, '<path'), 1);
    assert.match(
      svg,
      /^<svg class="certificate-qr-code" xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1" [^>]*aria-hidden="true"[^>]*><path stroke="#000" d="[Mmh0-9. ]+"\/><\/svg>$/,
    );
    const { size } = qrCode('https://badges.example.org/badges/00000000-0000-4000-8000-000000000001/');
    assert.equal(
      size,
      37 + 8,
      'an award address fits version 5 (37 modules), plus a quiet zone of 4 modules each side',
    );
    assert.ok(svg.length < 2600, `QR markup is ${svg.length} bytes`);
  });
});

describe('certificate markup', () => {
  test('the page carries the QR code once, as packed modules; the words only the certificate says come with the script', async () => {
    const entry = fixtureAward(model, EXPIRED);
    const { main } = awardPageParts(model, entry, fixtureUrls);
    const url = `https://badges.example.org/badges/${entry.award.id}/`;
    // The certificate itself is made in the browser from the page's facts (tests/e2e/award-certificate.test.ts).
    assert.equal(count(main, 'data-certificate>'), 0);
    assert.equal(count(main, 'certificate-qr'), 0, 'no certificate QR code drawn in the page');
    // The wallet section's QR code (the credential's address) is drawn once, shown by each language with <use>.
    assert.equal(count(main, '<symbol'), 1);
    const packed = /data-certificate-code="([^"]+)"/.exec(main)![1]!;
    assert.equal(count(main, 'data-certificate-code='), 1, 'one QR code per page, shared by the languages');
    assert.ok(packed.length < 260, `packed QR code is ${packed.length} bytes`);
    assert.equal(await decodeQrSvg(qrSvgMarkup(packed)), url);
    assert.ok(main.includes(`data-award-id="${entry.award.id}"`));
    for (const [locale, words] of [
      ['ko', ['디지털 배지 인증서', '아래 사람이 이 배지를 취득했음을 증명합니다.', '이 주소에서 배지의 진위']],
      ['en', ['Digital badge certificate', 'This certifies that', 'Check that this badge is genuine']],
    ] as const) {
      const texts = awardPageTexts(locale);
      const script = [texts.certificateKicker, texts.certificateIntro, texts.certificateVerify].join('\n');
      for (const word of words) {
        assert.ok(script.includes(word), `the script's ${locale} texts have ${word}`);
        assert.ok(!main.includes(word), `the page does not carry ${word}`);
      }
    }
  });

  test('the certificate says as of when the status was checked, never "just now" (paper outlives it)', () => {
    assert.equal(
      awardPageTexts('en').certificateAsOf,
      "Status as of {time} (checked against the issuer's revocation list and the expiry date).",
    );
    assert.match(awardPageTexts('ko').certificateAsOf, /^\{time\} 기준 상태입니다/);
    for (const locale of ['ko', 'en'] as const) {
      const asOf = awardPageTexts(locale).certificateAsOf;
      assert.doesNotMatch(asOf, /just now|방금/);
      assert.equal(asOf.split('{time}').length, 2, 'one {time} for the script to fill');
    }
  });

  test('packed QR modules round-trip, and anything else is refused', () => {
    const modules = Uint8Array.from({ length: 25 * 25 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
    assert.deepEqual(unpackQrModules(packQrModules(25, modules)), { size: 25, modules });
    for (const bad of ['', '25:', 'x:AAAA', '25:AAAA', '25:<svg>']) assert.throws(() => unpackQrModules(bad));
  });

  test('the page says how to print (its script adds the "Print / save as PDF" button), except for a revoked award', () => {
    const valid = awardPageParts(model, fixtureAward(model, VALID), fixtureUrls).main;
    assert.equal(count(valid, '<p class="print-action"><span class="print-hint" data-print-hint>'), 2);
    assert.match(valid, /<span class="print-hint" data-print-hint>To print/);
    assert.equal(count(valid, 'data-print-button'), 0, 'no button that works only with JavaScript');
    const revoked = awardPageParts(model, fixtureAward(model, REVOKED), fixtureUrls).main;
    assert.equal(count(revoked, 'print-action'), 0);
  });
});

describe('state in the artwork', () => {
  test('the award page artwork carries its state and a stamp in the page language; the alt text names the state', () => {
    for (const [n, status] of [
      [VALID, 'valid'],
      [EXPIRED, 'expired'],
      [REVOKED, 'revoked'],
    ] as const) {
      const { main } = awardPageParts(model, fixtureAward(model, n), fixtureUrls);
      assert.match(main, new RegExp(`<article class="award award--${status}"`));
      // Two languages, each with the artwork (the certificate copies it in the browser).
      assert.equal(count(main, '<div class="award-art">'), 2);
      // The stamp's word of the state as built (the page's script adds another state's word: tests/e2e/award-pages.test.ts).
      const words = {
        valid: ['', ''],
        expired: [' data-expired="만료됨"', ' data-expired="Expired"'],
        revoked: [' data-revoked="취소됨"', ' data-revoked="Revoked"'],
      }[status];
      for (const word of words)
        assert.ok(main.includes(`<span class="award-stamp" aria-hidden="true"${word}></span>`), `stamp${word}`);
      const alts = [...main.matchAll(/<img class="award-image" src="[^"]+" alt="([^"]+)"/g)].map((m) => m[1]);
      if (status === 'valid') assert.ok(alts.every((alt) => !/\(/.test(alt!)));
      else assert.ok(alts.some((alt) => alt!.endsWith(status === 'expired' ? '(Expired)' : '(Revoked)')));
    }
  });

  const texts = (node: CardNode | string): string[] =>
    typeof node === 'string'
      ? [node]
      : (Array.isArray(node.props.children)
          ? node.props.children
          : node.props.children === undefined
            ? []
            : [node.props.children]
        ).flatMap(texts);

  test('the social card of an expired or revoked award draws a stamp with the state across the artwork', () => {
    const valid = awardCardData(model, fixtureAward(model, VALID), fixtureUrls);
    assert.equal(valid.stamp, undefined);
    for (const [n, tone, label, secondary] of [
      // In the award's language first (the expired award's earner reads English), then the issuer's.
      [EXPIRED, 'expired', 'Expired', '만료됨'],
      [REVOKED, 'revoked', '취소됨', 'Revoked'],
    ] as const) {
      const data = awardCardData(model, fixtureAward(model, n), fixtureUrls);
      assert.deepEqual(data.stamp, { tone, label, secondary });
      const frame = cardElement(data, 'data:,', 'frame');
      // The stamp is part of the frame layer (the artwork panel), drawn in bold.
      const panel = (frame.props.children as CardNode[])[0]!;
      assert.deepEqual(texts(panel), [label, secondary]);
      assert.ok(cardTextRuns(data).some((run) => run.text === label && run.weight === 700));
      assert.notEqual(
        cardFrameKey(data, 'a.svg'),
        cardFrameKey({ ...data, stamp: undefined }, 'a.svg'),
        'cards with and without a stamp never share a frame',
      );
      assert.notDeepEqual(cardElement(data, 'data:,'), cardElement({ ...data, stamp: undefined }, 'data:,'));
    }
    assert.deepEqual(texts((cardElement(valid, 'data:,', 'frame').props.children as CardNode[])[0]!), []);
  });

  test('a catalog entry without a badge gets a neutral "no badge" stamp on its card', () => {
    const noBadge = certificationCardData(model, model.badgeClassById.get('nt-050')!, fixtureUrls);
    assert.deepEqual(noBadge.stamp, { tone: 'no-badge', label: '배지 없음', secondary: 'No badge' });
    const withBadge = certificationCardData(model, model.badgeClassById.get('nt-410')!, fixtureUrls);
    assert.equal(withBadge.stamp, undefined);
  });
});
