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
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { embedMarkup } from '../lib/embed-markup.ts';
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
import { markWritten, outputScan } from './output-scan.ts';

/** Hashes of every inline script and style in the site's HTML files, from the shared scan of the output. */
export async function inlineSourcesOf(context: BuildContext): Promise<InlineSources> {
  const sources = emptyInlineSources();
  const sets = { script: sources.scripts, style: sources.styles, attr: sources.styleAttributes } as const;
  for (const [file, scanned] of (await outputScan(context)).files) {
    if (!file.endsWith('.html')) continue;
    for (const entry of scanned.facts?.inline ?? []) {
      const space = entry.indexOf(' ');
      sets[entry.slice(0, space) as keyof typeof sets].add(entry.slice(space + 1));
    }
  }
  // The award page's script inserts the embed snippet (its preview), which no built file holds.
  collectInlineSources(embedMarkup({ pageUrl: '', image: '', title: '', alt: '', badge: '', issuer: '' }), sources);
  return sources;
}

export async function writeHostingFiles(context: BuildContext): Promise<void> {
  const { outDir, urls, content, log } = context;
  const headers = path.join(outDir, '_headers');
  const sources = await inlineSourcesOf(context);
  const csp = contentSecurityPolicy(sources, { siteOrigin: urls.origin, claimEndpoint: content.issuer.claims.endpoint });
  const ours = headersFile([securityHeaderRule(csp), ...credentialHeaderRules(urls.base)]);
  // Another step (or public/_headers) may have written rules already: keep them.
  const existing = await readFile(headers, 'utf8').catch(() => '');
  if (existing) await appendFile(headers, `\n${ours}`);
  else await writeFile(headers, ours);
  await writeFile(path.join(outDir, '.nojekyll'), '');
  markWritten(context, ['_headers', '.nojekyll']);
  log(
    `hosting files: _headers (Content-Security-Policy with ${sources.scripts.size} inline script and ${sources.styles.size + sources.styleAttributes.size} inline style hash(es)), .nojekyll`,
  );
}
