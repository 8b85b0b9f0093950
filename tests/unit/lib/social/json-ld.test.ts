import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { awardJsonLd, certificationJsonLd, homeJsonLd, scriptSafeJson } from '../../../../src/lib/social/json-ld.ts';
import { embedSnippet } from '../../../../src/lib/social/embed.ts';
import { fixtureAward, fixtureModel, fixtureUrls } from '../../../helpers/fixture-model.ts';

const model = fixtureModel();

/** What a scraper does: find the script element, take its text up to the first "</script", parse it. */
function extract(html: string): unknown {
  const open = /<script type="application\/ld\+json">/i.exec(html);
  assert.ok(open, 'no JSON-LD script');
  const start = open.index + open[0].length;
  const end = html.toLowerCase().indexOf('</script', start);
  return JSON.parse(html.slice(start, end));
}
const page = (json: string) => `<head><script type="application/ld+json">${json}</script><title>t</title></head>`;

type Node = Record<string, unknown>;
const graphOf = (value: unknown) => (value as { '@graph': Node[] })['@graph'];
const byType = (graph: Node[], type: string) => graph.find((n) => n['@type'] === type)!;

describe('JSON-LD escaping', () => {
  const hostile = [
    '</script><script>alert(1)</script>',
    '</SCRIPT >',
    '<!-- <script>',
    'Dana "DJ" O\'Neil & co',
    'line\u2028separator\u2029paragraph',
    '\\"; alert(1); //',
  ];
  for (const name of hostile) {
    test(`round-trips ${JSON.stringify(name)} and cannot end the script element`, () => {
      const json = scriptSafeJson({ name });
      assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
      assert.deepEqual(extract(page(json)), { name });
    });
  }

  test('the fixture award with a hostile name: valid JSON after extraction, name intact', () => {
    const entry = fixtureAward(model, 2);
    const extracted = extract(page(scriptSafeJson(awardJsonLd(model, entry, fixtureUrls))));
    const person = byType(graphOf(extracted), 'Person');
    assert.equal(person.name, entry.award.recipient.name);
    assert.match(String(person.name), /<\/script>/);
  });
});

describe('JSON-LD content', () => {
  test('person holds the credential, recognized by the issuer, with dates and Open Badges links', () => {
    const graph = graphOf(awardJsonLd(model, fixtureAward(model, 2), fixtureUrls));
    const pageUrl = 'https://badges.example.org/badges/00000000-0000-4000-8000-000000000002/';
    const person = byType(graph, 'Person');
    const credential = byType(graph, 'EducationalOccupationalCredential');
    const organization = byType(graph, 'Organization');
    const webPage = byType(graph, 'WebPage');
    assert.deepEqual(person.hasCredential, { '@id': credential['@id'] });
    assert.deepEqual(webPage.mainEntity, { '@id': credential['@id'] });
    assert.equal(webPage.url, pageUrl);
    assert.equal(credential.url, pageUrl);
    assert.equal(credential.name, '누리테크 공인 솔루션 아키텍트 엑스퍼트');
    assert.equal(credential.dateCreated, '2026-06-01T11:00:00+09:00');
    assert.equal(credential.expires, '2027-06-01T11:00:00+09:00');
    assert.equal(credential.identifier, '00000000-0000-4000-8000-000000000002');
    assert.deepEqual(credential.recognizedBy, { '@id': organization['@id'] });
    assert.equal(organization.name, '누리테크 인증 프로그램');
    assert.equal(organization.url, 'https://nuritech.example.org/');
    assert.deepEqual(organization.sameAs, ['https://www.linkedin.com/company/1337/']);
    const encodings = (credential.encoding as Node[]).map((e) => e.contentUrl);
    assert.deepEqual(encodings, [`${pageUrl}credential.json`, `${pageUrl}assertion.json`]);
    assert.equal(credential.image, 'https://badges.example.org/certifications/solutions-architect-expert/badge.png');
  });

  test('an award without expiry has no expires; a revoked award has no JSON-LD', () => {
    const credential = byType(
      graphOf(awardJsonLd(model, fixtureAward(model, 1), fixtureUrls)),
      'EducationalOccupationalCredential',
    );
    assert.equal('expires' in credential, false);
    assert.equal(awardJsonLd(model, fixtureAward(model, 4), fixtureUrls), undefined);
  });
});

describe('JSON-LD of the home and certification pages', () => {
  test("home: the WebSite in the page's language, published by the issuing Organization", () => {
    const graph = graphOf(extract(page(scriptSafeJson(homeJsonLd(model, fixtureUrls, 'en')))));
    const site = byType(graph, 'WebSite');
    const organization = byType(graph, 'Organization');
    assert.equal(site.url, 'https://badges.example.org/en/');
    assert.equal(site['@id'], 'https://badges.example.org/#website');
    assert.equal(site.name, 'NuriTech Certification Program');
    assert.equal(site.inLanguage, 'en');
    assert.deepEqual(site.publisher, { '@id': organization['@id'] });
    assert.equal(organization['@id'], 'https://nuritech.example.org/#organization');
    assert.equal(organization.name, 'NuriTech Certification Program');
    assert.equal(byType(graphOf(homeJsonLd(model, fixtureUrls, 'ko')), 'WebSite').url, 'https://badges.example.org/');
  });

  test("certification page: the credential the catalog describes, recognized by the issuer, no one's award", () => {
    const graph = graphOf(certificationJsonLd(model, 'solutions-architect-expert', fixtureUrls, 'en'));
    const credential = byType(graph, 'EducationalOccupationalCredential');
    const organization = byType(graph, 'Organization');
    const pageUrl = 'https://badges.example.org/en/certifications/solutions-architect-expert/';
    assert.equal(credential.url, pageUrl);
    assert.equal(credential['@id'], `${pageUrl}#credential`);
    assert.equal(credential.name, 'NuriTech Certified Solutions Architect Expert');
    assert.equal(credential.credentialCategory, 'certification');
    assert.deepEqual(credential.recognizedBy, { '@id': organization['@id'] });
    assert.equal(credential.image, 'https://badges.example.org/certifications/solutions-architect-expert/badge.png');
    for (const key of ['dateCreated', 'expires', 'encoding']) assert.equal(key in credential, false, key);
    assert.equal(
      graph.some((node) => node['@type'] === 'Person'),
      false,
    );
    // An entry without a badge has no badge image to name.
    const noBadge = model.catalog.find((b) => !model.decisions.get(b.id)!.hasBadge)!;
    assert.equal(
      'image' in
        byType(graphOf(certificationJsonLd(model, noBadge.id, fixtureUrls, 'ko')), 'EducationalOccupationalCredential'),
      false,
    );
  });

  test('a hostile catalog name cannot end the script element', () => {
    const entry = model.badgeClassById.get('cloud-fundamentals')!;
    const name = { ko: '</script><script>alert(1)</script>', en: '<!-- x' };
    const hostile = { ...model, badgeClassById: new Map([...model.badgeClassById, [entry.id, { ...entry, name }]]) };
    const json = scriptSafeJson(certificationJsonLd(hostile, entry.id, fixtureUrls, 'ko'));
    assert.doesNotMatch(json, /</);
    assert.equal(byType(graphOf(extract(page(json))), 'EducationalOccupationalCredential').name, name.ko);
  });
});

describe('embed snippet', () => {
  test('plain HTML: a link to the award page around a PNG badge, no script, names escaped', () => {
    const snippet = embedSnippet(model, fixtureAward(model, 2), fixtureUrls, 'en')!;
    assert.doesNotMatch(snippet, /<script/i);
    assert.match(
      snippet,
      /^<a href="https:\/\/badges\.example\.org\/badges\/00000000-0000-4000-8000-000000000002\/#en"/,
      'made in English, it opens in English',
    );
    assert.match(
      embedSnippet(model, fixtureAward(model, 2), fixtureUrls, 'ko')!,
      /^<a href="https:\/\/badges\.example\.org\/badges\/00000000-0000-4000-8000-000000000002\/"/,
    );
    assert.match(
      snippet,
      /<img src="https:\/\/badges\.example\.org\/certifications\/solutions-architect-expert\/badge\.png"/,
    );
    assert.match(snippet, /&lt;\/script&gt;/, 'the recipient name is escaped in the title');
    assert.equal(embedSnippet(model, fixtureAward(model, 4), fixtureUrls, 'en'), undefined);
  });
});
