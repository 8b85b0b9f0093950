/** The verify page's registry facts: the core's shape, a name given per locale, and what is left out. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registryRows } from '../../../../src/lib/verify/registry-display.ts';

const facts = {
  did: 'did:web:badges.example.org',
  name: '누리테크 인증 프로그램',
  names: { ko: '누리테크 인증 프로그램', en: 'NuriTech Certification Program' },
  url: 'https://nuritech.example.org/',
  location: 'Seoul, South Korea',
  entryUrl: 'https://badges.example.org/.well-known/emblem-registry-entry.json',
};

test('the core’s registry facts: the name in the page’s language, else the default one', () => {
  assert.deepEqual(registryRows(facts, 'en'), {
    rows: [
      { key: 'name', value: 'NuriTech Certification Program' },
      { key: 'url', value: 'https://nuritech.example.org/', link: true },
      { key: 'location', value: 'Seoul, South Korea' },
      { key: 'did', value: 'did:web:badges.example.org' },
    ],
    entryUrl: facts.entryUrl,
  });
  assert.equal(registryRows(facts, 'ja').rows[0]!.value, '누리테크 인증 프로그램');
});

test('a name given per locale as `name`; no location; a non-web URL is left out', () => {
  const { rows, entryUrl } = registryRows(
    { did: 'did:web:x.example', name: { en: 'X Academy', ko: 'X 아카데미' }, url: 'javascript:alert(1)' },
    'ko',
  );
  assert.deepEqual(rows, [
    { key: 'name', value: 'X 아카데미' },
    { key: 'did', value: 'did:web:x.example' },
  ]);
  assert.equal(entryUrl, undefined);
  assert.equal(registryRows({ did: 'did:web:x.example', name: { en: 'X' } }, 'ko').rows[0]!.value, 'X');
});

test('nothing to show without a name and a DID, or for something that is not facts', () => {
  for (const value of [undefined, null, 'text', [], { name: 'X' }, { did: 'did:web:x', name: 3 }])
    assert.deepEqual(registryRows(value, 'en'), { rows: [] });
});
