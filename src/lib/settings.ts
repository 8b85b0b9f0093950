/**
 * Every `EMBLEM_*` setting in one table: what it means, its default, whether
 * its value is a secret, and what a valid value is. The build, the commands
 * and the privacy check read settings through `setting()`, which checks the
 * value and names the variable in a one-sentence error; the README's settings
 * table is checked against this one (tests/unit/lib/settings.test.ts), and the
 * privacy check guards the values of the secret ones.
 *
 * Settings marked `internal` pass information between the build's own
 * processes or tune the test suite; they are not for users and not in the
 * README.
 */
import { z } from 'zod';
import { HOST_PROFILES } from './site/host-limits.ts';

export interface SettingSpec {
  /** What it does, for the README table. */
  meaning: string;
  /** The default, in words (for the README table). */
  default: string;
  /** Its value must never be published (the privacy check looks for it in every file). */
  secret?: boolean;
  /** Its value names a file whose content must never be published (a key file). */
  secretFile?: boolean;
  /** Passed between the build's own processes, or for the test suite: not documented for users. */
  internal?: boolean;
  /** What a valid value is. */
  schema: z.ZodType<unknown, string>;
}

const text = z.string().trim().min(1, 'is empty');
const positiveInteger = z
  .string()
  .regex(/^[1-9]\d*$/, 'is not a whole number of 1 or more')
  .transform(Number);
/** One of a few words, named in the message when it is none of them. */
const oneOf = <const T extends readonly [string, ...string[]]>(
  values: T,
  message = `is not one of ${values.join(', ')}`,
) => z.enum(values, { error: message });
const isoMoment = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not an ISO 8601 date-time (e.g. 2026-12-01T00:00:00Z)');
/** An absolute URL with one of these schemes. */
const urlWith = (schemes: readonly string[], message: string) =>
  z.string().refine((value) => {
    try {
      return schemes.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, message);
const absoluteUrl = urlWith(['http:', 'https:'], 'is not an absolute http(s) URL');

export const SETTINGS = {
  EMBLEM_SITE_URL: {
    meaning: 'public URL of the site, with base path; overrides `site.url` in the issuer file',
    default: '`site.url`, else `http://localhost:4321/`',
    schema: absoluteUrl,
  },
  EMBLEM_CONTENT_DIR: { meaning: 'content folder to build', default: '`./content`', schema: text },
  EMBLEM_NOW: {
    meaning: 'moment award states are computed for (ISO 8601), for reproducible builds',
    default: 'now',
    schema: isoMoment,
  },
  EMBLEM_MODE: {
    meaning: '`production` refuses development signing keys and compares with the live site',
    default: '`development`',
    schema: oneOf(['production', 'development']),
  },
  EMBLEM_BUILD_CACHE: {
    meaning:
      'folder for the caches kept between builds (signed proofs, cards, award pages, output scan facts), sealed with the signing key',
    default: '`.emblem/cache`',
    schema: text,
  },
  EMBLEM_DIST: {
    meaning: 'where `npm run build` writes the site when `--out` is not given',
    default: '`dist`',
    schema: text,
  },
  EMBLEM_CARD_WORKERS: {
    meaning: 'worker threads that draw social cards',
    default: 'one per core',
    schema: positiveInteger,
  },
  EMBLEM_ASTRO_ROOT: {
    meaning:
      "Astro's working folder (its `.astro/`) for this build, so builds of other content can run at the same time in one checkout; a folder outside the project stands for one of its own under `.emblem/astro-roots/`",
    default: 'the project',
    schema: text,
  },
  EMBLEM_CACHE_DIR: { meaning: "Astro's own cache folder", default: '`node_modules/.astro`', schema: text },
  EMBLEM_HOST_PROFILE: {
    meaning:
      'the host the site is deployed to (`github-pages`, `cloudflare-pages`, `cloudflare-pages-paid`, `gitlab-pages`, `netlify`, `s3`): the build warns when the site passes its limits',
    default: 'none',
    schema: oneOf(
      HOST_PROFILES.map((p) => p.id) as [string, ...string[]],
      `is not a known host; use one of ${HOST_PROFILES.map((p) => p.id).join(', ')}`,
    ),
  },
  EMBLEM_DEPLOYED_SITE: {
    meaning:
      'where a build reads the live site to compare revocations with: a URL, a folder (a copy of the deployed output) or `none`',
    default: 'production: the site URL; development: not compared',
    schema: text,
  },
  EMBLEM_SIGNING_KEY: {
    meaning: 'the credential signing key (JSON from `npm run keygen`)',
    default: 'dev key in `.emblem/keys/`',
    secret: true,
    schema: text,
  },
  EMBLEM_SIGNING_KEY_FILE: {
    meaning: 'a file outside the project that holds the signing key',
    default: 'none',
    secretFile: true,
    schema: text,
  },
  EMBLEM_PREVIOUS_KEYS: {
    meaning: 'earlier public keys (`z6Mk…`, comma separated) that credentials signed before a rotation verify with',
    default: 'none',
    schema: text,
  },
  EMBLEM_CACHE_KEY: {
    meaning:
      'a secret of its own that seals the build cache instead of the signing key, so a key rotation keeps cached pages and cards (credentials are signed again anyway)',
    default: 'derived from the signing key',
    secret: true,
    schema: text,
  },
  EMBLEM_PREVIOUS_LOG_KEYS: {
    meaning:
      "earlier issuance log keys (each the line of the site's `log/key` before a signing key rotation): the build extends the log they signed",
    default: 'none',
    schema: text,
  },
  EMBLEM_CLAIM_SECRET: {
    meaning: 'key of the claim-link tokens (see docs/claims.md)',
    default: 'dev secret in `.emblem/keys/`',
    secret: true,
    schema: text,
  },
  EMBLEM_CLAIM_LIVE_MINUTES: {
    meaning:
      'minutes until a claim sent to the host function is live on the site, said on the claim page (built with `claims.endpoint` set) and by the function',
    default: 'none (not said)',
    schema: positiveInteger,
  },
  EMBLEM_CLAIM_REPOSITORY: {
    meaning: 'host function (docs/claims.md): the content repository, `owner/name`, that claims are dispatched to',
    default: 'none',
    schema: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'is not owner/name'),
  },
  EMBLEM_CLAIM_GITHUB_TOKEN: {
    meaning:
      'host function: fine-grained GitHub token of that repository only (Contents: read and write) that sends the dispatch',
    default: 'none',
    secret: true,
    schema: text,
  },
  EMBLEM_CLAIM_GITHUB_API: {
    meaning: 'tests: the GitHub API the host function dispatches to',
    default: '`https://api.github.com`',
    internal: true,
    schema: absoluteUrl,
  },
  EMBLEM_SMTP_URL: {
    meaning: 'where `npm run notify -- --send` delivers mail (`smtp://` or `smtps://`, with its password)',
    default: 'none',
    secret: true,
    schema: urlWith(['smtp:', 'smtps:'], 'is not an smtp:// or smtps:// URL'),
  },
  EMBLEM_DKIM_DOMAIN: {
    meaning: 'DKIM signing domain of the mail `notify` sends',
    default: 'none (no DKIM)',
    schema: text,
  },
  EMBLEM_DKIM_SELECTOR: { meaning: 'DKIM selector', default: 'none', schema: text },
  EMBLEM_DKIM_PRIVATE_KEY: { meaning: 'DKIM private key (PEM)', default: 'none', secret: true, schema: text },
  EMBLEM_DKIM_PRIVATE_KEY_FILE: {
    meaning: 'a file that holds the DKIM private key',
    default: 'none',
    secretFile: true,
    schema: text,
  },
  EMBLEM_STUDIO_REPO: {
    meaning: 'the GitHub repository (`owner/name`) the editing studio at `/studio/` opens pull requests on',
    default: '`GITHUB_REPOSITORY` in GitHub Actions, else none (the studio then edits only a local copy)',
    schema: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'is not a GitHub repository written owner/name'),
  },
  EMBLEM_LOG_LEVEL: {
    meaning: '`silent` keeps the build quiet (benchmarks)',
    default: '`info`',
    schema: oneOf(['info', 'silent']),
  },
  EMBLEM_DEBUG: {
    meaning: 'commands print the stack of an unexpected error',
    default: 'off',
    internal: true,
    schema: z.string(),
  },
  EMBLEM_STEPS_HANDOFF: {
    meaning: 'the file the Astro process hands the post-build steps over in',
    default: 'set by the build',
    internal: true,
    schema: text,
  },
  EMBLEM_OUT_DIR: {
    meaning: 'the staging folder Astro writes into',
    default: 'set by the build',
    internal: true,
    schema: text,
  },
  EMBLEM_PAGES_ONLY: {
    meaning: 'benchmarks: build the pages only',
    default: 'off',
    internal: true,
    schema: z.string(),
  },
  EMBLEM_TEST_CONCURRENCY: { meaning: 'test files run at once', default: '4', internal: true, schema: positiveInteger },
  EMBLEM_TEST_BUILDS: { meaning: 'test builds run at once', default: '2', internal: true, schema: positiveInteger },
  EMBLEM_TEST_BUILD_LOG: {
    meaning: 'a file the test suite appends one line per test build to',
    default: 'none',
    internal: true,
    schema: text,
  },
  EMBLEM_WRITE_SCREENSHOTS: {
    meaning: 'tests: the studio test writes its screenshots to docs/images/studio-*.png (1)',
    default: 'off',
    internal: true,
    schema: oneOf(['1']),
  },
  EMBLEM_OFFLINE_DOCUMENTS: {
    meaning: 'tests: documents the verifier-core child answers without the network',
    default: 'none',
    internal: true,
    schema: text,
  },
  EMBLEM_TEST_CLOCK: {
    meaning: 'tests: the moment the verifier-core child takes for now (offline bundles checked as of a date)',
    default: 'none',
    internal: true,
    schema: text,
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;
type SettingValue<N extends SettingName> = z.output<(typeof SETTINGS)[N]['schema']>;

/** A setting's value, checked: undefined when unset (or empty); a one-sentence error naming the variable when invalid. */
export function setting<N extends SettingName>(
  name: N,
  env: NodeJS.ProcessEnv = process.env,
): SettingValue<N> | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const parsed = (SETTINGS[name].schema as unknown as z.ZodType<SettingValue<N>, string>).safeParse(raw);
  if (parsed.success) return parsed.data;
  const shown = (SETTINGS[name] as SettingSpec).secret ? '(its value is a secret and not shown)' : `"${raw}"`;
  throw new Error(`${name} ${shown} ${parsed.error.issues[0]?.message ?? 'is not valid'}: ${SETTINGS[name].meaning}.`);
}

/** Every invalid setting in `env` (a build checks them all before it starts). */
export function settingProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    try {
      setting(name, env);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
}

/** `EMBLEM_*` names in `env` that are no setting: a typo is a setting that silently does nothing. */
export function unknownSettings(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.keys(env).filter((name) => name.startsWith('EMBLEM_') && !(name in SETTINGS));
}

/** Names of the settings whose values are secrets. */
export const SECRET_SETTINGS: ReadonlySet<string> = new Set(
  Object.entries(SETTINGS)
    .filter(([, spec]) => (spec as SettingSpec).secret)
    .map(([name]) => name),
);

/** Names of the settings whose values name files with secret content. */
export const SECRET_FILE_SETTINGS: ReadonlySet<string> = new Set(
  Object.entries(SETTINGS)
    .filter(([, spec]) => (spec as SettingSpec).secretFile)
    .map(([name]) => name),
);

/** The settings users set, in table order (the README documents exactly these). */
export const DOCUMENTED_SETTINGS = Object.entries(SETTINGS).filter(([, spec]) => !(spec as SettingSpec).internal) as [
  SettingName,
  SettingSpec,
][];

/** The README's settings table, rows in table order. */
export function settingsTable(): string {
  const rows = DOCUMENTED_SETTINGS.map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.meaning}${spec.secret || spec.secretFile ? '; a secret' : ''} | ${spec.default} |`,
  );
  return ['| variable | meaning | default |', '| --- | --- | --- |', ...rows].join('\n');
}
