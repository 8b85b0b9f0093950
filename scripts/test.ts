/**
 * npm test: type-check, then every test file (unit, build, end-to-end) with
 * Node's test runner. Build tests write under .tmp/, cleared here first.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { globSync } from 'node:fs';

const run = (cmd: string, args: string[]) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

rmSync('.tmp/builds', { recursive: true, force: true });
run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
const only = process.argv.slice(2);
const files = only.length ? only : globSync('tests/{unit,build,e2e}/**/*.test.ts').sort();
run(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files]);
