/**
 * Editors' pages without a build: frontmatter checks, the language plan and
 * fallbacks, the MDX plugin (run through the real Sätteri compiler), and the
 * values the MDX components show.
 */
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { mdxToJs } from 'satteri';
import {
  navEntries,
  pagesReport,
  planPages,
  validatePages,
  type RawPageFile,
} from '../../../../src/lib/content/content-pages.ts';
import { ContentError } from '../../../../src/lib/content/content-model.ts';
import {
  eligibilityRows,
  faqPageJsonLd,
  videoSource,
  type FaqQuestion,
} from '../../../../src/lib/mdx/mdx-components.ts';
import { emblemPagesPlugin } from '../../../../src/lib/mdx/mdx-plugin.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';
import { fixtureModel, fixtureUrls } from '../../../helpers/fixture-model.ts';

const page = (file: string, folder: string, frontmatter: Record<string, unknown>): RawPageFile => ({
  file,
  folder,
  frontmatter,
});
const fm = (key: string, extra: Record<string, unknown> = {}) => ({
  title: 'T',
  description: 'D',
  translationKey: key,
  ...extra,
});

describe('page frontmatter', () => {
  test('valid pages pass with defaults filled in', () => {
    const [faq] = validatePages(
      [page('pages/ko/faq.mdx', 'ko', fm('faq', { template: 'faq', navLabel: 'FAQ' }))],
      ['ko', 'en'],
    );
    assert.equal(faq!.locale, 'ko');
    assert.equal(faq!.data.order, 0);
    assert.equal(faq!.data.template, 'faq');
  });

  test('every mistake is reported with file and field', () => {
    let error: unknown;
    try {
      validatePages(
        [
          page('pages/en/a.mdx', 'en', { description: 'D', translationKey: 'a' }),
          page('pages/en/b.mdx', 'en', fm('Bad Key')),
          page('pages/en/c.mdx', 'en', fm('certifications')),
          page('pages/fr/d.mdx', 'fr', fm('d')),
          page('pages/en/e.mdx', 'en', fm('e', { layout: 'faq' })),
          page('pages/ko/f.mdx', 'ko', fm('f')),
          page('pages/ko/g.mdx', 'ko', fm('f')),
          { file: 'pages/ko/h.mdx', folder: 'ko', frontmatter: undefined, parseError: 'bad indentation' },
        ],
        ['ko', 'en'],
      );
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof ContentError, 'the pages are refused');
    const message = (error as ContentError).message;
    assert.match(message, /pages\/en\/a\.mdx › frontmatter › title: is required/);
    assert.match(message, /pages\/en\/b\.mdx › frontmatter › translationKey: must be lower-case/);
    assert.match(
      message,
      /pages\/en\/c\.mdx › frontmatter › translationKey: "certifications" is used by the site itself/,
    );
    assert.match(message, /pages\/fr\/d\.mdx › \(record\): is not in a language folder/);
    assert.match(message, /pages\/en\/e\.mdx › frontmatter › \(record\): unknown field\(s\) "layout"/);
    assert.match(message, /pages\/ko\/g\.mdx › frontmatter › translationKey: "f" is already used by pages\/ko\/f\.mdx/);
    assert.match(message, /pages\/ko\/h\.mdx › \(record\): frontmatter cannot be parsed: bad indentation/);
    assert.equal((error as ContentError).issues.length, 7);
  });
});

describe('language plan', () => {
  const pages = validatePages(
    [
      page('pages/ko/faq.mdx', 'ko', fm('faq', { order: 10, navLabel: '자주 묻는 질문' })),
      page('pages/en/faq.mdx', 'en', fm('faq', { order: 10, navLabel: 'FAQ' })),
      page('pages/ko/claim-guide.mdx', 'ko', fm('claim-guide', { order: 20, navLabel: '신청 안내' })),
      page('pages/en/privacy.mdx', 'en', fm('privacy', { order: 5 })),
    ],
    ['ko', 'en'],
  );
  const plan = planPages(pages, ['ko', 'en'], 'ko');

  test('every page has a URL in every language; a missing one falls back, default language first', () => {
    const summary = plan.map((p) => `${p.key}/${p.locale}<-${p.source.locale}${p.fallback ? ' (fallback)' : ''}`);
    assert.deepEqual(summary, [
      'privacy/ko<-en (fallback)',
      'privacy/en<-en',
      'faq/ko<-ko',
      'faq/en<-en',
      'claim-guide/ko<-ko',
      'claim-guide/en<-ko (fallback)',
    ]);
    assert.deepEqual(plan.find((p) => p.key === 'claim-guide')!.translations, ['ko']);
  });

  test('the report names each fallback URL and the file it shows', () => {
    const urls = siteUrls('https://badges.example.org/program/');
    const report = pagesReport(plan, (key, locale) => urls.path(`${locale === 'ko' ? '' : `${locale}/`}${key}/`));
    assert.match(report, /^Pages: 3 page\(s\), 6 URL\(s\); 2 shown in another language\./);
    assert.match(
      report,
      /missing translation: "claim-guide" has no en file \(pages\/en\/\); \/program\/en\/claim-guide\/ shows the ko text of pages\/ko\/claim-guide\.mdx/,
    );
    assert.match(report, /missing translation: "privacy" has no ko file/);
  });

  test('the menu lists pages with a navLabel, in order', () => {
    assert.deepEqual(
      navEntries(plan, 'en').map((e) => `${e.key}:${e.label}`),
      ['faq:FAQ', 'claim-guide:신청 안내'],
    );
    assert.deepEqual(
      navEntries(plan, 'ko').map((e) => e.label),
      ['자주 묻는 질문', '신청 안내'],
    );
  });
});

describe('MDX plugin', () => {
  const pagesDir = '/site/content/pages';
  const catalog = () => new Map([['cloud-fundamentals', { ko: '클라우드 기초', en: 'Cloud Fundamentals' }]]);
  const compile = async (file: string, source: string) => {
    const data = {
      astro: {
        frontmatter: {} as Record<string, unknown>,
        headings: [],
        localImagePaths: new Set<string>(),
        remoteImagePaths: new Set<string>(),
      },
    };
    const plugin = emblemPagesPlugin({
      pagesDir,
      catalog,
      sitePath: siteUrls('https://x.example/program/').path,
      labelRoot: '/site',
    });
    const result = await mdxToJs(source, {
      mdastPlugins: [plugin],
      fileURL: pathToFileURL(file),
      data,
      jsxImportSource: 'astro',
    });
    return { code: result.code, faq: data.astro.frontmatter.faq as FaqQuestion[] | undefined };
  };

  test('collects questions with plain-text answers, adds the file language, prefixes the base path', async () => {
    const { code, faq } = await compile(
      `${pagesDir}/en/faq.mdx`,
      '<Question id="cost" q="Does it cost?">\n\nNo, it is **free**; see <CertLink id="cloud-fundamentals" /> and [the guide](/en/claim-guide/).\n\n- one\n- two\n\n</Question>\n',
    );
    assert.deepEqual(faq, [
      {
        id: 'cost',
        question: 'Does it cost?',
        answer: 'No, it is free; see Cloud Fundamentals and the guide.\none\ntwo',
      },
    ]);
    assert.match(code, /locale: "en"/);
    assert.match(code, /href: "\/program\/en\/claim-guide\/"/);
  });

  test('leaves MDX outside the pages folder alone', async () => {
    const { code, faq } = await compile('/site/src/other.mdx', '<Question q="x">y</Question>\n');
    assert.equal(faq, undefined);
    assert.doesNotMatch(code, /locale:/);
  });

  const failures: [string, string, RegExp][] = [
    [
      'an unknown certification id',
      'Text <CertLink id="nope" />.\n',
      /content\/pages\/ko\/x\.mdx:1: <CertLink id="nope">: no certification or exam with this id/,
    ],
    ['a question without an anchor', '<Question q="Why?">y</Question>\n', /<Question> needs id="…"/],
    ['a badly formed anchor', '<Question id="Why Not" q="Why?">y</Question>\n', /not "Why Not"/],
    [
      'the same anchor twice',
      '<Question id="a" q="A?">y</Question>\n\n<Question id="a" q="B?">y</Question>\n',
      /ko\/x\.mdx:3: <Question id="a">: another question on this page already uses this anchor/,
    ],
    ['a question without its text', '<Question id="a">y</Question>\n', /needs q="…"/],
  ];
  for (const [what, source, message] of failures) {
    test(`fails on ${what}, naming the file and line`, async () => {
      await assert.rejects(compile(`${pagesDir}/ko/x.mdx`, source), message);
    });
  }
});

describe('MDX component values', () => {
  test('FAQPage JSON-LD lists every question and cannot close its script element', () => {
    const json = faqPageJsonLd({
      url: 'https://x.example/faq/',
      locale: 'en',
      name: 'FAQ',
      questions: [{ id: 'a', question: 'A </script>?', answer: 'B' }],
    });
    assert.doesNotMatch(json, /<\/script>/i);
    const data = JSON.parse(json);
    assert.equal(data['@type'], 'FAQPage');
    assert.equal(data.mainEntity[0]['@id'], 'https://x.example/faq/#a');
    assert.equal(data.mainEntity[0].name, 'A </script>?');
    assert.equal(data.mainEntity[0].acceptedAnswer.text, 'B');
  });

  test('eligibility rows are the catalog entries without a badge, exclusions first', () => {
    const model = fixtureModel();
    const rows = eligibilityRows(model, fixtureUrls, 'en', 'no-badge');
    const expected = model.catalog.filter((b) => !model.decisions.get(b.id)!.hasBadge).map((b) => b.id);
    assert.deepEqual(rows.map((r) => r.id).sort(), expected.sort());
    assert.equal(rows[0]!.id, 'exam-74-343');
    assert.match(rows.find((r) => r.id === 'nt-900')!.note, /NuriTech Certified Cloud Fundamentals/);
    assert.equal(rows.find((r) => r.id === 'mb2-706')!.href, '/en/certifications/mb2-706/');
    const retired = eligibilityRows(model, fixtureUrls, 'ko', 'retired');
    assert.deepEqual(
      retired.map((r) => r.id).sort(),
      model.catalog
        .filter((b) => b.status === 'retired')
        .map((b) => b.id)
        .sort(),
    );
    assert.equal(retired.find((r) => r.id === 'server-administrator-associate')?.note, '이미 받은 배지는 계속 유효');
  });

  test('videos: YouTube plays from the no-cookie domain, files in <video>, anything else is a link; unsafe URLs fail', () => {
    assert.deepEqual(videoSource('https://www.youtube.com/watch?v=rMeSQM0h1_Y'), {
      kind: 'youtube',
      url: 'https://www.youtube.com/watch?v=rMeSQM0h1_Y',
      host: 'youtube.com',
      embedUrl: 'https://www.youtube-nocookie.com/embed/rMeSQM0h1_Y?autoplay=1',
    });
    assert.equal(videoSource('https://youtu.be/rMeSQM0h1_Y').kind, 'youtube');
    assert.equal(videoSource('https://media.example.org/a/claim.mp4').kind, 'file');
    assert.equal(videoSource('https://vimeo.com/123').kind, 'link');
    assert.throws(() => videoSource('javascript:alert(1)'), /VideoLink url="javascript:alert\(1\)"/);
  });
});
