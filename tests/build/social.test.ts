/**
 * What a link-preview bot sees: the fixture site (with the editors' pages) is
 * built for a loopback origin (with a base path), served over HTTP, and every
 * award, certification and site page is read with open-graph-scraper from its
 * URL. Each declared image and icon is then fetched from the URL the page gives.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import ogs from 'open-graph-scraper';
import sharp from 'sharp';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { sitePaths } from '../../src/lib/site-urls.ts';
import { OG_LOCALES } from '../../src/lib/social/social-meta.ts';
import { pagesContent } from '../helpers/pages-content.ts';
import { fixtureModel } from '../helpers/fixture-model.ts';
import { buildSite } from '../helpers/site-build.ts';

const model = fixtureModel();
const SITE_NAME = {
  ko: '누리테크 인증 프로그램',
  en: 'NuriTech Certification Program',
  ja: 'ヌリテック認定プログラム',
} as const;
const OG_LOCALE = { ko: 'ko_KR', en: 'en_US', ja: 'ja_JP' } as const;
const BASE = '/program/';
let server: StaticServer;
let site: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function scrape(url: string) {
  const { error, result } = await ogs({
    url,
    onlyGetOpenGraphInfo: true,
    urlValidatorSettings: { require_tld: false, require_protocol: true } as never,
  });
  assert.equal(error, false, `${url}: ${JSON.stringify(result)}`);
  return result;
}

/** Fetches an image exactly as declared and checks what a preview bot checks. */
async function checkImage(url: string, declared: { width?: number; height?: number; type?: string }) {
  assert.match(url, /^https?:\/\//, `image URL must be absolute: ${url}`);
  const response = await fetch(url);
  assert.equal(response.status, 200, `${url} is not reachable`);
  assert.equal(response.headers.get('content-type'), 'image/png');
  const bytes = Buffer.from(await response.arrayBuffer());
  assert.ok(bytes.length < 5 * 1024 * 1024, `${url} is ${bytes.length} bytes, LinkedIn takes under 5 MB`);
  const meta = await sharp(bytes).metadata();
  assert.equal(meta.format, 'png');
  // open-graph-scraper hands the declared size over as written in the page (strings).
  assert.deepEqual(
    [meta.width, meta.height],
    [Number(declared.width), Number(declared.height)],
    `${url}: real size differs from the declared one`,
  );
  assert.equal(declared.type, 'image/png');
  return bytes.length;
}

describe('link previews of the built site, read over HTTP with open-graph-scraper', () => {
  before(async () => {
    const port = await freePort();
    site = `http://127.0.0.1:${port}${BASE}`;
    const outDir = buildSite({ contentDir: pagesContent(), siteUrl: site });
    server = await serveStatic({ root: outDir, port, base: BASE });
  });
  after(async () => {
    await server?.close();
  });

  for (const entry of model.published) {
    const { id } = entry.award;
    test(`award ${id.slice(-2)} (${entry.state.status}): every preview field, image real and declared the same`, async () => {
      const url = site + sitePaths.awardPage(id);
      const og = await scrape(url);
      assert.equal(og.ogUrl, url);
      assert.equal(og.ogType, 'website');
      // The preview speaks the award's language (the earner's `locale`, else the issuer's default) and leads with
      // the person: "Name — Badge", short enough for LinkedIn mobile and X, cut at a word with an ellipsis.
      const locale = entry.award.locale ?? model.issuer.defaultLocale;
      const other = locale === 'ko' ? 'en' : 'ko';
      assert.equal(og.ogSiteName, SITE_NAME[locale]);
      assert.equal(og.ogLocale, OG_LOCALE[locale]);
      assert.equal(og.ogLocaleAlternate, OG_LOCALE[other]);
      const title = og.ogTitle!;
      const name = entry.award.recipient.name;
      const badge = entry.badgeClass.name[locale]!;
      assert.ok([...new Intl.Segmenter().segment(title)].length <= 60, `og:title of at most 60: ${title}`);
      const full = `${name} — ${badge}`;
      if (title.endsWith('…')) assert.ok(full.startsWith(title.slice(0, -1)), `${title} is "${full}" cut`);
      else assert.equal(title, full);
      assert.ok(title.startsWith(name.slice(0, 20)), `the person first: ${title}`);
      assert.ok(og.ogDescription!.startsWith(`${name} — ${badge}`), `og:description: ${og.ogDescription}`);
      assert.ok(!og.ogDescription!.includes(entry.badgeClass.name[other]!), "one language: the award's");
      if (locale === 'en') assert.ok(!/[가-힣]/.test(`${title} ${og.ogDescription}`), `no Korean: ${title}`);
      assert.equal(og.twitterCard, 'summary_large_image');
      // X falls back to og:title, og:description and og:image: the page does not repeat them.
      assert.equal(og.twitterTitle, undefined);
      assert.equal(og.twitterDescription, undefined);
      assert.equal(og.ogImage?.length, 1);
      const image = og.ogImage![0]!;
      assert.equal(image.url, site + sitePaths.awardCard(id));
      assert.ok(image.alt?.includes(entry.award.recipient.name), 'og:image:alt names the recipient');
      assert.ok(image.alt?.includes(badge), "og:image:alt in the award's language");
      assert.deepEqual([Number(image.width), Number(image.height)], [1200, 630]);
      assert.equal(og.twitterImage?.[0]?.url, undefined);
      await checkImage(image.url, image);
    });
  }

  test('award pages carry canonical URL and description; JSON-LD parses with names intact (not on revoked)', async () => {
    for (const entry of model.published) {
      const url = site + sitePaths.awardPage(entry.award.id);
      const html = await (await fetch(url)).text();
      assert.match(html, new RegExp(`<link rel="canonical" href="${url.replace(/[.?]/g, '\\$&')}"`));
      assert.match(html, /<meta name="description" content="[^"]{20,}"/);
      const { result } = await ogs({ html });
      const graphs = (result.jsonLD ?? []) as { '@graph': { '@type': string; name?: string }[] }[];
      if (entry.state.status === 'revoked') {
        assert.equal(graphs.length, 0, 'a revoked award is not described to search engines');
        continue;
      }
      assert.equal(graphs.length, 1);
      const person = graphs[0]!['@graph'].find((n) => n['@type'] === 'Person');
      assert.equal(person?.name, entry.award.recipient.name);
    }
  });

  test('certification pages, in both languages, preview with their own card', async () => {
    let checked = 0;
    for (const badgeClass of model.catalog) {
      for (const locale of model.issuer.locales) {
        const url = site + sitePaths.certificationPage(badgeClass.id, locale, model.issuer.defaultLocale);
        const og = await scrape(url);
        assert.equal(og.ogUrl, url);
        assert.equal(og.ogLocale, OG_LOCALES[locale]);
        assert.equal(og.twitterCard, 'summary_large_image');
        assert.equal(og.ogImage?.[0]?.url, site + sitePaths.certificationCard(badgeClass.id));
        if (locale === model.issuer.defaultLocale) await checkImage(og.ogImage![0]!.url, og.ogImage![0]!);
        checked++;
      }
    }
    assert.equal(checked, model.catalog.length * model.issuer.locales.length);
  });

  const SITE_PAGES = ['', 'certifications/', 'retired-certifications/', 'faq/', 'claim-guide/', 'claim/', 'verify/'];

  test('home, catalogs, FAQ, claim guide, claim and verify preview with the site card in their language; titles name the site', async () => {
    const cards = new Set<string>();
    for (const locale of model.issuer.locales) {
      for (const page of SITE_PAGES) {
        const url = site + (locale === model.issuer.defaultLocale ? '' : `${locale}/`) + page;
        const og = await scrape(url);
        assert.equal(og.ogUrl, url);
        assert.equal(og.ogType, 'website');
        assert.equal(og.ogSiteName, SITE_NAME[locale]);
        assert.equal(og.ogLocale, OG_LOCALES[locale]);
        assert.ok(og.ogTitle && og.ogTitle.length > 3, `${url}: og:title`);
        assert.ok(og.ogDescription && og.ogDescription.length > 20, `${url}: og:description`);
        assert.equal(og.twitterCard, 'summary_large_image');
        const html = await (await fetch(url)).text();
        const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
        assert.ok(title.includes(SITE_NAME[locale]), `${url}: <title>${title}</title> names the site`);
        const image = og.ogImage?.[0];
        assert.equal(
          image?.url,
          site + sitePaths.siteCard(locale, model.issuer.defaultLocale),
          `${url}: the site card in its language`,
        );
        assert.ok(image?.alt?.includes(SITE_NAME[locale]), `${url}: og:image:alt`);
        if (!cards.has(image!.url)) await checkImage(image!.url, image!);
        cards.add(image!.url);
      }
    }
    assert.equal(cards.size, model.issuer.locales.length, 'one site card per language');
  });

  test('every page with language versions names each (hreflang) and the one for other readers (x-default), as the sitemap does', async () => {
    const d = model.issuer.defaultLocale;
    const alternates = (html: string) =>
      Object.fromEntries(
        [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => [m[1], m[2]]),
      );
    const pageTypes = [
      ...SITE_PAGES.map((page) => (l: string) => (l === d ? '' : `${l}/`) + page),
      ...model.catalog.slice(0, 2).map((b) => (l: string) => sitePaths.certificationPage(b.id, l as never, d)),
      (l: string) => sitePaths.profilePage('k7wq2mzc9rtx4hna', l, d),
    ];
    for (const pathIn of pageTypes) {
      const expected = Object.fromEntries(model.issuer.locales.map((l) => [l, site + pathIn(l)]));
      for (const locale of model.issuer.locales) {
        const found = alternates(await (await fetch(site + pathIn(locale))).text());
        assert.deepEqual(found, { ...expected, 'x-default': expected[d] }, site + pathIn(locale));
      }
    }
    // Award pages have one URL for every language: no alternates to name.
    const award = await (await fetch(site + sitePaths.awardPage(model.published[0]!.award.id))).text();
    assert.deepEqual(alternates(award), {});
    const sitemap = await (await fetch(`${site}sitemap-0.xml`)).text();
    const entries = [...sitemap.matchAll(/<url>(.*?)<\/url>/g)].map((m) => m[1]!);
    assert.ok(entries.length >= SITE_PAGES.length, 'the sitemap lists the pages');
    for (const entry of entries.filter((e) => e.includes('hreflang'))) {
      const loc = /<loc>([^<]+)<\/loc>/.exec(entry)![1]!;
      const xDefault = /hreflang="x-default" href="([^"]+)"/.exec(entry)?.[1];
      const ko = /hreflang="ko-KR" href="([^"]+)"/.exec(entry)?.[1];
      assert.ok(xDefault && xDefault === ko, `${loc}: x-default names the default language's page`);
    }
  });

  test('certification page titles name the site when it fits in 70 characters, else the badge alone', async () => {
    for (const badgeClass of model.catalog.slice(0, 4)) {
      for (const locale of model.issuer.locales) {
        const html = await (
          await fetch(site + sitePaths.certificationPage(badgeClass.id, locale, model.issuer.defaultLocale))
        ).text();
        const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
        const name = badgeClass.name[locale]!;
        assert.ok([...title].length <= 70, title);
        const withSite = `${name} · ${SITE_NAME[locale]}`;
        assert.equal(title, [...withSite].length <= 70 ? withSite : name, 'the site only when it fits');
      }
    }
  });

  test('every page declares a 32 px PNG favicon and a 180 px apple-touch icon next to the SVG logo, and they exist', async () => {
    const html = await (await fetch(`${site}en/faq/`)).text();
    const link = (pattern: RegExp) => new URL(pattern.exec(html)?.[1] ?? 'missing', site).href;
    const icons = [
      [link(/<link rel="icon" type="image\/png" sizes="32x32" href="([^"]+)"/), 32],
      [link(/<link rel="apple-touch-icon" sizes="180x180" href="([^"]+)"/), 180],
    ] as const;
    assert.match(html, /<link rel="icon" href="[^"]+\.svg"/, 'the SVG icon stays');
    for (const [url, size] of icons) {
      const response = await fetch(url);
      assert.equal(response.status, 200, url);
      assert.equal(response.headers.get('content-type'), 'image/png');
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['png', size, size], url);
    }
    // The touch icon is opaque (iOS shows transparency as black).
    const touch = await sharp(Buffer.from(await (await fetch(icons[1][0])).arrayBuffer())).stats();
    assert.equal(touch.isOpaque, true);
  });

  test('embed and JSON-LD badge images are PNGs that exist', async () => {
    for (const badgeClass of new Set(model.published.map((p) => p.badgeClass.id))) {
      const response = await fetch(site + sitePaths.badgeImagePng(badgeClass));
      assert.equal(response.status, 200, badgeClass);
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      assert.equal(meta.format, 'png');
      assert.equal(meta.width, meta.height);
    }
  });
});
