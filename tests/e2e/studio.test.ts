/**
 * The editing studio (/studio/, Sveltia CMS) in Chromium, offline, on the
 * suite's shared build: the CMS's local mode edits a copy of the content in
 * the origin private file system (the only stub: the OS folder picker answers
 * with that folder). An editor opens the FAQ, adds a question with a Callout
 * in Korean and in English side by side, and saves: the two MDX files change
 * by exactly that text. The saved files then go through the build's own page
 * checks and MDX compile plugin (the question is on both pages and in the
 * FAQPage structured data); a disallowed construct saved by the studio is
 * refused by those checks, in Korean. The studio's page keeps to its own CSP,
 * makes no request off the site, and is checked with axe.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright';
import { mdxToJs } from 'satteri';
import { launchBrowser } from '../../scripts/lib/browser.ts';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { loadContent } from '../../src/lib/content/content-files.ts';
import { ContentError } from '../../src/lib/content/content-model.ts';
import { checkPagesParity, checkPagesSafety, loadPages } from '../../src/lib/content/page-files.ts';
import { faqPageJsonLd, type FaqQuestion } from '../../src/lib/mdx/mdx-components.ts';
import { emblemPagesPlugin } from '../../src/lib/mdx/mdx-plugin.ts';
import { PAGE_COMPONENTS } from '../../src/lib/mdx/mdx-safety.ts';
import { studioContentSecurityPolicy } from '../../src/lib/site/hosting.ts';
import { siteUrls } from '../../src/lib/site-urls.ts';
import { studioComponents } from '../../src/lib/studio/studio-config.ts';
import { pagesContent } from '../helpers/pages-content.ts';
import { buildSite, projectRoot } from '../helpers/site-build.ts';

const SCREENSHOTS = process.env.EMBLEM_WRITE_SCREENSHOTS === '1';
const shot = async (page: Page, name: string) => {
  if (!SCREENSHOTS) return;
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(projectRoot, `docs/images/studio-${name}.png`), animations: 'disabled' });
};

let contentDir: string;
let outDir: string;
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const offSite: string[] = [];
const problems: string[] = [];

/** The repository files the studio edits, as the local folder holds them ("content/..." paths). */
function repositoryFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const add = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      const full = path.join(entry.parentPath, entry.name);
      files[`${prefix}/${path.relative(dir, full).split(path.sep).join('/')}`] = readFileSync(full, 'utf8');
    }
  };
  add(path.join(contentDir, 'pages'), 'content/pages');
  add(path.join(projectRoot, 'content/emails'), 'content/emails');
  files['content/issuer.yaml'] = readFileSync(path.join(projectRoot, 'content/issuer.yaml'), 'utf8');
  return files;
}

async function readRepository(): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const out: Record<string, string> = {};
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
      for await (const [name, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
        if (name === '.git') continue;
        const rel = prefix ? `${prefix}/${name}` : name;
        if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, rel);
        else out[rel] = await (await (handle as FileSystemFileHandle).getFile()).text();
      }
    };
    await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('repo'), '');
    return out;
  });
}

const KO_QUESTION = `<Question id="studio-preview" q="고친 내용을 게시 전에 볼 수 있나요?">

네. 편집 스튜디오에서 저장하면 변경 요청이 만들어지고, 사이트의 미리 보기가 함께 만들어집니다.

<Callout type="tip" title="미리 보기">

변경 요청의 댓글에 미리 보기와 검사 결과가 한국어와 영어로 나옵니다.

</Callout>

</Question>

`;
const EN_QUESTION = `<Question id="studio-preview" q="Can I see my changes before they are published?">

Yes. Saving in the editing studio opens a pull request, and a preview of the site is built for it.

<Callout type="tip" title="Preview">

The pull request's comment shows the preview and the checks, in Korean and English.

</Callout>

</Question>

`;
/** Where the new question goes: before the contact question, in both languages. */
const BEFORE = '<Question id="contact"';

describe('editing studio', () => {
  before(async () => {
    contentDir = pagesContent();
    outDir = buildSite({ contentDir, siteUrl: 'https://badges.example.org/' });
    server = await serveStatic({ root: outDir });
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'ko-KR', viewport: { width: 1280, height: 800 } });
    // Offline: nothing may leave the site (a CDN font or script would be a request to another origin).
    await context.route(
      (url) => url.origin !== server.origin,
      (route) => {
        offSite.push(route.request().url());
        return route.abort();
      },
    );
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[]; showDirectoryPicker: () => Promise<unknown> };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`),
      );
      // The OS folder picker, answered with the folder the test filled (the browser's private file system).
      w.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
    });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // A same-origin document to fill the private file system from, before the studio starts.
    await page.goto(`${server.origin}/studio/manual-init.js`);
    await page.evaluate(async (files) => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo', { create: true });
      await root.getDirectoryHandle('.git', { create: true });
      for (const [rel, text] of Object.entries(files)) {
        const parts = rel.split('/');
        let dir = root;
        for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
        const writable = await (await dir.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
        await writable.write(text);
        await writable.close();
      }
    }, repositoryFiles());
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('the studio is served with its own policy, in Korean, and not for search engines', async () => {
    const response = await page.goto(`${server.origin}/studio/`);
    assert.equal(response?.headers()['content-security-policy'], studioContentSecurityPolicy());
    assert.equal(response?.headers()['x-robots-tag'], 'noindex, nofollow');
    assert.match(await response!.text(), /<meta name="robots" content="noindex, nofollow">/);
    for (const sitemap of readdirSync(outDir).filter((f) => /^sitemap.*\.xml$/.test(f)))
      assert.doesNotMatch(readFileSync(path.join(outDir, sitemap), 'utf8'), /\/studio\//, sitemap);
    await page.getByRole('button', { name: '로컬 저장소로 작업' }).waitFor();
    await shot(page, 'sign-in');
  });

  test('axe finds no violation in the studio but the CMS layout landmark rule', async () => {
    // The collection of pages, the studio's first view once an editor has signed in.
    await page.getByRole('button', { name: '로컬 저장소로 작업' }).click();
    await page.getByText('디지털 배지 자주 묻는 질문').first().waitFor();
    await shot(page, 'collections');
    const { violations } = await new AxeBuilder({ page }).disableRules(STUDIO_AXE_EXCEPTIONS).analyze();
    assert.deepEqual(
      violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
    );
  });
  test('an editor adds a question with a Callout in Korean and English; only that text changes', async () => {
    const before = await readRepository();
    const [ko, en] = await openFaq();
    for (const [body, question] of [
      [ko, KO_QUESTION],
      [en, EN_QUESTION],
    ] as const) {
      await body.fill((await body.inputValue()).replace(BEFORE, question + BEFORE));
    }
    await shot(page, 'faq-side-by-side');
    await page.getByRole('button', { name: '저장', exact: true }).click();
    // The CMS's own confirmation, once both files are written.
    await page.getByText('엔트리 1개가 저장되었습니다.').waitFor();
    const saved = await readRepository();
    const expected = {
      ...before,
      'content/pages/ko/faq.mdx': before['content/pages/ko/faq.mdx']!.replace(BEFORE, KO_QUESTION + BEFORE),
      'content/pages/en/faq.mdx': before['content/pages/en/faq.mdx']!.replace(BEFORE, EN_QUESTION + BEFORE),
    };
    assert.deepEqual(Object.keys(saved).sort(), Object.keys(expected).sort());
    for (const file of Object.keys(expected)) assert.equal(saved[file], expected[file as keyof typeof expected], file);
    savedPages = { ko: saved['content/pages/ko/faq.mdx']!, en: saved['content/pages/en/faq.mdx']! };
  });

  test("the saved pages pass the build's page checks and compile with the question on both pages and in FAQPage", async () => {
    const dir = contentWith(savedPages);
    checkPagesSafety(dir, dir, 'ko');
    checkPagesParity(dir, dir, 'ko');
    loadPages(dir, ['ko', 'en'], dir);
    for (const [locale, q] of [
      ['ko', '고친 내용을 게시 전에 볼 수 있나요?'],
      ['en', 'Can I see my changes before they are published?'],
    ] as const) {
      const { code, questions } = await compilePage(dir, locale, savedPages[locale]);
      // The page: the compiled MDX renders the question (with its anchor) and the Callout inside it.
      assert.ok(code.includes(JSON.stringify(q)) || code.includes(q), `${locale}: the question is on the page`);
      assert.match(code, /Callout/);
      // The structured data the page carries, from the questions the compile step collected.
      const jsonLd = JSON.parse(
        faqPageJsonLd({ url: `https://badges.example.org/${locale}/faq/`, locale, name: 'FAQ', questions }),
      );
      const entry = jsonLd.mainEntity.find((e: { name: string }) => e.name === q);
      assert.ok(entry, `${locale}: the question is in the FAQPage JSON-LD`);
      assert.match(entry['@id'], /#studio-preview$/);
      assert.match(entry.acceptedAnswer.text, locale === 'ko' ? /변경 요청의 댓글에/ : /pull request's comment/);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('a disallowed construct saved by the studio is refused by the page check, in Korean, with file and line', async () => {
    const [ko] = await openFaq();
    // What a word processor paste brings: an inline style. The CMS saves it (it does not know MDX);
    // the build's check refuses it, in the editor's language, and the preview comment shows that message.
    await ko.fill((await ko.inputValue()).replace(BEFORE, `<p style="color: red">빨간 글씨</p>\n\n${BEFORE}`));
    await page.getByRole('button', { name: '저장', exact: true }).click();
    const saved = await until(async () => {
      const text = (await readRepository())['content/pages/ko/faq.mdx']!;
      return text.includes('<p style=') ? text : undefined;
    });
    const line = saved.split('\n').findIndex((l) => l.startsWith('<p style=')) + 1;
    assert.ok(line > 0, 'the studio saved what the editor typed');
    const dir = contentWith({ ...savedPages, ko: saved });
    assert.throws(
      () => checkPagesSafety(dir, dir, 'ko'),
      (error: unknown) => {
        assert.ok(error instanceof ContentError);
        assert.deepEqual(
          error.issues.map((i) => `${i.file} › ${i.field}: ${i.message}`),
          [
            `pages/ko/faq.mdx › line ${line}: <p style="…">: <p>에는 style 속성을 쓸 수 없습니다 (쓸 수 있는 속성: id, class, title, lang, dir)`,
          ],
        );
        return true;
      },
    );
    rmSync(dir, { recursive: true, force: true });
  });

  test('the rich-text editor offers exactly the components the build allows', async () => {
    const labels = studioComponents([]).map((c) => c.label);
    assert.deepEqual(
      studioComponents([]).map((c) => c.id),
      [...PAGE_COMPONENTS.keys()],
    );
    // The claim guide (the FAQ's many components make the switch to rich text slow), from the collection.
    if (await page.locator('textarea').count()) await page.goBack();
    await page.getByText('배지 받는 방법').first().click();
    await page.locator('textarea').first().waitFor();
    // Switch the Korean body from Markdown source to rich text, then open its insert menu.
    await page.getByRole('button', { name: '마크다운으로 편집' }).first().click();
    await page.getByRole('button', { name: '삽입' }).first().click();
    const offered = await page.getByRole('menuitem').allInnerTexts();
    await shot(page, 'insert-menu');
    assert.deepEqual(
      offered.map((t) => t.trim()),
      labels,
    );
    await page.keyboard.press('Escape');
  });

  test('the studio makes no request off the site and breaks no rule of its policy', async () => {
    // The CMS still asks its CDN for its fonts (ours, from /studio/fonts/, are used instead) and for its
    // latest version number; the policy blocks those requests by design. Nothing else may be blocked.
    const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    const cdn =
      /^(font-src|connect-src) blocked https:\/\/(cdn\.jsdelivr\.net\/fontsource\/|unpkg\.com\/@sveltia\/cms\/package\.json)/;
    assert.deepEqual(
      violations.filter((v) => !cdn.test(v)),
      [],
    );
    // Off the site only the git host: GitHub's status page, which the CMS asks before it signs in.
    assert.deepEqual(
      offSite.filter(
        (url) => !url.startsWith('https://www.githubstatus.com/') && !url.startsWith('https://api.github.com/'),
      ),
      [],
    );
    assert.deepEqual(problems, []);
  });
});

let savedPages: { ko: string; en: string };

/**
 * axe rules the CMS's own markup breaks and we cannot change without patching its bundle:
 * 'region' (its editor and list panes are not inside landmarks).
 */
const STUDIO_AXE_EXCEPTIONS = ['region'];

/** Polls `get` until it gives a value (at most ~5 s): the CMS writes files after it answers the click. */
async function until<T>(get: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 50; i++) {
    // A file the CMS is replacing is briefly missing.
    const value = await get().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the studio did not write the file');
}

/** Opens the FAQ (from the collection) with English side by side; the Korean and English bodies, as Markdown source. */
async function openFaq() {
  if (!(await page.locator('textarea').count())) await page.getByText('디지털 배지 자주 묻는 질문').first().click();
  // The other language side by side: the right pane shows the English fields.
  const english = page.getByRole('radio', { name: '영어' }).last();
  if ((await english.getAttribute('aria-checked')) !== 'true') await english.click();
  await page.waitForFunction(
    (marker) => [...document.querySelectorAll('textarea')].filter((t) => t.value.includes(marker)).length === 2,
    BEFORE,
  );
  const textareas = page.locator('textarea');
  const indexes = await textareas.evaluateAll(
    (all, marker) => all.flatMap((t, i) => ((t as HTMLTextAreaElement).value.includes(marker) ? [i] : [])),
    BEFORE,
  );
  return indexes.map((i) => textareas.nth(i));
}

/** A copy of the test's content with the FAQ pages as the studio saved them. */
function contentWith(pages: { ko: string; en: string }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'emblem-studio-'));
  cpSync(path.join(contentDir, 'pages'), path.join(dir, 'pages'), { recursive: true });
  writeFileSync(path.join(dir, 'pages/ko/faq.mdx'), pages.ko);
  writeFileSync(path.join(dir, 'pages/en/faq.mdx'), pages.en);
  return dir;
}

/** One page through the MDX compile the build runs (Sätteri with the site's pages plugin). */
async function compilePage(dir: string, locale: 'ko' | 'en', source: string) {
  const catalog = new Map(loadContent(contentDir).badgeClasses.map((b) => [b.id, b.name]));
  const data = {
    astro: {
      frontmatter: {} as { faq?: FaqQuestion[] },
      headings: [],
      localImagePaths: new Set<string>(),
      remoteImagePaths: new Set<string>(),
    },
  };
  const body = source.replace(/^---\n[\s\S]*?\n---\n/, '');
  const compiled = await mdxToJs(body, {
    mdastPlugins: [
      emblemPagesPlugin({
        pagesDir: path.join(dir, 'pages'),
        catalog: () => catalog,
        sitePath: siteUrls('https://badges.example.org/').path,
        labelRoot: dir,
        editorLocale: () => 'ko',
      }),
    ],
    fileURL: pathToFileURL(path.join(dir, 'pages', locale, 'faq.mdx')),
    data,
    jsxImportSource: 'astro',
  });
  const code = typeof compiled === 'string' ? compiled : (compiled as { code: string }).code;
  return { code, questions: data.astro.frontmatter.faq ?? [] };
}
