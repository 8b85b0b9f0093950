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
 *
 * A check whose inputs are byte for byte those of a check that passed in an
 * earlier build is not run again (see VerifiedCache): the same credential,
 * the same expected state, the same files it read (DID document, status list,
 * issuer) and the same verifier code give the same answer. The cache needs no
 * tag: it can only spare a check of bytes the build itself wrote, and those
 * come from content and from proofs that are tagged (ob3.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PublishedAward } from '../../lib/site-model.ts';
import { sitePaths, type SiteUrls } from '../../lib/site-urls.ts';
import { verifyBadge, type Step, type VerifyOptions, type VerifyResult } from '../../lib/verify/index.ts';
import type { BuildContext } from '../context.ts';
import { startProgress } from '../infrastructure/progress.ts';

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
      return new Response(await readFile(file), {
        status: 200,
        headers: { 'content-type': file.endsWith('.json') ? 'application/json' : '' },
      });
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}

/** The awards whose credentials are verified: all of a small site, else a deterministic sample plus every revoked one. */
export async function awardsToVerify<T extends PublishedAward>(published: readonly T[]): Promise<T[]> {
  if (published.length <= VERIFY_ALL_UP_TO) return [...published];
  const ranked = published.map((entry) => ({ entry, rank: sha256Bytes(entry.award.id) }));
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  const chosen = new Set(ranked.slice(0, VERIFY_SAMPLE_SIZE).map((r) => r.entry));
  for (const entry of published) if (entry.state.status === 'revoked') chosen.add(entry);
  return published.filter((entry) => chosen.has(entry));
}

/** What is wrong with a verification result, given what the site model says about the award; undefined when nothing. */
export function unexpectedResult(result: VerifyResult, state: PublishedAward['state']): string | undefined {
  const find = (id: Step['id']) => result.steps.find((s) => s.id === id);
  const describe = (s: Step | undefined, id: Step['id']) =>
    s
      ? `${id} ${s.status}: ${s.message.en}${s.detail && s.status === 'failed' ? ` (${s.detail})` : ''}`
      : `${id} step missing`;
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
  // Every file a check reads, with its SHA-256: the inputs the cache compares next time.
  const read = new Map<string, string>();
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetchFromOutput(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const bytes = response.ok ? new Uint8Array(await response.clone().arrayBuffer()) : undefined;
    read.set(decodeURIComponent(url.pathname.slice(urls.base.length)), bytes ? sha256Bytes(bytes) : MISSING);
    return response;
  };
  const cache = await VerifiedCache.open(context.cacheDir, outDir);
  // The status list is verified once (every proof, the site's key) and its bits reused for every credential.
  const statusLists: VerifyOptions['statusLists'] = new Map();
  const problems: string[] = [];
  let reused = 0;
  const progress = startProgress('verify', chosen.length);
  for (const entry of chosen) {
    progress.advance();
    const file = sitePaths.ob3Credential(entry.award.id);
    const credential = await fileDigest(outDir, file);
    if (cache.passed(entry.award.id, credential, entry.state.status)) {
      reused++;
      continue;
    }
    const result = await verifyBadge(
      { kind: 'url', url: urls.url(file) },
      { siteUrl: urls.site, fetch: recordingFetch, now: model.now, statusLists },
    );
    const problem = unexpectedResult(result, entry.state);
    if (problem) problems.push(`award ${entry.award.id} (${file}): ${problem}`);
    else cache.record(entry.award.id, credential, entry.state.status);
  }
  progress.done();
  if (problems.length > 0) {
    const more = problems.length > PROBLEMS_SHOWN ? `\n  … and ${problems.length - PROBLEMS_SHOWN} more` : '';
    throw new Error(
      `verify: ${problems.length} of ${chosen.length} published credential(s) checked do not verify; nothing was published:\n  ` +
        problems.slice(0, PROBLEMS_SHOWN).join('\n  ') +
        more,
    );
  }
  for (const [file, digest] of read)
    if (!file.startsWith(sitePaths.ob3Credential(''))) cache.recordShared(file, digest);
  await cache.save(new Set(chosen.map((entry) => entry.award.id)));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const scope =
    chosen.length === model.published.length ? 'every' : `a sample of ${chosen.length} of ${model.published.length}`;
  const unchanged = reused ? ` (${reused} unchanged since a build that verified them)` : '';
  log(
    `verify: ${scope} published credential(s) verified against the output (signatures, DID document, status list)${unchanged} in ${seconds} s`,
  );
}

const MISSING = 'missing';
const VERIFIED_CACHE_FILE = 'verified-output.json';

function sha256Bytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function fileDigest(outDir: string, file: string): Promise<string> {
  try {
    return sha256Bytes(await readFile(path.join(outDir, file)));
  } catch {
    return MISSING;
  }
}

/** The verifier's code and its libraries: a change to either makes every earlier answer stale. */
function verifierFingerprint(): string {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const hash = createHash('sha256');
  const verifyDir = path.join(root, 'src/lib/verify');
  const files = [
    ...readdirSync(verifyDir)
      .sort()
      .map((name) => path.join(verifyDir, name)),
    path.join(root, 'src/lib/credentials/document-loader.ts'),
    fileURLToPath(import.meta.url),
    path.join(root, 'package-lock.json'),
  ];
  for (const file of files) if (existsSync(file)) hash.update(file.slice(root.length)).update(readFileSync(file));
  return hash.digest('hex');
}

interface StoredVerified {
  verifier: string;
  /** Site files the checks read besides the credentials (DID document, status list, issuer): path -> SHA-256. */
  shared: Record<string, string>;
  /** Award id -> [credential SHA-256, expected state]. */
  awards: Record<string, [string, string]>;
}

/** What passed in an earlier build, and whether it still holds for this output. */
class VerifiedCache {
  private readonly file: string;
  private readonly stored: StoredVerified;
  /** Every shared file is as it was when the stored answers were given. */
  private readonly sharedUnchanged: boolean;

  private constructor(file: string, stored: StoredVerified, sharedUnchanged: boolean) {
    this.file = file;
    this.stored = stored;
    this.sharedUnchanged = sharedUnchanged;
  }

  static async open(cacheDir: string, outDir: string): Promise<VerifiedCache> {
    const file = path.join(cacheDir, VERIFIED_CACHE_FILE);
    const verifier = verifierFingerprint();
    const fresh: StoredVerified = { verifier, shared: {}, awards: {} };
    let stored = fresh;
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as StoredVerified;
      if (parsed.verifier === verifier && parsed.shared && parsed.awards) stored = parsed;
    } catch {
      // No cache, or a damaged one: everything is checked.
    }
    let sharedUnchanged = stored !== fresh && Object.keys(stored.shared).length > 0;
    for (const [shared, digest] of Object.entries(stored.shared))
      if (sharedUnchanged && (await fileDigest(outDir, shared)) !== digest) sharedUnchanged = false;
    // Answers given against other shared files are dropped; they are rebuilt from this build's checks.
    return new VerifiedCache(file, sharedUnchanged ? stored : { ...fresh }, sharedUnchanged);
  }

  passed(awardId: string, credential: string, state: string): boolean {
    const known = this.stored.awards[awardId];
    return this.sharedUnchanged && credential !== MISSING && known?.[0] === credential && known[1] === state;
  }

  record(awardId: string, credential: string, state: string): void {
    this.stored.awards[awardId] = [credential, state];
  }

  recordShared(file: string, digest: string): void {
    this.stored.shared[file] = digest;
  }

  /** Writes the answers for the awards checked this time (the cache stays the size of one sample). */
  async save(chosen: ReadonlySet<string>): Promise<void> {
    const awards = Object.fromEntries(Object.entries(this.stored.awards).filter(([id]) => chosen.has(id)));
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ ...this.stored, awards } satisfies StoredVerified));
    await rename(temporary, this.file);
  }
}
