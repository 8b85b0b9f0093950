/**
 * scripts/build.ts as a user meets it: output on another file system, two
 * builds at once outside the project, a target it cannot write, staging folders left by killed builds, and a
 * production build without a key (refused before any page is built).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { astroRootSetting } from '../../src/lib/build-settings.ts';
import { FIXTURE_NOW, fixtureContent, holdBuilds, projectRoot, runBuild } from '../helpers/site-build.ts';

const SITE = 'https://badges.example.org/';
const noStackTrace = (output: string) =>
  assert.doesNotMatch(output, /^\s+at .+:\d+:\d+\)?$/m, `no stack trace:\n${output}`);

/** A process id that no process has now. */
function deadPid(): number {
  for (let pid = 4_000_000; ; pid++) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return pid;
    }
  }
}

describe('build script', () => {
  test('builds onto another file system, removes stale staging folders and keeps those of running builds', (t) => {
    const shm = '/dev/shm';
    if (!existsSync(shm) || statSync(shm).dev === statSync(projectRoot).dev)
      return t.skip('no second file system here');
    const parent = path.join(shm, `emblem-build-test-${process.pid}`);
    rmSync(parent, { recursive: true, force: true });
    mkdirSync(parent, { recursive: true });
    try {
      const target = path.join(parent, 'site');
      const stale = path.join(parent, `.site.staging-${deadPid()}`);
      const running = path.join(parent, `.site.staging-${process.pid}`);
      const staleOld = path.join(projectRoot, '.emblem', `staging-${deadPid()}`);
      for (const dir of [stale, running, staleOld]) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'index.html'), 'half-written');
      }
      // The hand-over file of a build killed between its Astro process and its post-build steps.
      const staleHandoff = path.join(projectRoot, '.emblem', `steps-handoff-${deadPid()}.json`);
      writeFileSync(staleHandoff, '{}');
      const result = runBuild({ outDir: target, siteUrl: SITE });
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.ok(existsSync(path.join(target, 'index.html')));
      assert.ok(existsSync(path.join(target, '.well-known/did.json')));
      assert.equal(existsSync(stale), false, 'the stale staging folder is removed');
      assert.equal(existsSync(staleOld), false, 'the stale .emblem/staging-* folder is removed');
      assert.equal(existsSync(staleHandoff), false, "a killed build's hand-over file is removed");
      assert.ok(existsSync(running), "a running build's staging folder is left alone");
      assert.deepEqual(
        readdirSync(parent).filter((f) => f !== `.site.staging-${process.pid}`),
        ['site'],
        'nothing else is left next to the site',
      );
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  test('two builds at once into folders outside the project both finish, each with a whole site', async () => {
    // Astro stages a build for a folder outside the project in the shared <project>/.astro/, and
    // deletes that folder when done: a second build running then lost its pages.
    const parent = mkdtempSync(path.join(tmpdir(), 'emblem-parallel-'));
    try {
      const seed = path.join(projectRoot, '.tmp/build-cache-seed');
      const build = (name: string) =>
        new Promise<{ code: number | null; output: string }>((resolve) => {
          // Cards and proofs from the suite's first build, when there is one: this is about folders, not drawing.
          if (existsSync(seed)) cpSync(seed, path.join(parent, `cache-${name}`), { recursive: true });
          const child = spawn(process.execPath, ['scripts/build.ts', '--out', path.join(parent, name)], {
            cwd: projectRoot,
            env: {
              ...process.env,
              EMBLEM_CONTENT_DIR: fixtureContent,
              EMBLEM_SITE_URL: SITE,
              EMBLEM_NOW: FIXTURE_NOW,
              EMBLEM_CACHE_DIR: path.join(parent, `astro-cache-${name}`),
              EMBLEM_BUILD_CACHE: path.join(parent, `cache-${name}`),
            },
          });
          let output = '';
          child.stdout.on('data', (chunk) => (output += chunk));
          child.stderr.on('data', (chunk) => (output += chunk));
          child.on('close', (code) => resolve({ code, output }));
        });
      // No other test's build meanwhile (they take turns through this lock; see tests/helpers/site-build.ts).
      const release = await holdBuilds();
      const results = await Promise.all([build('a'), build('b')]).finally(release);
      for (const [i, { code, output }] of results.entries()) assert.equal(code, 0, `build ${i + 1}:\n${output}`);
      // They took turns through the project's build lock (scripts/lib/build-lock.ts): one said it waited.
      assert.equal(
        results.filter(({ output }) =>
          /Waiting for another build in this project \(process \d+\) to finish/.test(output),
        ).length,
        1,
      );
      const pages = (site: string) =>
        readdirSync(path.join(parent, site), { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.html'))
          .sort();
      assert.ok(pages('a').length > 20);
      assert.deepEqual(pages('b'), pages('a'));
      assert.deepEqual(readdirSync(parent).sort(), ['a', 'astro-cache-a', 'astro-cache-b', 'b', 'cache-a', 'cache-b']);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  test('a build with its Astro working folder (EMBLEM_ASTRO_ROOT) and its content outside the project writes the whole site', (t) => {
    // Astro takes an absolute source path that shares no folder with its root for a root-relative one
    // (/tmp/x/work/project/src/…), and resolves its own packages from the root: such builds failed.
    const parent = mkdtempSync(path.join(tmpdir(), 'emblem-outside-root-'));
    t.after(() => rmSync(parent, { recursive: true, force: true }));
    const content = path.join(parent, 'content');
    cpSync(path.join(projectRoot, 'content'), content, { recursive: true });
    const astroRoot = path.join(parent, 'astro-root');
    // Astro works in a folder of the project's that stands for it (src/lib/build-settings.ts).
    t.after(() =>
      rmSync(astroRootSetting({ EMBLEM_ASTRO_ROOT: astroRoot }, projectRoot), { recursive: true, force: true }),
    );
    const result = runBuild({
      contentDir: content,
      outDir: path.join(parent, 'site'),
      siteUrl: SITE,
      seedCache: true,
      env: { EMBLEM_ASTRO_ROOT: astroRoot, EMBLEM_BUILD_CACHE: path.join(parent, 'cache') },
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    for (const page of ['index.html', 'faq/index.html', 'en/faq/index.html', '.well-known/did.json']) {
      assert.ok(existsSync(path.join(parent, 'site', page)), page);
    }
    // The sample publishes Japanese: its face, with the language menu's 日本語 in a file of its own, so Korean
    // and English pages load those three glyphs, not the whole face.
    const css = readFileSync(path.join(parent, 'site/fonts/pretendard.css'), 'utf8');
    const covers = (file: string, ch: string) => {
      const range = new RegExp(`url\\("${file}"\\)[^}]*unicode-range: ([^;]+);`).exec(css)?.[1] ?? '';
      const cp = ch.codePointAt(0)!;
      return range.split(', ').some((part) => {
        const [from, to = from] = part.replace('U+', '').split('-');
        return cp >= Number.parseInt(from!, 16) && cp <= Number.parseInt(to!, 16);
      });
    };
    for (const ch of '日本語') {
      assert.ok(covers('ja-name.woff2', ch), `ja-name.woff2 draws ${ch}`);
      assert.ok(!covers('ja.woff2', ch), `ja.woff2 would load for ${ch} in the menu`);
    }
    assert.ok(covers('ja.woff2', 'あ'), 'kana are drawn by the Japanese face');
    assert.ok(readFileSync(path.join(parent, 'site/fonts/ja-name.woff2')).length < 4096);
  });

  test('a build waits while a live process holds the build lock, takes it over when that process dies, and releases it at exit', async () => {
    const lock = path.join(projectRoot, '.emblem/build-lock');
    const release = await holdBuilds();
    // A live stand-in owner, stopped once the build has said it waits.
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      mkdirSync(lock, { recursive: true });
      writeFileSync(path.join(lock, 'pid'), String(owner.pid));
      // Content with an error: the build fails right after taking the lock (this is about the lock, not pages).
      const content = mkdtempSync(path.join(tmpdir(), 'emblem-lock-'));
      const child = spawn(process.execPath, ['scripts/build.ts', '--out', path.join(content, 'dist')], {
        cwd: projectRoot,
        env: { ...process.env, EMBLEM_CONTENT_DIR: path.join(content, 'missing'), EMBLEM_SITE_URL: SITE },
      });
      let output = '';
      const waited = new Promise<void>((resolve) => {
        const read = (chunk: Buffer) => {
          output += chunk;
          if (output.includes(`Waiting for another build in this project (process ${owner.pid})`)) resolve();
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
      });
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      await waited;
      assert.equal(readFileSync(path.join(lock, 'pid'), 'utf8'), String(owner.pid), 'the live owner keeps its lock');
      owner.kill();
      const code = await closed;
      assert.match(output, new RegExp(`Took over the build lock of process ${owner.pid}, which is no longer running`));
      assert.equal(code, 1, output);
      assert.ok(!existsSync(lock), 'a failed build releases the lock too');
      rmSync(content, { recursive: true, force: true });
    } finally {
      owner.kill();
      rmSync(lock, { recursive: true, force: true });
      release();
    }
  });

  test('a target that cannot be written fails with one sentence, before building', (t) => {
    const output = (outDir: string) => {
      const result = spawnSync(process.execPath, ['scripts/build.ts', '--out', outDir], {
        cwd: projectRoot,
        encoding: 'utf8',
        env: { ...process.env, EMBLEM_CONTENT_DIR: fixtureContent, EMBLEM_SITE_URL: SITE },
      });
      assert.equal(result.status, 1, result.stdout + result.stderr);
      noStackTrace(result.stderr);
      assert.doesNotMatch(result.stdout, /generating static routes/, 'no page was built');
      return result.stderr;
    };
    const file = path.join(projectRoot, '.tmp/build-target-is-a-file');
    writeFileSync(file, '');
    assert.match(
      output(path.join(file, 'site')),
      /^Cannot write the site to .*build-target-is-a-file\/site\/: a part of the path .* is a file, not a folder \(ENOTDIR\)\. Nothing was built\.$/m,
    );

    // An immutable folder refuses writes even to root (chattr, ext4): the EPERM case.
    const locked = path.join(projectRoot, '.tmp/build-locked');
    mkdirSync(locked, { recursive: true });
    if (spawnSync('chattr', ['+i', locked]).status !== 0) return t.skip('chattr is not available here');
    try {
      assert.match(
        output(path.join(locked, 'site')),
        /^Cannot write the site to .*build-locked\/site\/: no permission to write in .*build-locked.* \((EPERM|EACCES)\)\. Nothing was built\.$/m,
      );
    } finally {
      spawnSync('chattr', ['-i', locked]);
    }
  });

  test('refuses an output folder that is the project or holds the content', () => {
    for (const out of ['.', '..', 'tests/fixtures']) {
      const result = spawnSync(process.execPath, ['scripts/build.ts', '--out', out], {
        cwd: projectRoot,
        encoding: 'utf8',
        env: { ...process.env, EMBLEM_CONTENT_DIR: fixtureContent },
      });
      assert.equal(result.status, 2, out);
      assert.match(result.stderr, /^Refusing to build: --out /m, out);
    }
  });

  test('a production build without a signing key is refused before any page or card is built', () => {
    const cache = path.join(projectRoot, '.tmp/no-key-cache');
    rmSync(cache, { recursive: true, force: true });
    const outDir = path.join(projectRoot, '.tmp/no-key-dist');
    rmSync(outDir, { recursive: true, force: true });
    const env: Record<string, string> = { EMBLEM_MODE: 'production', EMBLEM_BUILD_CACHE: cache };
    const result = runBuild({
      siteUrl: SITE,
      outDir,
      env: { ...env, EMBLEM_SIGNING_KEY: '', EMBLEM_SIGNING_KEY_FILE: '' },
    });
    const output = result.stdout + result.stderr;
    assert.equal(result.status, 1, output);
    assert.match(output, /Production build without a signing key: set EMBLEM_SIGNING_KEY/);
    assert.doesNotMatch(output, /generating static routes|award pages|cards:/i, 'no page or card was built');
    assert.equal(existsSync(cache), false, 'no card or proof was made');
    assert.equal(existsSync(outDir), false);
  });
});
