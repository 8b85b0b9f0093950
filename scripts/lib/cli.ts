/**
 * Shared conventions of the issuer's commands (thin scripts over src/lib):
 *   --help        prints the usage and exits 0
 *   --write       apply the change; without it a command only says what it would do
 *   --lang ko|en  language of the messages (default from LANG, else en)
 *   exit codes    0 ok, 1 failure or not found, 2 usage error or refused as dangerous
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
export type Lang = 'ko' | 'en';

/** A message in both languages. */
export type Text = { en: string; ko: string };

/** A failure the command reports to the user (no stack trace), with its exit code. */
export class CliError extends Error {
  readonly code: number;
  constructor(message: string, code: number = EXIT.failure) {
    super(message);
    this.code = code;
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON = {
  help: { type: 'boolean', short: 'h' },
  write: { type: 'boolean', default: false },
  lang: { type: 'string' },
} as const satisfies Options;

export interface CliSpec<O extends Options> {
  /** Usage text per language: first line `usage: npm run …`, then the options. */
  usage: Text;
  options: O;
  /** Whether the command takes positional arguments. */
  positionals?: boolean;
}

export function langFrom(value: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  return (value ?? env.LC_ALL ?? env.LANG ?? '').toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** Parses argv with the common options; --help and usage errors exit here. */
export function parseCli<O extends Options>(spec: CliSpec<O>, argv = process.argv.slice(2)) {
  const options = { ...COMMON, ...spec.options };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: spec.positionals ?? false, strict: true }) as typeof parsed;
  } catch (error) {
    const lang = langFrom(argv[argv.indexOf('--lang') + 1]);
    console.error(`${(error as Error).message}\n\n${spec.usage[lang]}`);
    process.exit(EXIT.usage);
  }
  const lang = langFrom(parsed.values.lang as string | undefined);
  if ((parsed.values as { help?: boolean }).help) {
    console.log(spec.usage[lang]);
    process.exit(EXIT.ok);
  }
  const values = parsed.values as {
    [K in keyof (typeof COMMON & O)]?: K extends keyof O ? ValueOf<O[K]> : K extends keyof typeof COMMON ? ValueOf<(typeof COMMON)[K]> : never;
  };
  return { values, positionals: parsed.positionals, lang, write: parsed.values.write === true, usage: spec.usage[lang] };
}

type ValueOf<T> = T extends { type: 'boolean'; multiple: true }
  ? boolean[]
  : T extends { type: 'boolean' }
    ? boolean
    : T extends { multiple: true }
      ? string[]
      : string;

/** Runs the command body; a CliError prints its message and exits with its code. */
export async function runCli(body: () => Promise<number | undefined> | number | undefined): Promise<never> {
  try {
    const code = await body();
    process.exit(code ?? EXIT.ok);
  } catch (error) {
    if (error instanceof CliError) {
      console.error(error.message);
      process.exit(error.code);
    }
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(EXIT.failure);
  }
}

export const say = (lang: Lang, text: Text) => text[lang];

/** Messages of a command, one table per language. */
export type Messages<K extends string> = Record<Lang, Record<K, string>>;

/** --lang wins, then LC_ALL/LANG (ko_KR… → ko), else English. */
export const cliLocale = (flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang => langFrom(flag, env);

/** Fills `{name}` placeholders of a message. */
export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A usage mistake: reported with the usage text, exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** parseArgs for commands with one usage text: a usage error exits 2 with the text, --help prints it and exits 0. */
export function parseArgsOrExit<O extends Options>(options: O, help: string, argv = process.argv.slice(2)) {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof HELP_OPTION }>>;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, ...HELP_OPTION } });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${help}`);
    process.exit(EXIT.usage);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(help);
    process.exit(EXIT.ok);
  }
  return parsed.values;
}
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;
