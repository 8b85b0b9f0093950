/**
 * Build step: files static hosts read from the published folder.
 *   _headers    Netlify / Cloudflare Pages response headers (src/lib/hosting.ts)
 *   .nojekyll   GitHub Pages: publish folders starting with "." or "_" (.well-known)
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { credentialHeaderRules, headersFile } from '../lib/hosting.ts';
import type { BuildContext } from './context.ts';

export async function writeHostingFiles({ outDir, urls, log }: BuildContext): Promise<void> {
  const headers = path.join(outDir, '_headers');
  const ours = headersFile(credentialHeaderRules(urls.base));
  // Another step (or public/_headers) may have written rules already: keep them.
  const existing = await readFile(headers, 'utf8').catch(() => '');
  if (existing) await appendFile(headers, `\n${ours}`);
  else await writeFile(headers, ours);
  await writeFile(path.join(outDir, '.nojekyll'), '');
  log('hosting files: _headers, .nojekyll');
}
