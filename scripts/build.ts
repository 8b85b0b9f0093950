/**
 * npm run build [-- --out DIR]
 *
 * Builds the site into a staging folder next to the target (a hidden
 * `.<name>.staging-<pid>` sibling, so on the same file system) and swaps it in
 * only when every step (pages, credentials, cards, privacy check) succeeded:
 * a failed build leaves the last good site untouched. Staging folders of
 * builds that were killed are removed at the next start. The replaced site
 * becomes the spare (`.<name>.spare`) whose award folders the next build
 * recycles (src/steps/infrastructure/recycled-output.ts).
 *
 * Astro only builds into folders inside the project: for any other output
 * folder it stages server files in the shared `<project>/.astro/` (two such
 * builds at once delete each other's files) and moves them by renaming (EXDEV
 * across file systems). For a target outside the project Astro therefore
 * builds into `.emblem/staging-<pid>`, and the finished site is moved (same
 * file system) or copied into the staging folder next to the target before
 * the swap.
 *
 * With --shard i/n nothing is built: only the cards and signatures of the
 * awards in shard i go into the build cache (src/steps/shard.ts); a plain
 * build over the merged caches then assembles the site (docs/publishing.md).
 *
 * Astro runs in a child process (scripts/lib/astro-build.ts) and the
 * post-build steps (award pages, cards, credentials, checks) run here after it
 * has exited, so the memory Astro and Vite hold is not added to theirs.
 *
 * Two builds in one project take turns (scripts/lib/build-lock.ts): Astro
 * writes the content modules of the folder it builds into `<project>/.astro/`.
 *
 * Exit codes: 0 built, 1 build failed, 2 usage error or refused target.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { StepsHandoff } from '../src/steps/run-steps.ts';
import type { Shard } from '../src/lib/site/shards.ts';
import type { AstroFailure, ContentMessage } from './lib/astro-build.ts';
import { setting } from '../src/lib/settings.ts';
import { parseCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'build',
  usage: {
    en: `usage: npm run build [-- --out DIR] [-- --shard I/N] [--lang ko|en]

Builds the site from the content folder (EMBLEM_CONTENT_DIR, default ./content) into DIR (default dist/).
The new site replaces DIR only when every step succeeded. Its public URL: site.url in the issuer file,
or EMBLEM_SITE_URL over it (default http://localhost:4321/, for npm run preview); the log names the source.
  --out DIR     where to write the site (default: dist, or EMBLEM_DIST)
  --shard I/N   build no site: draw the cards and sign the credentials of the awards in shard I of N
                into the build cache (EMBLEM_BUILD_CACHE, default .emblem/cache). Run every shard
                (on separate machines), merge their caches, then build without --shard to assemble
                the site. Give every shard and the assemble step the same EMBLEM_NOW.
Exit: 0 built, 1 build failed, 2 usage error or refused target.`,
    ko: `사용법: npm run build [-- --out DIR] [-- --shard I/N] [--lang ko|en]

콘텐츠 폴더(EMBLEM_CONTENT_DIR, 기본값 ./content)에서 사이트를 DIR(기본값 dist/)에 빌드합니다.
모든 단계가 성공했을 때만 새 사이트가 DIR을 바꿉니다. 공개 URL: 발급 기관 파일의 site.url,
또는 그보다 우선하는 EMBLEM_SITE_URL (기본값 http://localhost:4321/, npm run preview용); 로그에 출처가 나옵니다.
  --out DIR     사이트를 쓸 곳 (기본값: dist 또는 EMBLEM_DIST)
  --shard I/N   사이트는 만들지 않고, N개 조각 중 I번째 조각의 수여 카드를 그리고 자격증명에 서명해
                빌드 캐시(EMBLEM_BUILD_CACHE, 기본값 .emblem/cache)에 넣습니다. 모든 조각을 (여러 기계에서)
                실행하고 캐시를 합친 뒤 --shard 없이 빌드하면 사이트가 완성됩니다. 모든 조각과 마지막
                빌드에 같은 EMBLEM_NOW를 주세요.
종료 코드: 0 빌드함, 1 빌드 실패, 2 사용법 오류 또는 거부된 대상.`,
  },
  options: { out: { type: 'string', default: setting('EMBLEM_DIST') ?? 'dist' }, shard: { type: 'string' } },
});
const { values } = cli;
// The build's modules load only now: --help and usage errors answer without them.
const { parseShard } = await import('../src/lib/site/shards.ts');
const { astroRootSetting, buildCacheDir, contentDirSetting, describeSiteUrl, siteUrlChoice } = await import(
  '../src/lib/build-settings.ts'
);
const { processAlive, takeBuildLock } = await import('./lib/build-lock.ts');
const shard = values.shard === undefined ? undefined : shardOrUsage(values.shard);

const root = process.cwd();
// Every process of the build reads the site URL the same way (src/lib/build-settings.ts); the log says which setting it came from.
try {
  stepLog(`site URL ${describeSiteUrl(siteUrlChoice())}`);
} catch (error) {
  fail(`${(error as Error).message}. Nothing was built.`);
}
if (shard) await runShard(shard);
const target = path.resolve(root, values.out!);
const shown = path.relative(root, target) || '.';

const isInside = (inner: string, outer: string) => {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};
// The target is replaced as a whole: never the project, the content or a folder that holds them.
if (isInside(root, target))
  refuse(`--out ${values.out} is the project folder or contains it; choose a folder of its own, such as dist`);
if (isInside(contentDirSetting(), target)) refuse(`--out ${values.out} holds the content folder`);
if (existsSync(target) && !statSync(target).isDirectory()) refuse(`--out ${values.out} is a file, not a folder`);

const parent = path.dirname(target);
const name = path.basename(target);
const staging = path.join(parent, `.${name}.staging-${process.pid}`);
const previous = path.join(parent, `.${name}.previous-${process.pid}`);
// The award folders of the site this build replaces, recycled by the next build (src/steps/infrastructure/recycled-output.ts).
const spare = path.join(parent, `.${name}.spare`);
const claimedSpare = path.join(parent, `.${name}.spare-${process.pid}`);
// The build cache, where the site manifest waits for the swap (src/steps/site-files/site-manifest.ts).
const cacheDir = buildCacheDir();

await removeStaleFolders();
try {
  await mkdir(staging, { recursive: true });
} catch (error) {
  fail(`Cannot write the site to ${shown}/: ${describeFsError(error, parent)}. Nothing was built.`);
}

// One Astro build at a time per Astro working folder (they share its .astro/ folder): a second one waits its turn.
await takeBuildLock(astroRootSetting(), (message) => console.log(message));
const astroOut = isInside(staging, root) ? staging : path.join(root, '.emblem', `staging-${process.pid}`);
process.env.EMBLEM_OUT_DIR = astroOut;
const started = performance.now();
// Astro builds the pages in a child process; the post-build steps then run here, in a process that never
// held Astro's and Vite's memory (src/steps/run-steps.ts); while Astro runs, this one holds only the steps' code.
const handoffFile = path.join(root, '.emblem', `steps-handoff-${process.pid}.json`);
// A fresh clone has no .emblem/ yet when the build cache and key are elsewhere: the Astro process writes the handoff here.
mkdirSync(path.dirname(handoffFile), { recursive: true });
const manifest = import('../src/steps/site-files/site-manifest.ts');
const removeStaging = async () => {
  const unpublished = (await manifest).pendingManifest(cacheDir);
  await Promise.all(
    [staging, astroOut, handoffFile, claimedSpare, unpublished].map((file) =>
      rm(file, { recursive: true, force: true }),
    ),
  );
};
// One build moment for both processes: this one reads the content and makes the site model while Astro builds.
process.env.EMBLEM_NOW ||= new Date().toISOString();
// The steps' modules load and the content is read here while Astro builds (the two processes share the machine's cores).
const stepsModule = import('../src/steps/run-steps.ts');
const stepsContent = stepsModule.then(async (steps) => {
  // After the Astro process has started: reading the content holds this process for a second or more.
  await new Promise((resolve) => setImmediate(resolve));
  return steps.readStepsContent();
});
stepsContent.catch(() => {});
const astroExit = await runAstroBuild(handoffFile);
const handoff = existsSync(handoffFile)
  ? (JSON.parse(readFileSync(handoffFile, 'utf8')) as StepsHandoff | AstroFailure)
  : undefined;
if (!handoff || 'error' in handoff)
  await failBuild(handoff && 'error' in handoff ? handoff.error : `The Astro build process stopped (${astroExit}).`);
try {
  const { runHandedOverSteps } = await stepsModule;
  const recycled = await adoptSpare();
  // The manifest is published after the swap below: a site that never replaces the last one never becomes it.
  await runHandedOverSteps(handoff as StepsHandoff, await stepsContent, stepLog, { recycled, manifestAfterSwap: true });
} catch (error) {
  await failBuild(error instanceof Error ? describeStepError(error) : String(error));
}
await rm(handoffFile, { force: true });
if (astroOut !== staging) {
  try {
    if (statSync(staging).dev === statSync(root).dev) await rename(astroOut, staging);
    else await cp(astroOut, staging, { recursive: true });
  } catch (error) {
    await removeStaging();
    fail(
      `Cannot copy the site to ${shown}/: ${describeFsError(error, parent)}. ${existsSync(target) ? 'The previous site was left as it was.' : 'Nothing was written.'}`,
    );
  }
  await rm(astroOut, { recursive: true, force: true });
}

// Swap: two renames in one folder, so the target is never half-written.
try {
  if (existsSync(target)) await rename(target, previous);
  await rename(staging, target);
} catch (error) {
  if (!existsSync(target) && existsSync(previous)) await rename(previous, target).catch(() => {});
  await removeStaging();
  fail(
    `Cannot replace ${shown}/ with the new site: ${describeFsError(error, target)}. ${existsSync(target) ? 'The previous site was left as it was.' : ''}`,
  );
}
try {
  await (await manifest).publishManifest(cacheDir);
} catch (error) {
  console.error(
    `The site is in place, but its manifest could not replace the last one (${describeFsError(error, cacheDir)}): npm run changes is wrong until the next build.`,
  );
  process.exitCode = 1;
}
await keepSpare();
console.log(`\nSite written to ${shown}/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);

/** Claims the spare (a build at once into the same target finds none) and moves its award folders into the new site. */
async function adoptSpare(): Promise<boolean> {
  try {
    await rename(spare, claimedSpare);
  } catch {
    return false;
  }
  const { adoptAwardFolders } = await import('../src/steps/infrastructure/recycled-output.ts');
  const adopted = await adoptAwardFolders(claimedSpare, astroOut);
  await rm(claimedSpare, { recursive: true, force: true });
  return adopted;
}

/** The replaced site becomes the next build's spare, cut down to what the new one shares with it; else it is removed. */
async function keepSpare(): Promise<void> {
  if (!existsSync(previous)) return;
  try {
    const { keepAsSpare } = await import('../src/steps/infrastructure/recycled-output.ts');
    await keepAsSpare(previous, target, spare);
  } catch {
    await rm(previous, { recursive: true, force: true });
  }
}

function shardOrUsage(text: string): Shard {
  try {
    return parseShard(text);
  } catch (error) {
    const message = (error as Error).message;
    return cli.usageError({ en: message, ko: message });
  }
}

async function runShard(shard: Shard): Promise<never> {
  const started = performance.now();
  const scratchRoot = path.join(root, '.emblem');
  await mkdir(scratchRoot, { recursive: true });
  try {
    const mode = setting('EMBLEM_MODE') ?? 'development';
    const cacheDir = buildCacheDir();
    const { buildShard } = await import('../src/steps/shard.ts');
    const result = await buildShard({
      shard,
      scratchRoot,
      publicDir: path.join(root, 'public'),
      cacheDir,
      mode,
      log: (m) => console.log(m),
    });
    console.log(
      `\nShard ${shard.index}/${shard.count}: ${result.awards} award(s), ${result.cards} card(s) in ${path.relative(root, cacheDir) || cacheDir} in ${((performance.now() - started) / 1000).toFixed(1)} s; no site written`,
    );
    process.exit(0);
  } catch (error) {
    fail(
      `\nShard ${shard.index}/${shard.count} failed; nothing was written to the site.\n\n${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Runs Astro's build in a child process with this process's Node options; resolves with how it ended. */
function runAstroBuild(handoff: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, path.join(import.meta.dirname, 'lib', 'astro-build.ts')],
    {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      // Structured clone: the content's maps and dates arrive as they were.
      serialization: 'advanced',
      env: { ...process.env, EMBLEM_STEPS_HANDOFF: handoff },
    },
  );
  // The content this process reads while Astro's starts: read and checked once, for both processes.
  const send = (message: ContentMessage) => child.connected && child.send(message, (error) => error && undefined);
  stepsContent.then(
    ({ rawSignature, content }) => send({ contentDir: contentDirSetting(), signature: rawSignature, content }),
    () => send({}),
  );
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`));
  });
}

/** The post-build steps' lines, shaped like Astro's own log lines (none when the log level is silent). */
function stepLog(message: string): void {
  if (setting('EMBLEM_LOG_LEVEL') === 'silent') return;
  console.log(`${new Date().toTimeString().slice(0, 8)} [emblem] ${message}`);
}

async function failBuild(message: string): Promise<never> {
  await removeStaging();
  fail(
    `\nBuild failed; ${existsSync(target) ? `the previous site in ${shown}/ was left as it was` : 'nothing was written'}.\n\n${message}`,
  );
}

function refuse(message: string): never {
  console.error(`Refusing to build: ${message}.`);
  process.exit(2);
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** A step's error; a full disk (a bare ENOSPC from a write) is named with the folder it happened in. */
function describeStepError(error: Error): string {
  const { code, path: where } = error as NodeJS.ErrnoException;
  if ((code === 'ENOSPC' || code === 'EDQUOT') && where)
    return `Cannot write ${path.relative(root, where) || where}: ${describeFsError(error, path.dirname(where))}.`;
  return error.message;
}

/** One sentence for the file-system errors a user can meet (permissions, read-only or full disk). */
function describeFsError(error: unknown, where: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  const at = path.relative(root, (error as NodeJS.ErrnoException).path ?? where) || where;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `no permission to write in ${at} (${code})`;
    case 'EROFS':
      return `${at} is on a read-only file system (${code})`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk holding ${path.relative(root, where) || where} ${code === 'ENOSPC' ? 'is full' : 'is over its quota'} (${code}); free space on it, or use a folder on another disk`;
    case 'ENOTDIR':
      return `a part of the path ${at} is a file, not a folder (${code})`;
    case 'EXDEV':
      return `${at} is a mount point or on another file system than its folder; build into a folder inside it instead (${code})`;
    case 'EBUSY':
      return `${at} is in use by another program (${code})`;
    default:
      return (error as Error).message;
  }
}

/**
 * Folders left by builds that were killed: staging folders (removed), and a
 * previous site moved aside just before the swap (put back when the target is
 * missing, else removed). Folders of builds still running are left alone.
 * Also the `.emblem/staging-*` folders of older versions of this script, and
 * hand-over files of killed builds.
 */
async function removeStaleFolders(): Promise<void> {
  const ours = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(staging|previous|spare)-(\\d+)$`);
  const found: { folder: string; kind: string; pid: number }[] = [];
  const scan = (dir: string, pattern: RegExp) => {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
    for (const entry of readdirSync(dir)) {
      const match = pattern.exec(entry);
      if (match) found.push({ folder: path.join(dir, entry), kind: match[1]!, pid: Number(match[2]) });
    }
  };
  scan(parent, ours);
  scan(path.join(root, '.emblem'), /^(staging|previous|steps-handoff)-(\d+)(?:\.json)?$/);
  scan(cacheDir, /^site-manifest\.(pending)-(\d+)\.tsv$/);
  for (const { folder, kind, pid } of found) {
    if (pid === process.pid || processAlive(pid)) continue;
    // Only a real folder is put back (lstat): a link planted under that name would make the output lead elsewhere.
    if (
      kind === 'previous' &&
      path.dirname(folder) === parent &&
      !existsSync(target) &&
      lstatSync(folder).isDirectory()
    ) {
      await rename(folder, target).catch(() => {});
      console.log(`Restored ${shown}/ from the previous site a killed build had moved aside.`);
      continue;
    }
    await rm(folder, { recursive: true, force: true }).catch(() => {});
    console.log(`Removed ${path.relative(root, folder)} left by a build that was stopped (process ${pid}).`);
  }
}
