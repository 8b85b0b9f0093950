/**
 * Adding a language = a locale registry row + a message file + the content's translations (issue 24).
 * The test takes a copy of the project's sources and the fixture content, adds Arabic (right to left) in
 * exactly that way, builds the copy with the build command a user runs, and checks that every page type
 * exists in Arabic, with dir="rtl". It counts the source files the language needed: two.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { en } from '../../src/lib/locales/messages/en.ts';
import { FIXTURE_NOW, fixtureContent, projectRoot } from '../helpers/site-build.ts';

const work = path.join(projectRoot, '.tmp/fourth-language');
const project = path.join(work, 'project');
const content = path.join(work, 'content');
const out = path.join(work, 'site');
/** What a checkout holds that the build reads (node_modules is linked, not copied). */
const SOURCES = ['src', 'scripts', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];
const ARABIC = 'بالعربية';

/** Every localized text of a content file gains an Arabic translation (here: the English one, marked). */
function translate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(translate);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const entries = Object.entries(record).map(([k, v]) => [k, translate(v)] as const);
    if (typeof record.en === 'string' && typeof record.ko === 'string') entries.push(['ar', `${ARABIC}: ${record.en}`]);
    return Object.fromEntries(entries);
  }
  return value;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => path.relative(dir, path.join(f.parentPath, f.name)));
}

/** Source files of the copy that differ from the project's (or are new). */
function changedSources(): string[] {
  const changed: string[] = [];
  for (const file of filesUnder(path.join(project, 'src'))) {
    const mine = path.join(projectRoot, 'src', file);
    if (!existsSync(mine) || !readFileSync(mine).equals(readFileSync(path.join(project, 'src', file))))
      changed.push(`src/${file}`);
  }
  for (const file of ['astro.config.mjs', 'package.json'])
    if (!readFileSync(path.join(projectRoot, file)).equals(readFileSync(path.join(project, file)))) changed.push(file);
  return changed.sort();
}

describe('a fourth language, added as a registry row, a message file and translated content', () => {
  let build: ReturnType<typeof spawnSync>;
  before(() => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(project, { recursive: true });
    for (const entry of SOURCES) cpSync(path.join(projectRoot, entry), path.join(project, entry), { recursive: true });
    symlinkSync(path.join(projectRoot, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    if (existsSync(path.join(projectRoot, '.emblem/keys')))
      cpSync(path.join(projectRoot, '.emblem/keys'), path.join(project, '.emblem/keys'), { recursive: true });

    // 1. The row (and the import of its messages) in the registry.
    const registry = path.join(project, 'src/lib/locales/registry.ts');
    const source = readFileSync(registry, 'utf8');
    const row = `  {
    code: 'ar',
    tag: 'ar-EG',
    ogLocale: 'ar_AR',
    dir: 'rtl',
    date: { dateStyle: 'long' },
    fonts: { page: ['"Noto Sans Arabic"'], card: ['@fontsource/noto-sans-arabic'] },
    cliTexts: false,
    messages: ar,
  },
] as const satisfies readonly LocaleRow[];`;
    const withRow = source
      .replace(
        "import { en } from './messages/en.ts';",
        "import { ar } from './messages/ar.ts';\nimport { en } from './messages/en.ts';",
      )
      .replace('] as const satisfies readonly LocaleRow[];', row);
    assert.notEqual(withRow, source);
    writeFileSync(registry, withRow);
    // 2. The message file.
    const messages = Object.fromEntries(Object.entries(en).map(([key, text]) => [key, `${ARABIC}: ${text}`]));
    messages['language.self'] = 'العربية';
    writeFileSync(
      path.join(project, 'src/lib/locales/messages/ar.ts'),
      `import type { Messages } from './ko.ts';\n\nexport const ar: Messages = ${JSON.stringify(messages, null, 2)};\n`,
    );
    // 3. The content's translations: the fixture's texts, its pages (content/pages, as the pages tests use
    // them) in a folder of their own, the language in the issuer's list.
    cpSync(fixtureContent, content, { recursive: true });
    for (const file of filesUnder(content).filter((f) => f.endsWith('.yaml'))) {
      const full = path.join(content, file);
      const data = translate(parse(readFileSync(full, 'utf8'))) as Record<string, unknown>;
      if (file === 'issuer.yaml') data.locales = [...(data.locales as string[]), 'ar'];
      writeFileSync(full, stringify(data));
    }
    for (const locale of ['ko', 'en'])
      cpSync(path.join(projectRoot, 'content/pages', locale), path.join(content, 'pages', locale), { recursive: true });
    mkdirSync(path.join(content, 'pages/ar'));
    for (const file of readdirSync(path.join(projectRoot, 'content/pages/en')))
      writeFileSync(
        path.join(content, 'pages/ar', file),
        readFileSync(path.join(projectRoot, 'content/pages/en', file), 'utf8').replaceAll('](/en/', '](/ar/'),
      );

    // Cards, proofs and font subsets the suite's builds already made (tests/helpers/site-build.ts): only what the
    // new language changes is made again.
    for (const folder of ['cards', 'proofs', 'fonts']) {
      const seed = path.join(projectRoot, '.tmp/build-cache-seed', folder);
      if (existsSync(seed))
        cpSync(seed, path.join(work, 'build-cache', folder), {
          recursive: true,
          filter: (source) => !source.endsWith('.partial'),
        });
    }
    build = spawnSync(process.execPath, ['scripts/build.ts', '--out', out], {
      cwd: project,
      encoding: 'utf8',
      env: {
        ...process.env,
        EMBLEM_CONTENT_DIR: content,
        EMBLEM_SITE_URL: 'https://badges.example.org/',
        EMBLEM_NOW: FIXTURE_NOW,
        EMBLEM_CACHE_DIR: path.join(work, 'astro-cache'),
        EMBLEM_BUILD_CACHE: path.join(work, 'build-cache'),
        EMBLEM_ASTRO_ROOT: path.join(work, 'astro-root'),
      },
      maxBuffer: 64 * 1024 * 1024,
    });
  });

  test('the language needed two source files: the registry row and its message file', () => {
    assert.deepEqual(changedSources(), ['src/lib/locales/messages/ar.ts', 'src/lib/locales/registry.ts']);
  });

  test('the build succeeds and every page type exists in the new language, right to left', () => {
    assert.equal(build.status, 0, `${build.stdout}\n${build.stderr}`);
    const page = (file: string) => readFileSync(path.join(out, file), 'utf8');
    for (const file of [
      'ar/index.html',
      'ar/certifications/index.html',
      'ar/certifications/cloud-fundamentals/index.html',
      'ar/retired-certifications/index.html',
      'ar/verify/index.html',
      'ar/claim/index.html',
      'ar/faq/index.html',
      'ar/claim-guide/index.html',
    ]) {
      const html = page(file);
      assert.match(html, /<html lang="ar" dir="rtl"/, file);
      assert.ok(html.includes(ARABIC), `${file}: Arabic text`);
    }
    // Award pages hold every language at one address: an Arabic block, right to left.
    const awards = readdirSync(path.join(out, 'badges')).filter((d) =>
      statSync(path.join(out, 'badges', d)).isDirectory(),
    );
    assert.ok(awards.length > 0);
    for (const id of awards.slice(0, 3)) {
      const html = page(`badges/${id}/index.html`);
      assert.match(html, /<div id="ar" class="award-locale" lang="ar" dir="rtl" data-locale="ar"/, id);
    }
    // The language's stylesheet rules came from the registry row (site.css is unchanged).
    const css = readdirSync(path.join(out, '_astro'))
      .filter((f) => f.endsWith('.css'))
      .map((f) => readFileSync(path.join(out, '_astro', f), 'utf8'))
      .join('\n');
    assert.match(css, /html\[data-lang=(")?ar\1?\] \.award-locale\[data-locale=(")?ar\2?\]/);
    assert.match(css, /:lang\(ar\)\{font-family:Noto Sans Arabic,/);
    assert.match(page('ar/index.html'), /<meta property="og:locale" content="ar_AR"/);
  });
});
