/**
 * Build step: files static hosts read from the published folder.
 *   _headers    Netlify / Cloudflare Pages response headers (src/lib/site/hosting.ts),
 *               with a Content-Security-Policy that allows the inline scripts
 *               the templates declare and the inline styles of the pages just
 *               built; an inline script no template declares stops the build
 *   .nojekyll   GitHub Pages: publish folders starting with "." or "_" (.well-known)
 *
 * Runs after every step that writes pages (award pages included), so the
 * policy covers exactly what is published.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { embedMarkup } from '../../lib/social/embed-markup.ts';
import {
  collectInlineSources,
  contentSecurityPolicy,
  credentialHeaderRules,
  declaredScriptHashes,
  emptyInlineSources,
  headersFile,
  securityHeaderRule,
  studioHeaderRule,
  type InlineSources,
  undeclaredInlineScripts,
} from '../../lib/site/hosting.ts';
import type { BuildContext } from '../context.ts';
import { markWritten, outputScan } from '../checks/output-scan.ts';

/**
 * The inline sources the policy allows: the inline scripts the templates
 * declare, and the inline styles of the site's HTML files (from the shared
 * scan of the output). Hashes are never taken from the output for scripts:
 * an inline script in a built page that no template declares (from MDX, a
 * tampered cache, content) stops the build, naming the pages.
 */
export async function inlineSourcesOf(
  context: BuildContext,
  declared: ReadonlySet<string> = declaredScriptHashes(),
): Promise<InlineSources> {
  const sources = emptyInlineSources();
  const found = new Map<string, string[]>();
  const sets = { style: sources.styles, attr: sources.styleAttributes } as const;
  for (const [file, scanned] of (await outputScan(context)).files) {
    if (!file.endsWith('.html')) continue;
    for (const entry of scanned.facts?.inline ?? []) {
      const space = entry.indexOf(' ');
      const [kind, hash] = [entry.slice(0, space), entry.slice(space + 1)];
      if (kind === 'script') found.set(hash, [...(found.get(hash) ?? []), file]);
      else sets[kind as keyof typeof sets].add(hash);
    }
  }
  const undeclared = undeclaredInlineScripts(found.keys(), declared);
  if (undeclared.length) {
    const pages = undeclared.flatMap((hash) => found.get(hash)!.map((file) => `${file} (${hash})`));
    throw new Error(
      `${pages.length} page(s) carry an inline script that no template declares, which the Content-Security-Policy will not allow: ${pages.slice(0, 5).join(', ')}${pages.length > 5 ? ', …' : ''}. Nothing was published; find where the script comes from (an MDX page, the build cache) and remove it.`,
    );
  }
  for (const hash of declared) sources.scripts.add(hash);
  // The award page's script inserts the embed snippet (its preview), which no built file holds.
  collectInlineSources(embedMarkup({ pageUrl: '', image: '', title: '', alt: '', badge: '', issuer: '' }), sources);
  return sources;
}

export async function writeHostingFiles(context: BuildContext): Promise<void> {
  const { outDir, urls, content, log } = context;
  const headers = path.join(outDir, '_headers');
  const sources = await inlineSourcesOf(context);
  const csp = contentSecurityPolicy(sources, {
    siteOrigin: urls.origin,
    claimEndpoint: content.issuer.claims.endpoint,
  });
  const ours = headersFile([securityHeaderRule(csp), studioHeaderRule(), ...credentialHeaderRules(urls.base)]);
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
