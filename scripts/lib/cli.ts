/**
 * The one convention of the issuer's commands (every `node scripts/*.ts` in package.json), in one place:
 *   --help, -h    prints the usage in the user's language and exits 0, before any heavy module loads
 *                 (commands import what their work needs only after parseCli)
 *   --lang ko|en  language of the usage and the messages (default from LC_ALL, then LANG, else en)
 *   --write       commands that change content or state (spec.write) only say what they would do without it
 *   usage errors  one sentence naming the problem and pointing at --help, exit 2:
 *                 "npm run keygen: unknown option --foo (see npm run keygen -- --help)"
 *   domain errors a CliError (or a content error): its message, no stack trace, exit 1
 *   other errors  their message, exit 1 (with the stack when EMBLEM_DEBUG is set)
 *   exit codes    0 ok, 1 failure or not found, 2 usage error or refused as dangerous
 *                 (a command may add its own, e.g. verify's 3 for a warning)
 * This module imports only Node's own modules, so `--help` answers at once.
 */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
/** The languages commands speak: the locale registry's rows with `cliTexts` (src/lib/locales/registry.ts). A user
 * of another language (LANG=ja_JP) reads English. */
export type Lang = 'ko' | 'en';

/** A message in both languages. */
export type Text = { en: string; ko: string };

/** What a command that edits content says when it was not told to write. */
export const DRY_RUN: Text = {
  en: 'Dry run. Run again with --write.',
  ko: '시험 실행입니다. 적용하려면 --write를 붙여 다시 실행하세요.',
};

/** A failure the command reports to the user (no stack trace), with its exit code. */
export class CliError extends Error {
  readonly code: number;
  constructor(message: string, code: number = EXIT.failure) {
    super(message);
    this.code = code;
  }
}

/** A usage mistake: one sentence, exit code 2 (made by `cli.usageError`, which adds the command and the --help pointer). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON = {
  help: { type: 'boolean', short: 'h' },
  lang: { type: 'string' },
} as const satisfies Options;
const WRITE = { write: { type: 'boolean', default: false } } as const satisfies Options;

/** The shared --content option of the commands that read the content folder (see loadCommandContent). */
export const CONTENT_OPTION = { content: { type: 'string' } } as const satisfies Options;

export interface CliSpec<O extends Options> {
  /** The npm script: `keygen` for `npm run keygen`. */
  command: string;
  /** Usage text per language: first line `usage: npm run …` (`사용법: …`), then what it does, the options and the exit codes. */
  usage: Text;
  options: O;
  /** Positional arguments: how many (default none) and what they are, for the message when some are missing. */
  positionals?: { min?: number; max?: number; name: Text };
  /** The command changes content or state: it takes --write and is a dry run without it. */
  write?: boolean;
}

/** --lang wins, then LC_ALL/LANG (ko_KR… → ko), else English. */
export function langFrom(value: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  return (value || env.LC_ALL || env.LANG || '').toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
export const cliLocale = langFrom;

/** How the user runs the command: `npm test`, `npm run keygen`. */
export const npmCommand = (command: string) => (command === 'test' ? 'npm test' : `npm run ${command}`);

/** The one-line usage error: the command, the problem, where to read more. */
export function usageLine(command: string, lang: Lang, problem: Text): string {
  const npm = npmCommand(command);
  return lang === 'ko'
    ? `${npm}: ${problem.ko} (${npm} -- --help 참고)`
    : `${npm}: ${problem.en} (see ${npm} -- --help)`;
}

/** The --lang value of raw arguments (for messages before or without a successful parse). */
function rawLang(argv: readonly string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') break;
    if (arg === '--lang') return argv[i + 1];
    if (arg.startsWith('--lang=')) return arg.slice(7);
  }
  return undefined;
}

/** node:util parseArgs' errors as one short sentence in each language. */
export function describeParseError(error: unknown): Text {
  const { code, message } = error as { code?: string; message: string };
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = quoted.split(' ')[0] ?? quoted;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return { en: `unknown option ${option}`, ko: `알 수 없는 옵션 ${option}` };
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message))
        return { en: `${option} takes no value`, ko: `${option}에는 값을 줄 수 없습니다` };
      if (/ambiguous/.test(message))
        return {
          en: `${option} needs a value (one starting with - is written ${option}=-…)`,
          ko: `${option}에 값이 필요합니다 (-로 시작하는 값은 ${option}=-…로 씁니다)`,
        };
      return { en: `${option} needs a value`, ko: `${option}에 값이 필요합니다` };
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return { en: `unexpected argument ${option}`, ko: `예상하지 못한 인자 ${option}` };
    default:
      return { en: message, ko: message };
  }
}

type ValueOf<T> = T extends { type: 'boolean'; multiple: true }
  ? boolean[]
  : T extends { type: 'boolean' }
    ? boolean
    : T extends { multiple: true }
      ? string[]
      : string;
type Values<O extends Options> = {
  [K in keyof (typeof COMMON & O)]?: K extends keyof O
    ? ValueOf<O[K]>
    : K extends keyof typeof COMMON
      ? ValueOf<(typeof COMMON)[K]>
      : never;
};

export interface Cli<O extends Options> {
  values: Values<O>;
  positionals: string[];
  lang: Lang;
  /** --write was given (always false for a command without spec.write). */
  write: boolean;
  /** The usage text in the user's language. */
  usage: string;
  /** Prints the one-line usage error and exits 2. */
  usageError(problem: Text): never;
  /** A usage error (exit 2) unless `value` is one of `choices`; returns it. */
  oneOf<C extends string>(option: string, value: string, choices: readonly C[]): C;
  /** A whole number from an option (within min…max), else a usage error. */
  integer(option: string, value: string, min?: number, max?: number): number;
  /** A message in the user's language. */
  say(text: Text): string;
}

/** Parses the arguments: --help and usage errors print and exit here, so a command's body only sees good arguments. */
export function parseCli<O extends Options>(spec: CliSpec<O>, argv = process.argv.slice(2)): Cli<O> {
  const fail = (lang: Lang, problem: Text): never => {
    console.error(usageLine(spec.command, lang, problem));
    process.exit(EXIT.usage);
  };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...COMMON, ...(spec.write ? WRITE : {}), ...spec.options },
      allowPositionals: (spec.positionals?.max ?? 0) > 0,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    // --help wins over a mistake elsewhere on the line.
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(spec.usage[langFrom(rawLang(argv))]);
      process.exit(EXIT.ok);
    }
    return fail(langFrom(rawLang(argv)), describeParseError(error));
  }
  // An error nothing caught (a command's top-level code, a server's callback) ends the command as runCli would.
  process.on('uncaughtException', (error) => process.exit(reportError(error)));
  const given = parsed.values.lang as string | undefined;
  const lang = langFrom(given);
  if (parsed.values.help) {
    console.log(spec.usage[lang]);
    process.exit(EXIT.ok);
  }
  if (given !== undefined && given !== 'ko' && given !== 'en')
    fail(lang, { en: `--lang must be ko or en, not ${given}`, ko: `--lang은 ko 또는 en이어야 합니다(${given})` });
  const { min = 0, max = 0, name = { en: 'argument', ko: '인자' } } = spec.positionals ?? {};
  if (parsed.positionals.length < min) fail(lang, { en: `missing ${name.en}`, ko: `${name.ko}이(가) 없습니다` });
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals[max]!;
    fail(lang, { en: `unexpected argument ${extra}`, ko: `예상하지 못한 인자 ${extra}` });
  }
  return {
    values: parsed.values as Values<O>,
    positionals: parsed.positionals,
    lang,
    write: parsed.values.write === true,
    usage: spec.usage[lang],
    usageError: (problem) => fail(lang, problem),
    oneOf: (option, value, choices) => {
      if (!(choices as readonly string[]).includes(value)) {
        const list = choices.join(', ');
        fail(lang, {
          en: `${option} must be one of ${list}, not ${value}`,
          ko: `${option}은(는) ${list} 중 하나여야 합니다(${value})`,
        });
      }
      return value as (typeof choices)[number];
    },
    integer: (option, value, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) => {
      const n = Number(value);
      if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
        const any = min === Number.MIN_SAFE_INTEGER;
        const range = any ? '' : max === Number.MAX_SAFE_INTEGER ? `, ${min} or more` : `, ${min} to ${max}`;
        const rangeKo = any ? '' : max === Number.MAX_SAFE_INTEGER ? `${min} 이상의 ` : `${min}~${max}의 `;
        fail(lang, {
          en: `${option} must be a whole number${range}, not ${value}`,
          ko: `${option}은(는) ${rangeKo}정수여야 합니다(${value})`,
        });
      }
      return n;
    },
    say: (text) => text[lang],
  };
}

/** What a long-running command (a server) returns from its body: runCli then leaves the process running. */
export const KEEP_RUNNING = 'keep running' as const;
/** What a command body returns: its exit code (default 0), or KEEP_RUNNING. */
export type CliOutcome = number | undefined | typeof KEEP_RUNNING;

/**
 * Runs the command body and exits with its code (default 0). A CliError prints its message and exits with its
 * code; any other error prints its message (its stack too when EMBLEM_DEBUG is set) and exits 1.
 */
export async function runCli(body: () => CliOutcome | Promise<CliOutcome>): Promise<void> {
  let code: number;
  try {
    const result = await body();
    if (result === KEEP_RUNNING) return;
    code = result ?? EXIT.ok;
  } catch (error) {
    code = reportError(error);
  }
  process.exit(code);
}

/** Prints an error as the convention wants it and returns its exit code. */
export function reportError(error: unknown): number {
  if (process.env.EMBLEM_DEBUG && error instanceof Error && error.stack) console.error(error.stack);
  else console.error(error instanceof Error ? error.message : String(error));
  return error instanceof CliError ? error.code : EXIT.failure;
}

export const say = (lang: Lang, text: Text) => text[lang];

/** Messages of a command, one table per language. */
export type Messages<K extends string> = Record<Lang, Record<K, string>>;

/** Fills `{name}` placeholders of a message. */
export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/**
 * The content of a command: the folder from --content DIR, else EMBLEM_CONTENT_DIR or ./content, loaded and
 * checked as the build does (a content error ends the command through runCli: its message, exit 1).
 * `labelRoot`: what record sources are relative to (default the working folder).
 */
export async function loadCommandContent(dir: string | undefined, labelRoot?: string) {
  const [{ contentDirSetting }, { loadContent }] = await Promise.all([
    import('../../src/lib/build-settings.ts'),
    import('../../src/lib/content/content-files.ts'),
  ]);
  const contentDir = dir ? path.resolve(dir) : contentDirSetting();
  return { contentDir, content: loadContent(contentDir, labelRoot) };
}
