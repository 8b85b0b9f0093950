/**
 * The one command convention (scripts/lib/cli.ts) for every command in package.json that runs
 * `node scripts/*.ts` (a new command is covered by being added there): --help answers in English by
 * default and in Korean with --lang ko (exit 0), and an unknown option is one line on stderr naming it
 * and pointing at --help (exit 2, no stack trace). The commands run in parallel and answer before
 * loading their work's modules, so this stays a few seconds.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { NOTIFY_EVENTS } from '../../../src/lib/notify/templates.ts';
import { describeParseError, langFrom, npmCommand, usageLine } from '../../../scripts/lib/cli.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const scripts = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const commands = Object.entries(scripts)
  .map(([name, line]) => ({ name, script: /^node (scripts\/[\w-]+\.ts)\b/.exec(line)?.[1] }))
  .filter((c): c is { name: string; script: string } => c.script !== undefined);

// No language from the environment: English is the default. Node's compile cache halves each start.
const env = {
  ...process.env,
  LANG: 'C.UTF-8',
  LC_ALL: '',
  EMBLEM_DEBUG: '',
  NODE_COMPILE_CACHE: path.join(root, '.tmp/compile-cache'),
};
const HANGUL = /[\uac00-\ud7a3]/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs at most `limit` commands at a time (the machine may be shared). */
const slots = { free: 6, waiting: [] as (() => void)[] };
async function run(script: string, args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.free--;
  try {
    return await new Promise<Run>((resolve) =>
      execFile(
        process.execPath,
        [script, ...args],
        { cwd: root, env: { ...env, ...extraEnv }, timeout: 60_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
      ),
    );
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

const show = (r: Run) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

describe('every command follows the command convention', () => {
  test('package.json lists the commands', () => {
    assert.ok(commands.length >= 20, commands.map((c) => c.name).join(', '));
    assert.ok(commands.some((c) => c.name === 'keygen'));
  });

  // Started together, awaited one test each.
  const runs = new Map(
    commands.map((c) => [
      c.name,
      {
        en: run(c.script, ['--help']),
        ko: run(c.script, ['--help', '--lang', 'ko']),
        unknown: run(c.script, ['--no-such-option']),
      },
    ]),
  );

  for (const { name } of commands) {
    const npm = npmCommand(name);
    test(`${npm}: --help in English and Korean, an unknown option is one line and exit 2`, async () => {
      const { en, ko, unknown } = runs.get(name)!;
      const help = await en;
      assert.equal(help.code, 0, show(help));
      assert.match(help.stdout, new RegExp(`^usage: ${npm.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`), show(help));
      assert.doesNotMatch(help.stdout, HANGUL, 'English by default');
      const korean = await ko;
      assert.equal(korean.code, 0, show(korean));
      assert.match(korean.stdout, HANGUL, show(korean));
      const wrong = await unknown;
      assert.equal(wrong.code, 2, show(wrong));
      assert.equal(wrong.stdout, '', show(wrong));
      assert.equal(wrong.stderr, `${npm}: unknown option --no-such-option (see ${npm} -- --help)\n`, show(wrong));
      assert.doesNotMatch(wrong.stderr, /^\s+at /m);
    });
  }

  test('the language of a usage error comes from --lang, else LC_ALL or LANG', async () => {
    const [flag, fromEnv] = await Promise.all([
      run('scripts/keygen.ts', ['--foo', '--lang', 'ko']),
      run('scripts/keygen.ts', ['--out'], { LANG: 'ko_KR.UTF-8' }),
    ]);
    assert.equal(flag.code, 2);
    assert.equal(flag.stderr, 'npm run keygen: 알 수 없는 옵션 --foo (npm run keygen -- --help 참고)\n');
    assert.equal(fromEnv.code, 2);
    assert.equal(fromEnv.stderr, 'npm run keygen: --out에 값이 필요합니다 (npm run keygen -- --help 참고)\n');
  });

  test('a missing value, a bad value and a wrong count of arguments are usage errors too', async () => {
    const cases: [string, string[], string][] = [
      ['scripts/ledger.ts', ['--write=yes'], 'npm run ledger: --write takes no value'],
      ['scripts/report.ts', ['--format', 'xml'], 'npm run report: --format must be one of table, csv, json, not xml'],
      ['scripts/lookup.ts', [], 'npm run lookup: missing an email, candidate id or award id'],
      ['scripts/verify.ts', ['a', 'b'], 'npm run verify: unexpected argument b'],
      ['scripts/plan.ts', ['--lang', 'fr'], 'npm run plan: --lang must be ko or en, not fr'],
      [
        'scripts/serve.ts',
        ['--port', '70000'],
        'npm run preview: --port must be a whole number, 0 to 65535, not 70000',
      ],
      ['scripts/changes.ts', ['--write'], 'npm run changes: unknown option --write'],
    ];
    const results = await Promise.all(cases.map(([script, args]) => run(script, args)));
    for (const [i, [, , message]] of cases.entries()) {
      const result = results[i]!;
      assert.equal(result.code, 2, show(result));
      assert.equal(result.stderr.split('\n').length, 2, show(result));
      assert.ok(result.stderr.startsWith(`${message} (see `), show(result));
    }
  });

  test('a failure is its message and exit 1; the stack trace only with EMBLEM_DEBUG', async () => {
    const [plain, debug] = await Promise.all([
      run('scripts/keygen.ts', ['--site-url', 'not-a-url']),
      run('scripts/keygen.ts', ['--site-url', 'not-a-url'], { EMBLEM_DEBUG: '1' }),
    ]);
    assert.equal(plain.code, 1, show(plain));
    assert.match(plain.stderr, /^Site URL "not-a-url" is not an absolute URL .*\n$/, show(plain));
    assert.equal(plain.stdout, '');
    assert.equal(debug.code, 1, show(debug));
    assert.match(debug.stderr, /^\s+at /m, show(debug));
  });

  test('notify --help lists the events the templates know', async () => {
    const help = await run('scripts/notify.ts', ['--help']);
    assert.ok(help.stdout.includes(NOTIFY_EVENTS.join(',')), help.stdout);
  });
});

describe('scripts/lib/cli.ts', () => {
  test("node's parseArgs errors become short sentences in both languages", () => {
    const error = (code: string, message: string) => Object.assign(new TypeError(message), { code });
    assert.deepEqual(
      describeParseError(
        error(
          'ERR_PARSE_ARGS_UNKNOWN_OPTION',
          "Unknown option '--foo'. To specify a positional argument starting with a '-', …",
        ),
      ),
      { en: 'unknown option --foo', ko: '알 수 없는 옵션 --foo' },
    );
    assert.equal(
      describeParseError(error('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', "Option '--out <value>' argument missing")).en,
      '--out needs a value',
    );
    assert.equal(
      describeParseError(error('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', "Option '--write' does not take an argument")).en,
      '--write takes no value',
    );
    assert.equal(
      describeParseError(
        error('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', "Option '--port <value>' argument is ambiguous. Did you forget …"),
      ).en,
      '--port needs a value (one starting with - is written --port=-…)',
    );
    assert.equal(
      describeParseError(
        error(
          'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
          "Unexpected argument 'x'. This command does not take positional arguments",
        ),
      ).en,
      'unexpected argument x',
    );
  });

  test('language: --lang, then LC_ALL, then LANG, else English', () => {
    assert.equal(langFrom('ko', {}), 'ko');
    assert.equal(langFrom(undefined, { LC_ALL: 'ko_KR.UTF-8', LANG: 'en_US.UTF-8' }), 'ko');
    assert.equal(langFrom(undefined, { LANG: 'ko_KR.UTF-8' }), 'ko');
    assert.equal(langFrom('en', { LANG: 'ko_KR.UTF-8' }), 'en');
    assert.equal(langFrom(undefined, {}), 'en');
    assert.equal(usageLine('test', 'en', { en: 'x', ko: 'x' }), 'npm test: x (see npm test -- --help)');
  });
});
