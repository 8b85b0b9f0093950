/**
 * Earners' profiles in the built fixture site (tests/fixtures/content/profiles.yaml): a page per profile and
 * language listing exactly the earner's public awards, with its card and JSON-LD, noindex and out of the sitemap
 * unless the earner chose indexing; and nothing at all about earners without a profile, or whose awards are all
 * revoked or private.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import { loadContent } from '../../src/lib/content/content-files.ts';
import { buildSiteModel } from '../../src/lib/site-model.ts';
import { buildSite, FIXTURE_NOW, fixtureContent } from '../helpers/site-build.ts';

const SHOWN = { k7wq2mzc9rtx4hna: false, p3fz8ydk2vqm6bse: true, t9ce4nh7wj2xr5ka: false } as const;
const HIDDEN = ['r2bx6km9pz4tq8vd', 'h5nd3qa8ve7ym2jc'];
let dist: string;
const read = (file: string) => readFileSync(path.join(dist, file), 'utf8');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.html'))
    .map((d) => path.relative(dist, path.join(d.parentPath, d.name)));
}

describe('earner profiles in the built site', () => {
  before(() => {
    dist = buildSite();
  });

  test('each profile has a page per language listing exactly its public awards, a card and Person JSON-LD', () => {
    const model = buildSiteModel(loadContent(fixtureContent), new Date(FIXTURE_NOW));
    for (const [id, indexed] of Object.entries(SHOWN)) {
      const expected = model.profiles.find((p) => p.id === id)!.awards.map((e) => e.award.id);
      assert.ok(expected.length > 0);
      for (const prefix of ['', 'en/']) {
        const page = read(`${prefix}profiles/${id}/index.html`);
        const listed = [...page.matchAll(/<li class="catalog-item" data-award="\/badges\/([^/]+)\/">/g)].map(
          (m) => m[1],
        );
        assert.deepEqual(listed, expected, `${prefix}profiles/${id}/ lists its awards`);
        assert.equal(/<meta name="robots" content="noindex/.test(page), !indexed, `${id}: noindex unless chosen`);
        assert.match(
          page,
          new RegExp(`<meta property="og:image" content="https://badges\\.example\\.org/profiles/${id}/card\\.png"`),
        );
        const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!);
        const person = ld['@graph'].find((node: { '@type': string }) => node['@type'] === 'Person');
        assert.deepEqual(
          person.hasCredential.map((c: { url: string }) => c.url),
          expected.map((award) => `https://badges.example.org/badges/${award}/`),
        );
      }
      assert.ok(existsSync(path.join(dist, `profiles/${id}/card.png`)), `${id} has a card`);
    }
    // The tricky name stays text: it cannot close the JSON-LD script or open markup (the one inline script is
    // the JSON-LD; the other is the language suggestion's file, LanguageSuggestion.astro).
    const tricky = parseDocument(read('profiles/t9ce4nh7wj2xr5ka/index.html'));
    const scripts = DomUtils.getElementsByTagName('script', tricky);
    assert.deepEqual(
      scripts.map((s) => [
        s.attribs.type,
        /^\/_astro\/LanguageSuggestion[^/]*\.js$/.test(s.attribs.src ?? '') || undefined,
      ]),
      [
        ['application/ld+json', undefined],
        ['module', true],
      ],
    );
    assert.match(DomUtils.textContent(DomUtils.getElementsByTagName('h1', tricky)[0]!), /<\/script><script>alert/);
  });

  test('only profiles the earner chose to index are in the sitemap', () => {
    const sitemaps = readdirSync(dist).filter((f) => /^sitemap.*\.xml$/.test(f));
    const listed = sitemaps.map(read).join('');
    for (const [id, indexed] of Object.entries(SHOWN))
      assert.equal(listed.includes(`/profiles/${id}/`), indexed, `${id} in the sitemap: ${indexed}`);
  });

  test('nothing is published about a profile with no public award, nor about earners without a profile', () => {
    for (const id of HIDDEN) assert.ok(!existsSync(path.join(dist, 'profiles', id)), `no folder for ${id}`);
    const profilePages = htmlFiles(path.join(dist, 'profiles')).concat(htmlFiles(path.join(dist, 'en/profiles')));
    assert.equal(profilePages.length, Object.keys(SHOWN).length * 2);
    const text = profilePages.map(read).join('\n');
    // Every other earner of the fixture: their names appear on no profile page.
    const content = loadContent(fixtureContent);
    const withProfile = new Set(['fixture.valid', 'fixture.expired', 'fixture.tricky']);
    const others = content.awards.filter((a) => !withProfile.has(a.recipient.email.toLowerCase().split('@')[0]!));
    assert.ok(others.length >= 8);
    for (const award of others) assert.ok(!text.includes(award.recipient.name), `${award.recipient.name} is not shown`);
    for (const award of content.awards) assert.ok(!text.includes(award.recipient.email), 'no email is published');
    // An award page links to its earner's profile when there is one, and only then.
    const model = buildSiteModel(content, new Date(FIXTURE_NOW));
    for (const { award } of model.published) {
      const profile = model.profileByAwardId.get(award.id);
      const page = read(`badges/${award.id}/index.html`);
      if (profile) assert.ok(page.includes(`<p class="profile-link"><a href="/profiles/${profile.id}/">`), award.id);
      else assert.doesNotMatch(page, /profiles\//, `${award.id} links to no profile`);
    }
    // No page of the site links to a profile that is not published.
    for (const file of htmlFiles(dist))
      for (const id of HIDDEN) assert.ok(!read(file).includes(id), `${file} does not mention ${id}`);
  });
});
