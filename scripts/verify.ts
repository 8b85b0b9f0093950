/**
 * npm run verify -- <badge URL | file | -> [--site URL] [--lang ko|en] [--json]
 *
 * Verifies one badge with the same core as the site's verify page: an award
 * page or credential URL, a credential/assertion JSON file, a baked PNG or
 * SVG, or JSON on standard input ("-"). Prints each step, then the result.
 *
 * The site whose issuer is trusted: --site, else the configured site URL
 * (EMBLEM_SITE_URL, else site.url in the content's issuer file), else (for a
 * URL) the URL's origin. Only that site's files are fetched.
 * A credential verifies only when every proof in it verifies with a key this
 * site's DID document lists; the failing proof is named (e.g. "proof 2 of 2").
 * JSON nested deeper than 64 levels is refused as not a badge (exit 1).
 * Exit code: 0 verified, 1 not verified, 2 usage error, 3 warning.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { siteUrlChoice } from '../src/lib/build-settings.ts';
import { verifyBadge, type Step, type VerifyInput } from '../src/lib/verify/index.ts';
import { formatDate, t } from '../src/lib/i18n.ts';
import type { Locale } from '../src/lib/content/schema.ts';

const USAGE =
  'usage: npm run verify -- <badge URL | file | -> [--site URL] [--lang ko|en] [--json]\n' +
  'exit code: 0 verified, 1 not verified (also: not a badge, JSON nested too deep), 2 usage error, 3 warning';
const CLI_OPTIONS = {
  site: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;
let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof CLI_OPTIONS }>>;
try {
  parsed = parseArgs({ allowPositionals: true, options: CLI_OPTIONS });
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) {
  console.error(USAGE);
  process.exit(2);
}
const target = positionals[0]!;
const isUrl = /^https?:\/\//.test(target);
const locale: Locale = (values.lang ?? process.env.LC_ALL ?? process.env.LANG ?? '').startsWith('ko') ? 'ko' : 'en';
/** EMBLEM_SITE_URL or site.url (not the localhost default: a badge from elsewhere is then checked against its own origin). */
function configuredSite(): string | undefined {
  try {
    const choice = siteUrlChoice();
    return choice.source === 'default' ? undefined : choice.url;
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
const siteUrl = values.site ?? configuredSite() ?? (isUrl ? `${new URL(target).origin}/` : undefined);
if (!siteUrl) {
  console.error(
    `Which site's issuer should this badge come from? Pass --site https://badges.example.org/ (or set site.url in the issuer file, or EMBLEM_SITE_URL).\n${USAGE}`,
  );
  process.exit(2);
}

let input: VerifyInput;
try {
  if (isUrl) input = { kind: 'url', url: target };
  else if (target === '-') input = { kind: 'text', text: readFileSync(0, 'utf8') };
  else input = { kind: 'bytes', bytes: new Uint8Array(readFileSync(target)), name: target };
} catch (error) {
  console.error(`Cannot read ${target}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const MARK: Record<Step['status'], string> = { passed: '✓', failed: '✗', warning: '!', skipped: '–' };
const print = (step: Step) => {
  if (values.json) return;
  const label = t(locale, `verify.step.${step.id}`).padEnd(locale === 'ko' ? 10 : 16);
  console.log(`${MARK[step.status]} ${label} ${step.message[locale]}`);
  if (step.detail && step.status === 'failed') console.log(`    ${step.detail}`);
};

/** The issuance log row (docs/transparency.md): the credential's entry, its inclusion proof checked. */
function logLine(log: NonNullable<typeof result.summary>['log']): string | undefined {
  if (!log || log.status === 'no-log') return undefined;
  if (log.status !== 'found') return `${t(locale, `verify.log.${log.status}`)}${log.status === 'failed' ? ` (${log.detail})` : ''}`;
  const { place } = log;
  return [
    t(locale, 'verify.log.found', { position: place.position, size: place.size }),
    place.supersededAt !== undefined ? t(locale, 'verify.log.superseded', { position: place.supersededAt }) : '',
    place.revoked ? t(locale, 'verify.log.revoked', { position: place.revoked.position }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const result = await verifyBadge(input, { siteUrl, fetch, onStep: print, log: true });
if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const s = result.summary;
  console.log(`\n${t(locale, `verify.outcome.${result.outcome}`)}: ${t(locale, `verify.outcomeNote.${result.outcome}`)}`);
  if (s) {
    const rows: [string, string | undefined][] = [
      [t(locale, 'verify.card.badge'), s.badgeName],
      [t(locale, 'verify.card.recipient'), s.recipientName ?? (s.format === 'ob2' ? t(locale, 'verify.card.recipientHidden') : undefined)],
      [t(locale, 'verify.card.issuer'), s.issuerName],
      [t(locale, 'verify.card.issued'), s.issuedOn && formatDate(locale, s.issuedOn)],
      [t(locale, 'verify.card.expires'), s.expires && formatDate(locale, s.expires)],
      [t(locale, 'verify.card.awardPage'), s.awardPage],
      [t(locale, 'verify.card.log'), logLine(s.log)],
    ];
    for (const [label, value] of rows) if (value) console.log(`  ${label}: ${value}`);
  }
}
process.exit({ verified: 0, 'not-verified': 1, warning: 3 }[result.outcome]);
