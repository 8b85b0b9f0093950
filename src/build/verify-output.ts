/**
 * Build step: the credentials just written must verify. The project's own
 * verification core (src/lib/verify/) checks published OB 3.0 credentials as
 * a reader would, but reads the output folder instead of the network: every
 * proof against the DID document just written, the issuer, the signed status
 * list and the award's bit in it, and the validity period at the build moment.
 *
 * Small sites are checked whole; above VERIFY_ALL_UP_TO awards, a fixed-size
 * sample chosen by hashing the award ids (the same awards on every build of the
 * same content) plus every revoked award. A credential that does not say what
 * the site model says stops the build, naming the award.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PublishedAward } from '../lib/site-model.ts';
import { sitePaths, type SiteUrls } from '../lib/site-urls.ts';
import { verifyBadge, type Step, type VerifyOptions, type VerifyResult } from '../lib/verify/index.ts';
import type { BuildContext } from './context.ts';

/** Sites with at most this many published awards have every credential verified. */
export const VERIFY_ALL_UP_TO = 200;
/** Above that, this many awards (plus every revoked one). */
export const VERIFY_SAMPLE_SIZE = 200;
/** Problems listed in the error; the rest are counted. */
const PROBLEMS_SHOWN = 10;

/** A fetch that answers this site's URLs from the output folder, and nothing else (404). */
export function outputFolderFetch(outDir: string, urls: SiteUrls): typeof fetch {
  const root = path.resolve(outDir);
  return async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin !== urls.origin || !url.pathname.startsWith(urls.base)) return new Response(null, { status: 404 });
    let relative = decodeURIComponent(url.pathname.slice(urls.base.length));
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = path.resolve(root, relative);
    if (path.relative(root, file).startsWith('..')) return new Response(null, { status: 404 });
    try {
      return new Response(await readFile(file), { status: 200, headers: { 'content-type': file.endsWith('.json') ? 'application/json' : '' } });
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}

/** The awards whose credentials are verified: all of a small site, else a deterministic sample plus every revoked one. */
export async function awardsToVerify<T extends PublishedAward>(published: readonly T[]): Promise<T[]> {
  if (published.length <= VERIFY_ALL_UP_TO) return [...published];
  const ranked = await Promise.all(published.map(async (entry) => ({ entry, rank: await sha256Hex(entry.award.id) })));
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  const chosen = new Set(ranked.slice(0, VERIFY_SAMPLE_SIZE).map((r) => r.entry));
  for (const entry of published) if (entry.state.status === 'revoked') chosen.add(entry);
  return published.filter((entry) => chosen.has(entry));
}

/** What is wrong with a verification result, given what the site model says about the award; undefined when nothing. */
export function unexpectedResult(result: VerifyResult, state: PublishedAward['state']): string | undefined {
  const find = (id: Step['id']) => result.steps.find((s) => s.id === id);
  const describe = (s: Step | undefined, id: Step['id']) =>
    s ? `${id} ${s.status}: ${s.message.en}${s.detail && s.status === 'failed' ? ` (${s.detail})` : ''}` : `${id} step missing`;
  for (const id of ['format', 'signature', 'issuer'] as const) {
    const s = find(id);
    if (s?.status !== 'passed') return describe(s, id);
  }
  const status = find('status');
  const revoked = state.status === 'revoked';
  if (revoked ? status?.reason !== 'revoked' : status?.status !== 'passed')
    return `${describe(status, 'status')}; the award is ${revoked ? '' : 'not '}revoked`;
  if (revoked) return undefined; // validity is not checked after a revocation
  const validity = find('validity');
  const expired = state.status === 'expired';
  if (expired ? validity?.reason !== 'expired' : validity?.status !== 'passed')
    return `${describe(validity, 'validity')}; the award is ${expired ? '' : 'not '}expired`;
  return undefined;
}

export async function verifyOutput(context: BuildContext): Promise<void> {
  const { model, urls, outDir, log } = context;
  const started = performance.now();
  const chosen = await awardsToVerify(model.published);
  const fetchFromOutput = outputFolderFetch(outDir, urls);
  // The status list is verified once (every proof, the site's key) and its bits reused for every credential.
  const statusLists: VerifyOptions['statusLists'] = new Map();
  const problems: string[] = [];
  for (const entry of chosen) {
    const file = sitePaths.ob3Credential(entry.award.id);
    const result = await verifyBadge({ kind: 'url', url: urls.url(file) }, { siteUrl: urls.site, fetch: fetchFromOutput, now: model.now, statusLists });
    const problem = unexpectedResult(result, entry.state);
    if (problem) problems.push(`award ${entry.award.id} (${file}): ${problem}`);
  }
  if (problems.length > 0) {
    const more = problems.length > PROBLEMS_SHOWN ? `\n  … and ${problems.length - PROBLEMS_SHOWN} more` : '';
    throw new Error(
      `verify: ${problems.length} of ${chosen.length} published credential(s) checked do not verify; nothing was published:\n  ` +
        problems.slice(0, PROBLEMS_SHOWN).join('\n  ') +
        more,
    );
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const scope = chosen.length === model.published.length ? 'every' : `a sample of ${chosen.length} of ${model.published.length}`;
  log(`verify: ${scope} published credential(s) verified against the output (signatures, DID document, status list) in ${seconds} s`);
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
