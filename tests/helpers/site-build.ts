/**
 * Builds fixture content into a folder under .tmp/builds, through the same
 * `scripts/build.ts` a user runs. Builds with the same options are reused
 * within one `npm test` run (scripts/test.ts clears .tmp/builds first).
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

export const projectRoot = path.resolve(import.meta.dirname, '../..');
export const fixturesDir = path.join(projectRoot, 'tests/fixtures');
export const fixtureContent = path.join(fixturesDir, 'content');
/** Fixed build moment, so award states in fixtures never drift with the calendar. */
export const FIXTURE_NOW = '2026-11-26T00:00:00Z';

export interface BuildOptions {
  contentDir?: string;
  siteUrl?: string;
  now?: string;
  env?: Record<string, string>;
  /** Build into this folder instead of a cached one (for failure tests). */
  outDir?: string;
  /**
   * With a build cache of the test's own (env.EMBLEM_BUILD_CACHE): start it, when it does not exist
   * yet, from the cards, proofs and font subsets of the suite's earlier builds, for tests about
   * something else than drawing and signing from scratch; what the build adds goes back to the seed.
   */
  seedCache?: boolean;
}

export interface BuildResult {
  outDir: string;
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runBuild(options: BuildOptions = {}): BuildResult {
  const { contentDir = fixtureContent, siteUrl = 'https://badges.example.org/', now = FIXTURE_NOW, env = {} } = options;
  const key = createHash('sha256').update(JSON.stringify({ contentDir, siteUrl, now, env })).digest('hex').slice(0, 12);
  const outDir = options.outDir ?? path.join(projectRoot, '.tmp/builds', key);
  const marker = path.join(outDir, '.emblem-test-build');
  const printed = `${outDir}.output.json`;
  // Builds with the same options take turns (they share their output and caches). Others run side by
  // side, at most BUILD_SLOTS at once, each with an Astro working folder of its own (EMBLEM_ASTRO_ROOT):
  // Astro writes the content modules of the folder it builds into `<root>/.astro/`, so builds of
  // other content in one root would render each other's MDX pages.
  return withLock(`${BUILD_LOCK}-${key}`, () => {
    // A cached build answers with the output it printed when it was made (kept beside the site, not in it).
    if (!options.outDir && existsSync(marker) && existsSync(printed))
      return {
        outDir,
        status: 0,
        ...(JSON.parse(readFileSync(printed, 'utf8')) as { stdout: string; stderr: string }),
      };
    // Builds start from the cards, proofs and font subsets of the suite's earlier builds unless a test
    // names its own cache: entries are content-addressed and checked before reuse, so only what differs
    // is redrawn.
    const buildCache = env.EMBLEM_BUILD_CACHE ?? path.join(projectRoot, '.tmp/build-cache', key);
    const ownCache = env.EMBLEM_BUILD_CACHE !== undefined;
    if ((!ownCache || options.seedCache) && !existsSync(buildCache)) copySeed(buildCache);
    const astroRoot = path.join(projectRoot, '.tmp/astro-roots', key);
    mkdirSync(astroRoot, { recursive: true });
    const slot = takeBuildSlot();
    const started = Date.now();
    let result: SpawnSyncReturns<string>;
    try {
      result = spawnSync(process.execPath, ['scripts/build.ts', '--out', outDir], {
        cwd: projectRoot,
        encoding: 'utf8',
        env: {
          ...process.env,
          EMBLEM_CONTENT_DIR: contentDir,
          EMBLEM_SITE_URL: siteUrl,
          EMBLEM_NOW: now,
          EMBLEM_CACHE_DIR: path.join(projectRoot, '.tmp/astro-cache', key),
          EMBLEM_BUILD_CACHE: buildCache,
          EMBLEM_ASTRO_ROOT: astroRoot,
          ...env,
        },
        maxBuffer: 64 * 1024 * 1024,
      });
    } finally {
      releaseLock(slot);
    }
    logBuild(options, (Date.now() - started) / 1000, result.status);
    if (result.status === 0 && !options.outDir) {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(printed, JSON.stringify({ stdout: result.stdout, stderr: result.stderr }));
      writeFileSync(marker, '');
    }
    if (result.status === 0 && (!ownCache || options.seedCache)) addToSeed(buildCache);
    return { outDir, status: result.status, stdout: result.stdout, stderr: result.stderr };
  });
}

/**
 * The suite's build cache seed: the union of the content-addressed entries (cards, proofs, font
 * subsets) of every build with a cache of the helper's, so a build of other options redraws only
 * what is really new (a card naming another site URL, a subset of other characters). Builds run side
 * by side: entries are written aside as .partial files and renamed, and copies skip .partial files, so
 * no build sees half an entry.
 */
const seedDir = path.join(projectRoot, '.tmp/build-cache-seed');
const SEEDED = ['cards', 'proofs', 'fonts'];

function copySeed(buildCache: string): void {
  mkdirSync(buildCache, { recursive: true });
  for (const folder of SEEDED) {
    if (existsSync(path.join(seedDir, folder)))
      cpSync(path.join(seedDir, folder), path.join(buildCache, folder), {
        recursive: true,
        filter: (source) => !source.endsWith('.partial'),
      });
  }
}

function addToSeed(buildCache: string): void {
  for (const folder of SEEDED) {
    const from = path.join(buildCache, folder);
    if (!existsSync(from)) continue;
    for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || entry.name.endsWith('.partial')) continue;
      const target = path.join(seedDir, folder, path.relative(from, path.join(entry.parentPath, entry.name)));
      if (existsSync(target)) continue;
      mkdirSync(path.dirname(target), { recursive: true });
      // Copied aside, then renamed: the seed never holds half a file.
      copyFileSync(path.join(entry.parentPath, entry.name), `${target}.${process.pid}.partial`);
      renameSync(`${target}.${process.pid}.partial`, target);
    }
  }
}

/** EMBLEM_TEST_BUILD_LOG=file: one line per build (test file, options, seconds), to see where suite time goes. */
function logBuild(options: BuildOptions, seconds: number, status: number | null): void {
  const log = process.env.EMBLEM_TEST_BUILD_LOG;
  if (!log) return;
  const file = path.relative(projectRoot, process.argv[1] ?? '');
  appendFileSync(
    log,
    `${new Date().toISOString()} ${seconds.toFixed(1)}s status=${status} ${file} ${JSON.stringify(options)}\n`,
  );
}

/**
 * Runs fn while holding a lock folder under .tmp/locks (scripts/test.ts clears it). A lock whose
 * process has died (a test file killed mid-build) is taken over.
 */
function withLock<T>(name: string, fn: () => T): T {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!tryLock(name)) Atomics.wait(pause, 0, 0, 200);
  try {
    return fn();
  } finally {
    releaseLock(name);
  }
}

const BUILD_LOCK = 'astro-build';
/** Test builds at once (EMBLEM_TEST_BUILDS): as many as the machine's two cores, while other test files use them too. */
const BUILD_SLOTS = Number(process.env.EMBLEM_TEST_BUILDS || 2);
/** This process's build slot tickets so far (a ticket's name must be unique). */
let tickets = 0;

/**
 * Waits for one of the BUILD_SLOTS build slots, first come first served, and returns its lock name
 * (releaseLock frees it). Waiters queue as ticket files named by the time they came; only the first
 * BUILD_SLOTS live tickets may take a free slot. (Polling alone let one test file lose the race for
 * minutes while others built again and again.)
 */
function takeBuildSlot(): string {
  const queue = lockPath('build-queue');
  mkdirSync(queue, { recursive: true });
  const ticket = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${++tickets}`;
  writeFileSync(path.join(queue, ticket), '');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  try {
    for (;;) {
      const waiting: string[] = [];
      for (const name of readdirSync(queue).sort()) {
        // The ticket of a test file killed while it waited is dropped.
        if (name === ticket || processAlive(Number(name.split('-')[1]))) waiting.push(name);
        else rmSync(path.join(queue, name), { force: true });
      }
      if (waiting.indexOf(ticket) < BUILD_SLOTS) {
        for (let i = 0; i < BUILD_SLOTS; i++) if (tryLock(`build-slot-${i}`)) return `build-slot-${i}`;
      }
      Atomics.wait(pause, 0, 0, 200);
    }
  } finally {
    rmSync(path.join(queue, ticket), { force: true });
  }
}

/** Holds the build lock until the returned function is called: for tests that start builds in the project's
 * own Astro root themselves (they take turns with each other; the helper's builds have roots of their own). */
export function holdBuilds(): Promise<() => void> {
  return holdLockAsync(BUILD_LOCK);
}

async function holdLockAsync(name: string): Promise<() => void> {
  while (!tryLock(name)) await new Promise((resolve) => setTimeout(resolve, 200));
  return () => releaseLock(name);
}

const lockPath = (name: string) => path.join(projectRoot, '.tmp/locks', name);

function tryLock(name: string): boolean {
  const lock = lockPath(name);
  mkdirSync(path.dirname(lock), { recursive: true });
  try {
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (lockOwnerDied(lock)) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function releaseLock(name: string): void {
  rmSync(lockPath(name), { recursive: true, force: true });
}

function lockOwnerDied(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    return false; // just made, pid not written yet
  }
  return !processAlive(pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Builds and throws with the build's output if it failed. */
export function buildSite(options: BuildOptions = {}): string {
  const result = runBuild(options);
  if (result.status !== 0)
    throw new Error(`fixture build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.outDir;
}

/** Builds into `<folder>/<name>` (a test's own folder: builds for a random port are of no use to other
 * files, and a parallel `npm test` clearing .tmp/builds cannot pull them away mid-test); throws if it fails. */
export function buildInto(folder: string, name: string, options: BuildOptions = {}): string {
  const result = runBuild({ ...options, outDir: path.join(folder, name) });
  if (result.status !== 0)
    throw new Error(`build ${name} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.outDir;
}
