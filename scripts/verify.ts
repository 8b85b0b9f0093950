/**
 * npm run verify -- <badge URL | file | -> [--site URL] [--lang ko|en] [--json]
 * npm run verify -- <offline bundle file> --offline [--at DATE]
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
 * --offline checks an offline verification bundle (src/lib/verify/offline-bundle.ts)
 * against the documents it carries, with no network; --at sets the clock.
 * Exit code: 0 verified, 1 not verified, 2 usage error, 3 warning.
 */
import { readFileSync } from 'node:fs';
import type { Step, VerifyInput } from '../src/lib/verify/index.ts';
import type { Locale } from '../src/lib/content/schema.ts';
import { CliError, EXIT, parseCli, runCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'verify',
  positionals: {
    min: 1,
    max: 1,
    name: { en: 'the badge to verify (URL, file or -)', ko: '검증할 배지 (URL, 파일 또는 -)' },
  },
  usage: {
    en: `usage: npm run verify -- <badge URL | file | -> [--site URL] [--lang ko|en] [--json]
       npm run verify -- <offline bundle file> --offline [--at DATE] [--json]

Verifies one badge as the site's verify page does: an award page or credential URL, a credential or
assertion JSON file, a baked PNG or SVG, or JSON on standard input (-). Prints each step, then the result.
  --site URL   the site whose issuer is trusted (default: EMBLEM_SITE_URL, else site.url in the issuer file,
               else the URL's origin)
  --json       print the whole result as JSON
  --offline    the file is an offline verification bundle (from the award page): check it against the
               documents it carries (DID document, key history, status list), with no network
  --at DATE    check validity as of DATE instead of now (e.g. the bundle's retrieved date)
Exit: 0 verified, 1 not verified (also: not a badge, JSON nested too deep), 2 usage error, 3 warning.`,
    ko: `사용법: npm run verify -- <배지 URL | 파일 | -> [--site URL] [--lang ko|en] [--json]
       npm run verify -- <오프라인 검증 파일> --offline [--at 날짜] [--json]

사이트의 검증 페이지와 같은 방식으로 배지 하나를 검증합니다: 수여 페이지나 자격증명 URL, 자격증명 또는
assertion JSON 파일, 베이크된 PNG나 SVG, 표준 입력(-)의 JSON. 단계별 결과와 최종 결과를 출력합니다.
  --site URL   신뢰할 발급 기관의 사이트 (기본값: EMBLEM_SITE_URL, 없으면 발급 기관 파일의 site.url,
               없으면 URL의 출처)
  --json       전체 결과를 JSON으로 출력합니다
  --offline    파일이 오프라인 검증 파일(수여 페이지에서 받음)입니다: 파일에 담긴 문서(DID 문서, 키 목록,
               상태 목록)로 네트워크 없이 검증합니다
  --at 날짜    지금 대신 그 날짜 기준으로 유효 기간을 확인합니다 (예: 파일의 retrieved 날짜)
종료 코드: 0 검증됨, 1 검증 실패 (배지가 아님, 너무 깊게 중첩된 JSON 포함), 2 사용법 오류, 3 경고.`,
  },
  options: {
    site: { type: 'string' },
    json: { type: 'boolean', default: false },
    offline: { type: 'boolean', default: false },
    at: { type: 'string' },
  },
});
const { values, positionals } = cli;
const locale: Locale = cli.lang;
const target = positionals[0]!;
const isUrl = /^https?:\/\//.test(target);

await runCli(async () => {
  const { siteUrlChoice } = await import('../src/lib/build-settings.ts');
  const { verifyBadge } = await import('../src/lib/verify/index.ts');
  const { formatDate, t } = await import('../src/lib/i18n.ts');
  /** EMBLEM_SITE_URL or site.url (not the localhost default: a badge from elsewhere is then checked against its own origin). */
  function configuredSite(): string | undefined {
    try {
      const choice = siteUrlChoice();
      return choice.source === 'default' ? undefined : choice.url;
    } catch (error) {
      throw new CliError((error as Error).message, EXIT.usage);
    }
  }
  const MARK: Record<Step['status'], string> = { passed: '✓', failed: '✗', warning: '!', skipped: '–' };
  const print = (step: Step) => {
    if (values.json) return;
    const label = t(locale, `verify.step.${step.id}`).padEnd(locale === 'ko' ? 10 : 16);
    console.log(`${MARK[step.status]} ${label} ${step.message[locale]}`);
    if (step.detail && step.status === 'failed') console.log(`    ${step.detail}`);
  };

  /** The issuance log row (docs/transparency.md): the credential's entry, its inclusion proof checked. */
  const logLine = (log: NonNullable<Awaited<ReturnType<typeof verifyBadge>>['summary']>['log']): string | undefined => {
    if (!log || log.status === 'no-log') return undefined;
    if (log.status !== 'found')
      return `${t(locale, `verify.log.${log.status}`)}${log.status === 'failed' ? ` (${log.detail})` : ''}`;
    const { place } = log;
    return [
      t(locale, 'verify.log.found', { position: place.position, size: place.size }),
      place.supersededAt !== undefined ? t(locale, 'verify.log.superseded', { position: place.supersededAt }) : '',
      place.revoked ? t(locale, 'verify.log.revoked', { position: place.revoked.position }) : '',
    ]
      .filter(Boolean)
      .join(' ');
  };

  const now = values.at === undefined ? undefined : new Date(values.at);
  if (now && Number.isNaN(now.getTime()))
    return cli.usageError({ en: `--at ${values.at} is not a date`, ko: `--at ${values.at}은(는) 날짜가 아닙니다` });
  if (values.offline) return verifyOffline(now);
  const siteUrl = values.site ?? configuredSite() ?? (isUrl ? `${new URL(target).origin}/` : undefined);
  if (!siteUrl) {
    return cli.usageError({
      en: "which site's issuer should this badge come from? Pass --site https://badges.example.org/ (or set site.url in the issuer file, or EMBLEM_SITE_URL)",
      ko: '이 배지가 어느 사이트의 발급 기관에서 왔는지 알 수 없습니다. --site https://badges.example.org/를 붙이세요 (또는 발급 기관 파일의 site.url이나 EMBLEM_SITE_URL을 설정하세요)',
    });
  }

  let input: VerifyInput;
  try {
    if (isUrl) input = { kind: 'url', url: target };
    else if (target === '-') input = { kind: 'text', text: readFileSync(0, 'utf8') };
    else input = { kind: 'bytes', bytes: new Uint8Array(readFileSync(target)), name: target };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return cli.usageError({
      en: `cannot read ${target}: ${reason}`,
      ko: `${target}을(를) 읽을 수 없습니다: ${reason}`,
    });
  }

  const result = await verifyBadge(input, { siteUrl, fetch, onStep: print, log: true, registry: true, now });
  return report(result);

  /** The bundle's credential, checked against the documents it carries; nothing is fetched. */
  async function verifyOffline(at: Date | undefined) {
    const { bundleFetch, readOfflineBundle } = await import('../src/lib/verify/offline-bundle.ts');
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(target, 'utf8'));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(
        cli.say({ en: `${target}: not a JSON file (${reason})`, ko: `${target}: JSON 파일이 아닙니다 (${reason})` }),
      );
    }
    const read = readOfflineBundle(value);
    if ('problem' in read)
      throw new CliError(
        cli.say({
          en: `${target}: not an offline verification bundle (field ${read.problem})`,
          ko: `${target}: 오프라인 검증 파일이 아닙니다 (${read.problem} 항목)`,
        }),
      );
    const { bundle } = read;
    if (values.site && values.site !== bundle.site)
      throw new CliError(
        cli.say({
          en: `${target} is for ${bundle.site}, not ${values.site}`,
          ko: `${target}은(는) ${values.site}이(가) 아닌 ${bundle.site}의 파일입니다`,
        }),
      );
    if (!values.json)
      console.log(
        t(locale, 'verify.offline.asOf', { site: bundle.site, date: formatDate(locale, bundle.retrieved) }) + '\n',
      );
    const result = await verifyBadge(
      { kind: 'text', text: JSON.stringify(bundle.credential) },
      { siteUrl: bundle.site, fetch: bundleFetch(bundle), onStep: print, registry: true, ...(at ? { now: at } : {}) },
    );
    return report(result);
  }

  function report(result: Awaited<ReturnType<typeof verifyBadge>>) {
    if (values.json) {
      console.log(JSON.stringify(result, null, 2));
    } else {
      const s = result.summary;
      console.log(
        `\n${t(locale, `verify.outcome.${result.outcome}`)}: ${t(locale, `verify.outcomeNote.${result.outcome}`)}`,
      );
      if (s) {
        const rows: [string, string | undefined][] = [
          [t(locale, 'verify.card.badge'), s.badgeName],
          [
            t(locale, 'verify.card.recipient'),
            s.recipientName ?? (s.format === 'ob2' ? t(locale, 'verify.card.recipientHidden') : undefined),
          ],
          [t(locale, 'verify.card.issuer'), s.issuerName],
          [t(locale, 'verify.card.issued'), s.issuedOn && formatDate(locale, s.issuedOn)],
          [t(locale, 'verify.card.expires'), s.expires && formatDate(locale, s.expires)],
          [t(locale, 'verify.card.awardPage'), s.awardPage],
          [t(locale, 'verify.card.log'), logLine(s.log)],
          [t(locale, 'verify.card.registry'), registryLine(result.registry)],
        ];
        for (const [label, value] of rows) if (value) console.log(`  ${label}: ${value}`);
      }
    }
    return { verified: 0, 'not-verified': 1, warning: 3 }[result.outcome];
  }

  /** What a known-issuer registry would list (the site's registry entry, for the verified issuer). */
  function registryLine(facts: Awaited<ReturnType<typeof verifyBadge>>['registry']): string | undefined {
    if (!facts) return undefined;
    return [facts.names[locale] ?? facts.name, facts.url, facts.location].filter(Boolean).join(', ');
  }
});
