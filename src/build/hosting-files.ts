/**
 * Build step: files static hosts read from the published folder.
 *   _headers    Netlify / Cloudflare Pages response headers (src/lib/hosting.ts),
 *               with a Content-Security-Policy that lists the hashes of the
 *               inline scripts and styles found in the pages just built
 *   .nojekyll   GitHub Pages: publish folders starting with "." or "_" (.well-known)
 *
 * Runs after every step that writes pages (award pages included), so the
 * policy covers exactly what is published.
 */
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  collectInlineSources,
  contentSecurityPolicy,
  credentialHeaderRules,
  emptyInlineSources,
  headersFile,
  securityHeaderRule,
  type InlineSources,
} from '../lib/hosting.ts';
import type { BuildContext } from './context.ts';

/** Hashes of every inline script and style in the site's HTML files. */
export async function inlineSourcesOf(outDir: string): Promise<InlineSources> {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  const pages = entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => path.join(e.parentPath, e.name));
  const sources = emptyInlineSources();
  // Award pages share one frame: many files, few distinct inline sources. Read a few at a time.
  for (let i = 0; i < pages.length; i += 64) {
    const texts = await Promise.all(pages.slice(i, i + 64).map((file) => readFile(file, 'utf8')));
    for (const text of texts) collectInlineSources(text, sources);
  }
  return sources;
}

export async function writeHostingFiles({ outDir, urls, content, log }: BuildContext): Promise<void> {
  const headers = path.join(outDir, '_headers');
  const sources = await inlineSourcesOf(outDir);
  const csp = contentSecurityPolicy(sources, { siteOrigin: urls.origin, claimEndpoint: content.issuer.claims.endpoint });
  const ours = headersFile([securityHeaderRule(csp), ...credentialHeaderRules(urls.base)]);
  // Another step (or public/_headers) may have written rules already: keep them.
  const existing = await readFile(headers, 'utf8').catch(() => '');
  if (existing) await appendFile(headers, `\n${ours}`);
  else await writeFile(headers, ours);
  await writeFile(path.join(outDir, '.nojekyll'), '');
  log(
    `hosting files: _headers (Content-Security-Policy with ${sources.scripts.size} inline script and ${sources.styles.size + sources.styleAttributes.size} inline style hash(es)), .nojekyll`,
  );
}
