/**
 * npm run log -- verify <site URL | folder> [--credential <URL | file>] [--key <vkey>] [--state <file>] [--lang ko|en]
 *
 * Checks a site's public issuance log (docs/transparency.md) as anyone can,
 * and keeps the checkpoint it saw (like a witness): the next run proves the
 * log only grew since. Exit code: 0 the log verifies, 1 it does not (each
 * reason printed), 2 usage error or the site could not be read.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logReader } from '../src/steps/credentials/issuance-log.ts';
import { sitePaths, siteUrls } from '../src/lib/site-urls.ts';
import { auditLog } from '../src/lib/transparency/audit.ts';
import { logOrigin } from '../src/lib/transparency/note.ts';
import { CliError, EXIT, type Messages, parseCli, runCli } from './lib/cli.ts';

const USAGE = {
  en:
    'usage: npm run log -- verify <site URL | folder of the built site> [--credential <URL | file>] [--key <vkey>] [--state <file>] [--site <URL>] [--lang ko|en]\n' +
    "  Checks the site's issuance log: the checkpoint's signature, every entry and tile, consistency with the checkpoint seen last time\n" +
    '  (kept in --state, default ~/.emblem/log-checkpoints/), revocations against the status list, and with --credential its entry and inclusion proof.\n' +
    "  --key     the log's verifier key (else the one kept, else the site's log/key on first use)\n" +
    '  --site    the site URL when checking a folder (it names the log)\n' +
    'exit code: 0 verified, 1 not verified, 2 usage error or the site could not be read',
  ko:
    '사용법: npm run log -- verify <사이트 URL | 빌드된 사이트 폴더> [--credential <URL | 파일>] [--key <vkey>] [--state <파일>] [--site <URL>] [--lang ko|en]\n' +
    '  사이트의 발급 로그를 확인합니다: 체크포인트 서명, 모든 항목과 타일, 지난번에 본 체크포인트와의 일관성\n' +
    '  (--state에 보관, 기본값 ~/.emblem/log-checkpoints/), 상태 목록과 취소 기록의 일치, --credential이 있으면 그 항목과 포함 증명.\n' +
    '  --key     로그의 검증 키 (없으면 보관된 키, 처음이면 사이트의 log/key)\n' +
    '  --site    폴더를 확인할 때 사이트 URL (로그 이름이 됨)\n' +
    '종료 코드: 0 확인됨, 1 확인 안 됨, 2 사용법 오류 또는 사이트를 읽지 못함',
};

const M: Messages<
  'verified' | 'notVerified' | 'firstKey' | 'consistent' | 'firstSeen' | 'inLog' | 'superseded' | 'revoked' | 'saved'
> = {
  en: {
    verified: '✓ the log verifies: {size} entries, checkpoint signed by {key}',
    notVerified: '✗ the log does not verify:',
    firstKey:
      '! the log key was read from the site (first use): compare it with one published elsewhere, or pass --key',
    consistent: '✓ it extends the checkpoint of {old} entries seen before',
    firstSeen: '– no checkpoint seen before for this log: kept now for the next run',
    inLog:
      '✓ the credential is entry {position} of the log (in every checkpoint of more than {position} entries); inclusion proof checked against the checkpoint of {size}',
    superseded: '! a corrected credential for the same award was logged later (entry {position})',
    revoked: '! the award is revoked in the log (entry {position}, from {on})',
    saved: 'checkpoint kept in {file}',
  },
  ko: {
    verified: '✓ 로그가 확인되었습니다: 항목 {size}개, 서명 키 {key}',
    notVerified: '✗ 로그를 확인할 수 없습니다:',
    firstKey: '! 로그 키를 사이트에서 읽었습니다(처음 사용): 다른 곳에 공개된 키와 비교하거나 --key로 지정하세요',
    consistent: '✓ 지난번에 본 항목 {old}개의 체크포인트를 이어 갑니다',
    firstSeen: '– 이 로그에 대해 전에 본 체크포인트가 없습니다: 다음 실행을 위해 지금 보관합니다',
    inLog:
      '✓ 이 자격 증명은 로그의 항목 {position}입니다(항목이 {position}개보다 많은 모든 체크포인트에 포함). 항목 {size}개 체크포인트에 대한 포함 증명을 확인했습니다',
    superseded: '! 같은 수여의 정정된 자격 증명이 나중에 기록되었습니다(항목 {position})',
    revoked: '! 이 수여는 로그에서 취소되었습니다(항목 {position}, {on}부터)',
    saved: '체크포인트를 {file}에 보관했습니다',
  },
};
const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));

const cli = parseCli({
  command: 'log',
  usage: USAGE,
  positionals: {
    min: 2,
    max: 2,
    name: { en: 'verify and the site URL or folder', ko: 'verify와 사이트 URL 또는 폴더' },
  },
  options: {
    credential: { type: 'string' },
    key: { type: 'string' },
    state: { type: 'string' },
    site: { type: 'string' },
  },
});
const { values, positionals, lang } = cli;
const say = M[lang];

interface Kept {
  vkey: string;
  checkpoint: string;
}

async function readJson(source: string, relative: string): Promise<unknown> {
  const bytes = await logReader(source, { underLog: false })(relative);
  return bytes === undefined ? undefined : JSON.parse(new TextDecoder().decode(bytes));
}

async function readCredential(target: string): Promise<Record<string, unknown>> {
  try {
    if (/^https?:\/\//.test(target)) {
      const response = await fetch(target, { signal: AbortSignal.timeout(15_000) });
      if (!response.ok) throw new Error(`it answered ${response.status}`);
      return (await response.json()) as Record<string, unknown>;
    }
    return JSON.parse(readFileSync(target, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`Cannot read the credential ${target}: ${(error as Error).message}.`, EXIT.usage);
  }
}

await runCli(async () => {
  const [command, site] = positionals as [string, string];
  if (command !== 'verify')
    cli.usageError({
      en: `unknown action ${command} (the one action is verify)`,
      ko: `알 수 없는 작업 ${command} (작업은 verify 하나입니다)`,
    });
  const isUrl = /^https?:\/\//.test(site);
  const siteUrl =
    values.site ??
    (isUrl ? site : undefined) ??
    cli.usageError({
      en: 'which site is this folder? pass --site https://badges.example.org/',
      ko: '이 폴더는 어느 사이트인가요? --site https://badges.example.org/ 를 붙이세요',
    });
  const origin = logOrigin(siteUrls(siteUrl).site);
  const stateFile =
    values.state ?? path.join(os.homedir(), '.emblem', 'log-checkpoints', `${encodeURIComponent(origin)}.json`);
  let kept: Kept | undefined;
  try {
    kept = JSON.parse(readFileSync(stateFile, 'utf8')) as Kept;
  } catch {}
  const credential = values.credential ? await readCredential(values.credential) : undefined;
  let statusList: unknown;
  let revocationList: unknown;
  try {
    statusList = await readJson(site, sitePaths.statusList());
    revocationList = await readJson(site, sitePaths.ob2RevocationList());
  } catch (error) {
    throw new CliError(`Cannot read the site ${site}: ${(error as Error).message}.`, EXIT.usage);
  }
  let result: Awaited<ReturnType<typeof auditLog>>;
  try {
    result = await auditLog({
      read: logReader(site),
      origin,
      vkey: values.key ?? kept?.vkey,
      kept: kept?.checkpoint,
      statusList,
      revocationList,
      credential,
      now: new Date(),
    });
  } catch (error) {
    throw new CliError(`Cannot read the log of ${site}: ${(error as Error).message}.`, EXIT.usage);
  }
  if (!values.key && !kept && result.keySource === 'site') console.log(say.firstKey);
  if (result.problems.length) {
    console.log(say.notVerified);
    for (const problem of result.problems) console.log(`  ${problem}`);
    return EXIT.failure;
  }
  const checkpoint = result.checkpoint!;
  console.log(fill(say.verified, { size: checkpoint.size, key: result.vkey! }));
  console.log(kept ? fill(say.consistent, { old: Number(kept.checkpoint.split('\n')[1]) }) : say.firstSeen);
  const found = result.credential;
  if (found?.position !== undefined) {
    console.log(fill(say.inLog, { position: found.position, size: found.size }));
    if (found.supersededAt !== undefined) console.log(fill(say.superseded, { position: found.supersededAt }));
  }
  if (found?.revoked) console.log(fill(say.revoked, { position: found.revoked.at, on: found.revoked.on }));
  mkdirSync(path.dirname(stateFile), { recursive: true });
  writeFileSync(
    stateFile,
    `${JSON.stringify({ vkey: result.vkey!, checkpoint: checkpoint.note } satisfies Kept, null, 2)}\n`,
  );
  console.log(fill(say.saved, { file: stateFile }));
  return EXIT.ok;
});
