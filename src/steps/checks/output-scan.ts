/**
 * One scan of the built site shared by every check that reads the whole
 * output: the font subset (code points), the Content-Security-Policy (inline
 * hashes), the link check, the privacy check and the site manifest (content
 * hashes). Every file is read once, on the worker pool for large sites (see
 * scan-file.ts for what is learnt from each file).
 *
 * What depends only on a file's bytes is kept between builds in
 * `<cacheDir>/output-scan.json`, keyed by the file's SHA-256 and sealed with
 * the build's cache seal (cache-entry.ts): facts that a run without the
 * signing key wrote (a poisoned CI cache) are never trusted. A file whose
 * bytes did not change is hashed, searched for secrets and counted for the
 * font, but not parsed again; a file whose bytes changed is scanned whole.
 * The checks themselves (which links lead nowhere, which tokens are this
 * build's recipients or withheld ids) run on every build over every file.
 *
 * Steps that write files after the scan name them with `markWritten`; the
 * next `outputScan` call rescans those and any file it has not seen.
 */
import { type Dirent, existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { type CacheSeal, readSealed, sealHasher, writeSealOf } from '../infrastructure/cache-entry.ts';
import type { BuildContext, PlacedFile } from '../context.ts';
import { type Secret, secretsToGuard } from './private-tokens.ts';
import {
  addCounts,
  type CodePointTally,
  type ContentFacts,
  type FileScan,
  hasContentFacts,
  newTally,
  scanFile,
  scanReadsContent,
} from './scan-file.ts';
import type { ScanResult, ScanTask } from './scan-worker.ts';
import { startProgress } from '../infrastructure/progress.ts';
import { buildCacheSeal } from '../credentials/signing-key.ts';
import { inBatches, runOnWorkers, SCAN_IN_PROCESS_BELOW, SCAN_WORKER } from '../infrastructure/worker-pool.ts';

/** Bump when what scan-file.ts extracts changes: older caches are then ignored. */
const SCAN_CACHE_VERSION = 3;
const SCAN_CACHE_FILE = 'output-scan.json';
const FONT_TEXT = /\.(html|js|mjs|css)$/;
/**
 * Files per worker task. The facts of a batch hold slices of its pages' text
 * until the batch is sent back, so the batch bounds a worker's live memory
 * (about 60 MB for 500 award pages).
 */
const SCAN_BATCH = 500;
/** A scan worker's heap: parsing makes garbage that V8 would otherwise let grow to gigabytes per thread before collecting. */
const SCAN_WORKER_HEAP_MB = 512;

export interface ScannedFile {
  sha256: string;
  bytes: number;
  secrets: string[];
  facts?: ContentFacts;
}

export interface OutputScan {
  /** Every file of the output (site-relative, "/" separators). */
  files: Map<string, ScannedFile>;
  /** Code points of the pages, scripts and styles, from the first full scan. */
  tally: CodePointTally;
  /** A file with text for the font changed after the first scan: the tally no longer holds. */
  tallyStale: boolean;
  /** Files written since the last scan (rescanned by the next outputScan call). */
  stale: Set<string>;
  /** Content facts known from earlier builds, by SHA-256. */
  cached: Map<string, ContentFacts>;
  /** Files parsed (facts not in the cache), files whose facts came from the cache, and files not read (known from the step that placed them), over this build. */
  stats: { parsed: number; reused: number; unread: number };
}

const scans = new WeakMap<BuildContext, OutputScan>();

/** Site-relative paths of every file in a folder ("/" separators; by string, path.relative is slow at 100,000s of files). */
export async function listFiles(root: string): Promise<string[]> {
  const base = path.resolve(root);
  const entries = await readdir(base, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) if (entry.isFile()) files.push(siteRelative(base, entry));
  return files;
}

/** The path of a listed entry relative to `base` (absolute), with "/" separators. */
export function siteRelative(base: string, entry: Dirent): string {
  const dir = entry.parentPath === base ? '' : `${entry.parentPath.slice(base.length + 1)}${path.sep}`;
  return path.sep === '/' ? dir + entry.name : (dir + entry.name).split(path.sep).join('/');
}

/** Records that a step wrote (or rewrote) these site-relative files after the scan. */
export function markWritten(context: BuildContext, files: readonly string[]): void {
  const scan = scans.get(context);
  if (scan) for (const file of files) scan.stale.add(file);
}

/**
 * The scan of the output as it is now: scanned on the first call, brought up
 * to date on later ones (files named by markWritten are read again). With
 * `relist`, the folder is listed again too, so a file no step named is still
 * found: the privacy check asks for that.
 */
export async function outputScan(
  context: BuildContext,
  { relist = false }: { relist?: boolean } = {},
): Promise<OutputScan> {
  let scan = scans.get(context);
  const first = !scan;
  if (!scan) {
    scan = {
      files: new Map(),
      tally: newTally(),
      tallyStale: false,
      stale: new Set(),
      cached: loadScanCache(context.cacheDir, await buildCacheSeal(context)),
      stats: { parsed: 0, reused: 0, unread: 0 },
    };
    scans.set(context, scan);
  }
  let todo: string[];
  if (first || relist) {
    const present = await listFiles(context.outDir);
    const presentSet = new Set(present);
    for (const file of scan.files.keys()) if (!presentSet.has(file)) scan.files.delete(file);
    todo = present.filter((file) => scan.stale.has(file) || !scan.files.has(file));
  } else {
    todo = [];
    for (const file of scan.stale) {
      if (existsSync(path.join(context.outDir, file))) todo.push(file);
      else scan.files.delete(file);
    }
  }
  scan.stale.clear();
  // Files a step placed and knows: not read when that tells the scan all it would learn (their digest,
  // and for text, this build's secrets looked for in the same bytes and facts cached for that digest).
  // Text the font draws is always read (the code point tally).
  const { placedFiles } = context;
  if (placedFiles?.size) {
    todo = todo.filter((file) => {
      const placed = placedFiles.get(file);
      if (!placed || (scanReadsContent(file) && !knownWithoutReading(file, placed, scan.cached))) return true;
      const facts = scan.cached.get(placed.sha256);
      if (facts) scan.stats.reused++;
      scan.stats.unread++;
      scan.files.set(file, { sha256: placed.sha256, bytes: placed.bytes, secrets: placed.secrets ?? [], facts });
      return false;
    });
    // Only the first scan takes them: a step writing after it names its files with markWritten.
    placedFiles.clear();
  }
  if (!first && todo.some((file) => FONT_TEXT.test(file) && !file.startsWith('fonts/'))) scan.tallyStale = true;
  await scanFiles(context.outDir, todo, scan, first ? scan.tally : newTally(), secretsToGuard());
  return scan;
}

function knownWithoutReading(file: string, placed: PlacedFile, cached: Map<string, ContentFacts>): boolean {
  return placed.secrets !== undefined && !FONT_TEXT.test(file) && (!hasContentFacts(file) || cached.has(placed.sha256));
}

/** Every file of a folder scanned, with no cache (tests and tools). */
export async function scanFolder(root: string, secrets: readonly Secret[] = []): Promise<Map<string, ScannedFile>> {
  const scan: OutputScan = {
    files: new Map(),
    tally: newTally(),
    tallyStale: false,
    stale: new Set(),
    cached: new Map(),
    stats: { parsed: 0, reused: 0, unread: 0 },
  };
  await scanFiles(root, await listFiles(root), scan, scan.tally, secrets);
  return scan.files;
}

async function scanFiles(
  outDir: string,
  files: string[],
  scan: OutputScan,
  tally: CodePointTally,
  secrets: readonly Secret[],
): Promise<void> {
  const strings = new Map<string, string>();
  const record = (result: FileScan) => {
    if (result.facts) internFacts(result.facts, strings);
    const facts = result.facts ?? scan.cached.get(result.sha256);
    if (result.facts) scan.stats.parsed++;
    else if (hasContentFacts(result.file)) scan.stats.reused++;
    if (result.facts) scan.cached.set(result.sha256, result.facts);
    scan.files.set(result.file, { sha256: result.sha256, bytes: result.bytes, secrets: result.secrets, facts });
  };
  const known = (sha256: string) => scan.cached.has(sha256);
  if (files.length < SCAN_IN_PROCESS_BELOW) {
    for (const file of files) record(scanFile(file, await readFile(path.join(outDir, file)), known, secrets, tally));
    return;
  }
  // Large batches: each task also sends back its code point counts, a pass over every code point.
  const tasks: ScanTask[] = inBatches(files, SCAN_BATCH).map((batch) => ({ outDir, files: batch }));
  const progress = startProgress('output scan', files.length);
  const results = await runOnWorkers<ScanTask, ScanResult>(SCAN_WORKER, tasks, {
    workerData: { known: [...scan.cached.keys()], secrets },
    resourceLimits: { maxOldGenerationSizeMb: SCAN_WORKER_HEAP_MB },
    onTaskDone: (i) => progress.advance(tasks[i]!.files.length),
  });
  progress.done();
  for (const result of results) {
    for (const file of result.scans) record(file);
    addCounts(tally.shared, result.shared);
    addCounts(tally.awards, result.awards);
    tally.awardPages += result.awardPages;
  }
}

/**
 * Award pages repeat the same links and ids (navigation, footer, scripts): tens
 * per page. Facts that come back from a worker are fresh copies of each string,
 * so a site of 100,000 pages held millions of equal strings. One copy of each
 * is kept instead (`table`: one per scan).
 */
function internFacts(facts: ContentFacts, table: Map<string, string>): void {
  const intern = (value: string) => {
    const known = table.get(value);
    if (known !== undefined) return known;
    table.set(value, value);
    return value;
  };
  if (facts.links) facts.links = facts.links.map(intern);
  if (facts.ids) facts.ids = facts.ids.map(intern);
  if (facts.inline) facts.inline = facts.inline.map(intern);
}

// ---------------------------------------------------------------- cache file

/** Facts as string-table indexes: award pages repeat the same links, ids and hashes thousands of times. */
type StoredFacts = [number[] | null, number[] | null, number[] | null, number[] | null, number[] | null];
interface StoredCache {
  version: number;
  strings: string[];
  entries: Record<string, StoredFacts>;
}

const FACT_KEYS = ['links', 'ids', 'emails', 'uuids', 'inline'] as const;

function loadScanCache(cacheDir: string, seal: CacheSeal): Map<string, ContentFacts> {
  const file = path.join(cacheDir, SCAN_CACHE_FILE);
  const cached = new Map<string, ContentFacts>();
  // Missing, or not sealed by this signing key: no cache, every file is scanned.
  const bytes = readSealed(file, seal);
  if (!bytes) return cached;
  try {
    const stored = JSON.parse(bytes.toString('utf8')) as StoredCache;
    if (stored.version !== SCAN_CACHE_VERSION) return cached;
    const { strings } = stored;
    for (const [sha256, lists] of Object.entries(stored.entries)) {
      const facts: ContentFacts = {};
      FACT_KEYS.forEach((key, i) => {
        const list = lists[i];
        if (list) facts[key] = list.map((n) => strings[n]!);
      });
      cached.set(sha256, facts);
    }
  } catch {
    // A damaged cache is no cache: every file is scanned.
    cached.clear();
  }
  return cached;
}

/** Keeps the facts of the files this output has (so the cache stays the size of one site). */
export async function saveScanCache(context: BuildContext): Promise<void> {
  const scan = scans.get(context);
  if (!scan) return;
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string) => {
    let n = index.get(s);
    if (n === undefined) {
      n = strings.push(s) - 1;
      index.set(s, n);
    }
    return n;
  };
  const kept = new Set<string>();
  for (const { sha256, facts } of scan.files.values()) if (facts) kept.add(sha256);
  // Nothing new and nothing to forget: the file on disk already says this (it was read, so its seal held).
  if (
    scan.stats.parsed === 0 &&
    kept.size === scan.cached.size &&
    existsSync(path.join(context.cacheDir, SCAN_CACHE_FILE))
  )
    return;
  await mkdir(context.cacheDir, { recursive: true });
  const file = path.join(context.cacheDir, SCAN_CACHE_FILE);
  // Written a few thousand entries at a time (the string table last): at 100,000 awards the cache as one
  // JSON string was a few hundred megabytes on top of the scan, at the build's peak. Sealed as written.
  const mac = sealHasher(await buildCacheSeal(context));
  const handle = await open(`${file}.${process.pid}.tmp`, 'w');
  const out = {
    write: (text: string) => {
      mac.update(text);
      return handle.write(text);
    },
  };
  try {
    await out.write(`{"version":${SCAN_CACHE_VERSION},"entries":{`);
    const written = new Set<string>();
    let chunk: string[] = [];
    for (const { sha256, facts } of scan.files.values()) {
      if (!facts || written.has(sha256)) continue;
      written.add(sha256);
      const stored = FACT_KEYS.map((key) => facts[key]?.map(ref) ?? null) as StoredFacts;
      chunk.push(`${written.size > 1 ? ',' : ''}${JSON.stringify(sha256)}:${JSON.stringify(stored)}`);
      if (chunk.length === 5000) {
        await out.write(chunk.join(''));
        chunk = [];
      }
    }
    await out.write(`${chunk.join('')}},"strings":${JSON.stringify(strings)}}`);
  } finally {
    await handle.close();
  }
  await rename(`${file}.${process.pid}.tmp`, file);
  writeSealOf(file, mac.digest('hex'));
}
