import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withXDefault } from '../../../../src/lib/site/sitemap-alternates.ts';

test("a sitemap entry's x-default is its default-language version; entries without alternates stay as they are", () => {
  const links = [
    { url: 'https://x.org/faq/', lang: 'ko-KR' },
    { url: 'https://x.org/en/faq/', lang: 'en-US' },
  ];
  assert.deepEqual(withXDefault({ url: 'https://x.org/en/faq/', links }, 'ko-KR').links, [
    ...links,
    { url: 'https://x.org/faq/', lang: 'x-default' },
  ]);
  const plain = { url: 'https://x.org/badges/a/' };
  assert.equal(withXDefault(plain, 'ko-KR'), plain);
  const once = withXDefault({ url: 'https://x.org/faq/', links }, 'ko-KR');
  assert.equal(withXDefault(once, 'ko-KR'), once, 'never twice');
});
