/**
 * npm test: type-check, lint and format check (Biome), the import layering (dependency-cruiser), then every test file (unit, build, end-to-end) with
 * Node's test runner, four files at a time (EMBLEM_TEST_CONCURRENCY; test builds run two at a time, EMBLEM_TEST_BUILDS). Build tests write under .tmp/,
 * cleared here first.
 *
 * The end-to-end tests need Chromium. Playwright cannot download browsers on
 * every machine, so Debian's `chromium` is used when present (and installed
 * with apt-get when missing and we are root), else a Playwright-managed one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, globSync, rmSync, statSync } from 'node:fs';
import { parseCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'test',
  positionals: { max: Infinity, name: { en: 'test file', ko: '테스트 파일' } },
  usage: {
    en: `usage: npm test [-- FILE…] [--test-name-pattern PATTERN] [--lang ko|en]

Type-checks, lints (Biome), checks the import layering (dependency-cruiser), then runs the test files
with Node's test runner, four at a time (EMBLEM_TEST_CONCURRENCY; test builds two at a time,
EMBLEM_TEST_BUILDS). The end-to-end tests need Chromium (installed with apt-get when missing and root).
  FILE…   only these test files (default: every tests/{unit,build,e2e}/**/*.test.ts)
  --test-name-pattern PATTERN   only the tests whose names match (Node's test runner option; may repeat)
Exit: 0 all passed, 1 (or the failing step's code) a check or a test failed, 2 usage error.`,
    ko: `사용법: npm test [-- 파일…] [--test-name-pattern 패턴] [--lang ko|en]

타입 검사, 린트(Biome), import 계층 검사(dependency-cruiser)를 한 뒤 Node 테스트 러너로 테스트 파일을
네 개씩 실행합니다 (EMBLEM_TEST_CONCURRENCY; 테스트 빌드는 두 개씩, EMBLEM_TEST_BUILDS).
종단 간 테스트에는 Chromium이 필요합니다 (없고 root이면 apt-get으로 설치합니다).
  파일…   이 테스트 파일만 (기본값: 모든 tests/{unit,build,e2e}/**/*.test.ts)
  --test-name-pattern 패턴   이름이 맞는 테스트만 (Node 테스트 러너의 옵션, 여러 번 가능)
종료 코드: 0 모두 통과, 1(또는 실패한 단계의 코드) 검사나 테스트 실패, 2 사용법 오류.`,
  },
  options: { 'test-name-pattern': { type: 'string', multiple: true } },
});
const { chromium } = await import('playwright');

const run = (cmd: string, args: string[]) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

function ensureBrowser() {
  if (process.env.CHROMIUM_PATH || existsSync('/usr/bin/chromium') || existsSync(chromium.executablePath())) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log("No Chromium found: installing Debian's chromium package for the end-to-end tests…");
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium']);
    return;
  }
  console.error(
    'The end-to-end tests need Chromium: install it (e.g. `sudo apt-get install chromium`, or `npx playwright install chromium`) or set CHROMIUM_PATH.',
  );
  process.exit(1);
}

ensureBrowser();
// The build cache seed (tests/helpers/site-build.ts) collects the cards, proofs and font subsets of one run's builds.
for (const dir of ['.tmp/builds', '.tmp/locks', '.tmp/build-cache-seed']) rmSync(dir, { recursive: true, force: true });
// Caches of builds keyed by options that name a random port gain a folder every run: those unused for a week go.
const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
for (const dir of globSync('.tmp/{build-cache,astro-cache,astro-roots}/*'))
  if (statSync(dir).mtimeMs < weekAgo) rmSync(dir, { recursive: true, force: true });
// `astro sync` writes .astro/types.d.ts (the astro:content types) that a fresh clone lacks.
run(process.execPath, ['node_modules/astro/bin/astro.mjs', 'sync', '--silent']);
run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
// One formatter and linter for TypeScript, Astro, JSON and CSS: `npm run format` fixes what it can.
run(process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'check', '--error-on-warnings', '.']);
// The layering (.dependency-cruiser.cjs): no import cycle, no import upward. It parses with swc; its notice that
// TypeScript 7 is not a compiler it can use is beside the point and left out.
const imports = spawnSync(
  process.execPath,
  [
    'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs',
    'src',
    'scripts',
    'astro.config.mjs',
    '--config',
    '.dependency-cruiser.cjs',
    '--output-type',
    'err',
  ],
  { encoding: 'utf8' },
);
const withoutNotice = (text: string) => text.replace(/\n*‼ missing-tsc-transpiler:[\s\S]*?needs\.\n/, '\n');
process.stdout.write(withoutNotice(imports.stdout));
process.stderr.write(withoutNotice(imports.stderr));
if (imports.status !== 0) process.exit(imports.status ?? 1);
const only = cli.positionals;
// The longest files (a minute or more each in CI logs) start first, browser and build files taking turns,
// so the run does not end waiting on one long file started late.
const LONG_FIRST = [
  'tests/e2e/axe.test.ts',
  'tests/build/lifecycle-replay.test.ts',
  'tests/e2e/claim.test.ts',
  'tests/build/credentials.test.ts',
  'tests/build/build-script.test.ts',
  'tests/build/page-safety.test.ts',
  'tests/build/lifecycle-ledger.test.ts',
  'tests/build/recycled-output.test.ts',
  'tests/build/site-manifest.test.ts',
  'tests/build/shard.test.ts',
  'tests/build/fourth-language.test.ts',
];
const byStart = (file: string) => (LONG_FIRST.includes(file) ? LONG_FIRST.indexOf(file) : LONG_FIRST.length);
const files = only.length
  ? only
  : globSync('tests/{unit,build,e2e}/**/*.test.ts').sort((a, b) => byStart(a) - byStart(b) || a.localeCompare(b));
// Four files at a time on two cores: while one waits on Chromium, a server or a child process, the
// others use the cores. Test builds run two at a time; those with the same options take turns (tests/helpers/site-build.ts).
const concurrency = process.env.EMBLEM_TEST_CONCURRENCY || '4';

const namePatterns = (cli.values['test-name-pattern'] ?? []).map((pattern) => `--test-name-pattern=${pattern}`);
run(process.execPath, [
  '--test',
  `--test-concurrency=${concurrency}`,
  '--test-reporter=spec',
  ...namePatterns,
  ...files,
]);
