/**
 * The studio's configuration and editor components are made from the
 * project's facts: exactly the MDX components and attributes the build allows
 * (a difference in either direction stops the build), the catalog's ids for
 * <CertLink>, the site's languages; and what a component form writes is a
 * block the build's page check accepts and the studio reads back.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { componentPattern, fromBlock, toBlock } from '../../../../src/browser/studio-components.js';
import { checkMdxSource, PAGE_COMPONENTS } from '../../../../src/lib/mdx/mdx-safety.ts';
import { headersFile, studioContentSecurityPolicy, studioHeaderRule } from '../../../../src/lib/site/hosting.ts';
import { studioComponents, studioConfig, studioConfigYaml } from '../../../../src/lib/studio/studio-config.ts';
import { studioPage } from '../../../../src/lib/studio/studio-page.ts';

const catalog = [
  { id: 'cloud-fundamentals', label: '클라우드 기초' },
  { id: 'data-engineer', label: '데이터 엔지니어' },
];
const settings = {
  repo: 'nuritech/badges',
  locales: ['ko', 'en'] as const,
  defaultLocale: 'ko' as const,
  siteUrl: 'https://badges.example.org/',
  logoUrl: '/apple-touch-icon.png',
  components: studioComponents(catalog),
};

describe('studio editor components', () => {
  test('are exactly the components the build allows, each with a field for exactly its attributes', () => {
    const components = studioComponents(catalog);
    assert.deepEqual(
      components.map((c) => c.id),
      [...PAGE_COMPONENTS.keys()],
    );
    for (const component of components)
      assert.deepEqual(new Set(component.fields.map((f) => f.name)), PAGE_COMPONENTS.get(component.id), component.id);
  });

  test('a component or attribute the forms and the allow-list do not share stops the build, named', () => {
    const allowed = new Map(PAGE_COMPONENTS);
    allowed.set('Badge', new Set(['id']));
    assert.throws(() => studioComponents(catalog, 'ko', allowed), /<Badge> is allowed in pages but has no studio form/);
    const fewer = new Map(PAGE_COMPONENTS);
    fewer.delete('VideoLink');
    fewer.set('Callout', new Set(['type']));
    assert.throws(
      () => studioComponents(catalog, 'ko', fewer),
      /<VideoLink> has a studio form but the build does not allow it.*<Callout title="…"> has a studio field but is not allowed/,
    );
  });

  test("labels are the issuer's language, then English", () => {
    const question = studioComponents(catalog, 'ko').find((c) => c.id === 'Question')!;
    assert.equal(question.label, '질문 (Question)');
    assert.equal(question.bodyLabel, '내용 (Content)');
    assert.equal(studioComponents(catalog, 'en').find((c) => c.id === 'Question')!.label, 'Question');
  });

  test('<CertLink> offers the catalog, by id', () => {
    const certLink = studioComponents(catalog).find((c) => c.id === 'CertLink')!;
    assert.deepEqual(
      certLink.fields[0]!.options!.map((o) => o.value),
      ['cloud-fundamentals', 'data-engineer'],
    );
  });

  test('what each form writes passes the page check and reads back as the same values', () => {
    const samples: Record<string, Record<string, string>> = {
      Question: { id: 'new-question', q: 'A “quoted” question?', body: 'The answer.' },
      Callout: { type: 'warning', title: 'Careful', body: '- one\n- two' },
      Steps: { body: '1. First\n2. Second' },
      CertLink: { id: 'cloud-fundamentals' },
      EligibilityTable: { list: 'retired' },
      VideoLink: { url: 'https://www.youtube.com/watch?v=abcdefgh', title: 'How to claim' },
    };
    for (const component of studioComponents(catalog)) {
      const values = samples[component.id]!;
      const block = toBlock(component, values);
      assert.deepEqual(checkMdxSource(`Text.\n\n${block}\n`, 'ko'), [], `${component.id}: ${block}`);
      const match = componentPattern(component).exec(`Before.\n\n${block}\n\nAfter.\n`);
      assert.ok(match, `${component.id}: the studio finds its block again`);
      assert.deepEqual(fromBlock(component, match), values, component.id);
    }
  });

  test('empty optional attributes are left out, so the build applies its defaults', () => {
    const callout = studioComponents(catalog).find((c) => c.id === 'Callout')!;
    assert.equal(toBlock(callout, { type: '', title: '', body: 'Note.' }), '<Callout>\n\nNote.\n\n</Callout>');
  });
});

describe('studio configuration', () => {
  const config = studioConfig(settings) as {
    backend: Record<string, unknown>;
    publish_mode: string;
    i18n: { structure: string; locales: string[]; default_locale: string; canonical_slug: { key: string } };
    collections: {
      name: string;
      folder?: string;
      i18n?: unknown;
      fields?: { name: string; editor_components?: string[]; modes?: string[] }[];
      files?: { file: string }[];
    }[];
  };

  test('signs in to GitHub with no server of ours, and every change is a pull request', () => {
    assert.deepEqual(config.backend.name, 'github');
    assert.equal(config.backend.repo, 'nuritech/badges');
    assert.equal(config.backend.base_url, undefined, 'no OAuth proxy');
    assert.deepEqual(config.backend.auth_methods, ['token'], 'a personal access token, which needs no server');
    assert.equal(config.publish_mode, 'editorial_workflow');
  });

  test('pages: content/pages/<locale>/*.mdx side by side, Markdown source first, the allowed components', () => {
    assert.deepEqual(config.i18n, {
      structure: 'multiple_folders',
      locales: ['ko', 'en'],
      default_locale: 'ko',
      canonical_slug: { key: 'studioSlug' },
    });
    const pages = config.collections.find((c) => c.name === 'pages')!;
    assert.equal(pages.folder, 'content/pages');
    const body = pages.fields!.find((f) => f.name === 'body')!;
    assert.deepEqual(body.modes, ['raw', 'rich_text']);
    assert.deepEqual(body.editor_components, [...PAGE_COMPONENTS.keys()]);
    assert.deepEqual(
      pages.fields!.map((f) => f.name),
      ['title', 'description', 'translationKey', 'order', 'navLabel', 'template', 'body'],
      'the order the pages write their header in',
    );
  });

  test('the emails and the issuer texts', () => {
    const emails = config.collections.find((c) => c.name === 'emails')!;
    assert.equal(emails.folder, 'content/emails');
    assert.deepEqual(emails.i18n, { structure: 'multiple_files' });
    assert.equal(config.collections.find((c) => c.name === 'issuer')!.files![0]!.file, 'content/issuer.yaml');
  });

  test('config.yml says the same', () => {
    assert.deepEqual(parse(studioConfigYaml(settings)), JSON.parse(JSON.stringify(config)));
  });
});

describe('studio page and headers', () => {
  test('the page is noindex, loads only files of its own folder, and has no inline script', () => {
    const html = studioPage();
    assert.match(html, /<meta name="robots" content="noindex, nofollow">/);
    for (const [, src] of html.matchAll(/src="([^"]+)"/g)) assert.doesNotMatch(src!, /^(https?:)?\/\//);
    assert.doesNotMatch(html, /<script>[^<]/);
  });

  test("its policy is its own: the site's scripts only, GitHub's API, no framing", () => {
    const csp = studioContentSecurityPolicy();
    assert.match(csp, /script-src 'self';/);
    assert.doesNotMatch(csp, /unsafe-eval|script-src[^;]*unsafe-inline/);
    assert.match(csp, /connect-src [^;]*https:\/\/api\.github\.com/);
    assert.match(csp, /frame-ancestors 'none'/);
    const file = headersFile([studioHeaderRule()]);
    assert.match(
      file,
      /^\/studio\/\*\n {2}! Content-Security-Policy\n {2}Content-Security-Policy: default-src 'none';/m,
    );
    assert.match(file, /^ {2}X-Robots-Tag: noindex, nofollow$/m);
  });
});
