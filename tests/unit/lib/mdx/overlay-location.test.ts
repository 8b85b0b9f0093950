/**
 * The dev server's overlay points at the line of a refused construct: the
 * page is compiled by @astrojs/mdx's own Vite plugin with our MDX plugin, and
 * the error is read by Astro's own error collector (what the overlay shows),
 * both straight from node_modules.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { satteri } from '@astrojs/markdown-satteri';
import { emblemPagesPlugin } from '../../../../src/lib/mdx/mdx-plugin.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';
import { projectRoot } from '../../../helpers/site-build.ts';

type Located = Error & { loc?: { file: string; line?: number; column?: number }; frame?: string };

const { vitePluginMdx } = (await import(
  path.join(projectRoot, 'node_modules/@astrojs/mdx/dist/vite-plugin-mdx.js')
)) as {
  vitePluginMdx: (options: unknown) => {
    configResolved: (config: unknown) => void;
    transform: { handler: (code: string, id: string) => Promise<unknown> };
  };
};
const { collectErrorMetadata } = (await import(
  path.join(projectRoot, 'node_modules/astro/dist/core/errors/dev/utils.js')
)) as { collectErrorMetadata: (error: Error, root?: URL) => Located };

const contentDir = path.join(projectRoot, '.tmp/overlay-location');
const pagesDir = path.join(contentDir, 'pages');

/** Compiles a page file as the dev server does and returns the error the overlay gets. */
async function overlayError(file: string, source: string): Promise<Located> {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, source);
  const plugin = vitePluginMdx({
    processor: satteri({
      mdastPlugins: [
        emblemPagesPlugin({
          pagesDir,
          catalog: () => new Map(),
          sitePath: siteUrls('https://x.example/').path,
          labelRoot: projectRoot,
          editorLocale: () => 'en',
        }),
      ],
    }),
    mdxOptions: { gfm: true, smartypants: false, optimize: false },
    srcDir: new URL(`file://${projectRoot}/src/`),
  });
  plugin.configResolved({ build: { sourcemap: false }, plugins: [] });
  try {
    await plugin.transform.handler(source, file);
  } catch (error) {
    return collectErrorMetadata(error as Error, new URL(`file://${projectRoot}/`));
  }
  assert.fail('the page must not compile');
}

const front = '---\ntitle: T\ndescription: D\ntranslationKey: faq\n---\n';
/** Lines 6–123 of ordinary text, so that the next line is line 124. */
const filler = Array.from({ length: 118 }, (_, i) => (i % 2 ? '' : `Paragraph ${i}.`)).join('\n');

describe('the dev overlay points at the right line', () => {
  rmSync(contentDir, { recursive: true, force: true });

  test('a refused style attribute at line 124', async () => {
    const file = path.join(pagesDir, 'en/faq.mdx');
    const source = `${front}${filler}\n<p style="color: red">red</p>\n\nMore.\n`;
    assert.equal(source.split('\n').indexOf('<p style="color: red">red</p>') + 1, 124);
    const error = await overlayError(file, source);
    assert.match(error.message, /overlay-location\/pages\/en\/faq\.mdx:124: <p style="…">: style is not an attribute/);
    assert.equal(error.loc?.file, file);
    assert.equal(error.loc?.line, 124);
    assert.equal(error.loc?.column, 1);
    assert.match(error.frame ?? '', /> 124 \| <p style="color: red">red<\/p>/);
    assert.doesNotMatch(error.frame ?? '', /^\s*1 \|/m, 'not the first lines of the file');
  });

  test('a component error (unknown certification) at its line and column', async () => {
    const file = path.join(pagesDir, 'en/guide.mdx');
    const source = `${front}\nFirst.\n\nSee the exam: <CertLink id="nope" />.\n`;
    const error = await overlayError(file, source);
    assert.equal(error.loc?.line, 9);
    assert.equal(error.loc?.column, 15);
    assert.match(error.frame ?? '', /> 9 \| See the exam/);
  });
});
