/**
 * npm run erase -- <award id | recipient email> [--reason TEXT] [--write] [--lang ko|en]
 *
 * The earner's right to be forgotten: removes the award records (name, email,
 * evidence) from the content, keeps a tombstone and the status slot in the
 * ledger (the credential verifies as revoked from then on), deletes the
 * award's social card, signed proofs and kept credential files from the build cache, and lists what
 * else must be purged. An unknown id or email changes nothing and exits 1.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AwardEdit } from '../src/lib/lifecycle/award-edits.ts';
import type { Ledger } from '../src/lib/lifecycle/ledger.ts';
import type { Award } from '../src/lib/content/schema.ts';
import type { AwardStatus } from '../src/lib/eligibility.ts';
import { CliError, DRY_RUN, EXIT, parseCli, runCli, say } from './lib/cli.ts';
import { buildCacheDir } from '../src/lib/build-settings.ts';
import { setting } from '../src/lib/settings.ts';
import type { SiteModel } from '../src/lib/site-model.ts';
import type { IssuerState } from './lib/lifecycle.ts';
// The default reason, for the usage text (a module of constants and pure functions).
import { ERASE_REASON } from '../src/lib/lifecycle/erase.ts';

const cli = parseCli({
  command: 'erase',
  write: true,
  positionals: { min: 1, max: 1, name: { en: 'award id or recipient email', ko: '수여 id 또는 수령자 이메일' } },
  usage: {
    en: `usage: npm run erase -- <award id | recipient email> [--reason TEXT] [--write] [--lang ko|en]

Erases an earner's award (by id) or all their awards (by email): the records leave the content,
the ledger keeps only a tombstone (id, status slot, revocation), the credential verifies as revoked,
and the award's card, signed proofs and credential files leave the build cache (EMBLEM_BUILD_CACHE).
  --reason TEXT   revocation reason published for the tombstone (default: "${ERASE_REASON}")
  --write         apply (default: show what would be erased)
Exit: 0 done, 1 unknown id or email (nothing changed), 2 usage error.`,
    ko: `사용법: npm run erase -- <수여 id | 수령자 이메일> [--reason 사유] [--write] [--lang ko|en]

수령자의 수여(id) 또는 그 사람의 모든 수여(이메일)를 파기합니다. 레코드는 콘텐츠에서 지워지고,
원장에는 묘비(id, 상태 목록 자리, 취소)만 남으며, 자격증명은 '취소됨'으로 검증되고,
빌드 캐시(EMBLEM_BUILD_CACHE)의 소셜 카드, 서명, 자격증명 파일도 지워집니다.
  --reason 사유   묘비에 공개되는 취소 사유 (기본값: "${ERASE_REASON}")
  --write         적용합니다 (없으면 파기할 내용만 보여 줍니다)
종료 코드: 0 완료, 1 알 수 없는 id 또는 이메일 (아무것도 바꾸지 않음), 2 사용법 오류.`,
  },
  options: { reason: { type: 'string' } },
});
// What the work needs loads only now: --help and usage errors answer without it.
const { cardCacheFiles, cardKey } = await import('../src/steps/cards/cards.ts');
const { DEV_KEY_FILE } = await import('../src/steps/credentials/signing-key.ts');
const { siteUrlSetting } = await import('../src/lib/build-settings.ts');
const { recipientIdentity } = await import('../src/lib/credentials/identity.ts');
const { parsePreviousKeys, siteDid, verificationMethodId } = await import('../src/lib/credentials/keys.ts');
const { ob3Credential, proofCacheKey } = await import('../src/lib/credentials/ob3.ts');
const { statusEntry } = await import('../src/lib/credentials/status-list.ts');
const { applyFileChanges, planAwardEdits } = await import('../src/lib/lifecycle/award-files.ts');
const { ledgerAfterErase, planErase, purgeAddresses, purgeChecklist } = await import('../src/lib/lifecycle/erase.ts');
const { writeLedger } = await import('../src/lib/lifecycle/ledger-files.ts');
const { awardCardData } = await import('../src/lib/social/og-card.ts');
const { buildSiteModel } = await import('../src/lib/site-model.ts');
const { sitePaths, siteUrls } = await import('../src/lib/site-urls.ts');
const { loadIssuerState, printChanges, recordInLedger } = await import('./lib/lifecycle.ts');

/** Public keys the cached proofs may have been made with (no secret is read). */
function candidatePublicKeys(ledger: Ledger): string[] {
  const keys = new Set<string>(parsePreviousKeys(setting('EMBLEM_PREVIOUS_KEYS')));
  if (ledger.publicKey) keys.add(ledger.publicKey);
  const fromJson = (text: string | undefined) => {
    try {
      const key = JSON.parse(text ?? '') as { publicKeyMultibase?: string };
      if (key.publicKeyMultibase) keys.add(key.publicKeyMultibase);
    } catch {}
  };
  fromJson(setting('EMBLEM_SIGNING_KEY'));
  for (const file of [setting('EMBLEM_SIGNING_KEY_FILE'), DEV_KEY_FILE])
    if (file && existsSync(file)) fromJson(readFileSync(file, 'utf8'));
  return [...keys];
}

/** The build-cache files that hold something of these awards: their cards (in every state a card can show) and their proofs. */
async function cacheFiles(state: IssuerState, records: readonly Award[]): Promise<string[]> {
  const cacheDir = buildCacheDir();
  const urls = siteUrls(siteUrlSetting(process.env, state.contentDir));
  const model: SiteModel<Award> = buildSiteModel(state.content, state.now);
  const did = siteDid(urls);
  const listUrl = urls.url(sitePaths.statusList());
  const indexes = new Map(state.ledger.entries.map((e) => [e.id.toLowerCase(), e.index]));
  const methods = candidatePublicKeys(state.ledger).map((key) => verificationMethodId(did, key));
  const files: string[] = [];
  for (const award of records) {
    const badgeClass = model.badgeClassById.get(award.badge)!;
    const artwork = path.join('public', badgeClass.image);
    if (existsSync(artwork)) {
      const digest = createHash('sha256').update(readFileSync(artwork)).digest('hex');
      for (const status of ['valid', 'expired', 'revoked'] as AwardStatus[]) {
        const retiredOn = badgeClass.status === 'retired' ? badgeClass.retiredOn : undefined;
        const entry = { award, badgeClass, state: retiredOn ? { status, retiredOn } : { status } };
        files.push(...cardCacheFiles(cacheDir, cardKey(awardCardData(model, entry, urls), digest)));
      }
    }
    const index = indexes.get(award.id.toLowerCase());
    if (index === undefined) continue;
    const identity = await recipientIdentity(award.id, award.recipient.email);
    const unsigned = ob3Credential({
      entry: { award, badgeClass, state: { status: 'valid' } },
      issuer: state.content.issuer,
      identity,
      urls,
      did,
      credentialStatus: statusEntry(listUrl, index),
    });
    for (const method of methods) {
      const key = await proofCacheKey(unsigned, method);
      files.push(path.join(cacheDir, 'proofs', key.slice(0, 2), `${key}.json`));
    }
  }
  files.push(...keptAwardFiles(cacheDir, records));
  return files.filter((f) => existsSync(f));
}

/**
 * The award files the build keeps (src/steps/credentials/credentials.ts) of these awards. Their names are keyed with
 * the signing key, which this command does not read: they are found by the award's address in their text.
 */
function keptAwardFiles(cacheDir: string, records: readonly Award[]): string[] {
  const folder = path.join(cacheDir, 'credentials');
  if (!existsSync(folder) || !records.length) return [];
  const addresses = records.map((award) => Buffer.from(`/${sitePaths.awardPage(award.id)}`));
  return readdirSync(folder)
    .map((name) => path.join(folder, name))
    .filter((file) => {
      const bytes = readFileSync(file);
      return addresses.some((address) => bytes.includes(address));
    });
}

await runCli(async () => {
  const { positionals, values, lang } = cli;
  const target = positionals[0]!;
  const state = loadIssuerState();
  const plan = planErase(state.content.awards, state.ledger, target, state.nowText, values.reason?.trim() || undefined);
  if (!plan.records.length && !plan.tombstones.length) {
    throw new CliError(
      say(lang, {
        en: `No award with id or email "${target}"; nothing changed.`,
        ko: `id나 이메일이 "${target}"인 수여가 없습니다. 아무것도 바꾸지 않았습니다.`,
      }),
    );
  }
  const ids = [...new Set([...plan.records.map((a) => a.id), ...plan.tombstones.map((e) => e.id)])];
  const edits = new Map<string, AwardEdit>(plan.records.map((a) => [a.id.toLowerCase(), { kind: 'remove' }]));
  const changes = planAwardEdits(state.contentDir, state.content.sources, edits);
  const cached = await cacheFiles(state, plan.records);
  for (const change of changes)
    for (const id of change.ids)
      console.log(
        `  - ${id}: ${say(lang, { en: 'record removed from', ko: '레코드 삭제:' })} ${change.file}${change.after === null ? say(lang, { en: ' (file deleted)', ko: ' (파일 삭제)' }) : ''}`,
      );
  for (const entry of plan.tombstones) {
    console.log(
      `  † ${entry.id}: ${say(lang, { en: `tombstone in the ledger, status slot ${entry.index} kept, revoked`, ko: `원장에 묘비, 상태 목록 자리 ${entry.index} 유지, 취소됨` })} (${entry.revoked!.reason})`,
    );
  }
  for (const entry of plan.unpublished) {
    console.log(
      `  † ${entry.id}: ${say(lang, { en: 'never published: kept in the ledger as erased (no revocation), so an import never brings it back', ko: '게시된 적 없음: 가져오기가 다시 만들지 않도록 원장에 파기로 기록(취소 없음)' })}`,
    );
  }
  for (const file of cached)
    console.log(`  × ${say(lang, { en: 'cache', ko: '캐시' })} ${path.relative(process.cwd(), file)}`);
  const siteUrl = siteUrlSetting(process.env, state.contentDir);
  if (!cli.write) {
    console.log(
      say(lang, {
        en: 'After --write and publishing, purge these addresses from CDN and browser caches:',
        ko: '--write로 적용하고 게시한 뒤 CDN과 브라우저 캐시에서 다음 주소를 지우세요:',
      }),
    );
    for (const address of purgeAddresses(ids, siteUrl)) console.log(`  • ${address}`);
    console.log(say(lang, DRY_RUN));
    return EXIT.ok;
  }
  // Ledger first: if the content write then failed, the build stops ("an erased award is back") instead of publishing it.
  const ledger = ledgerAfterErase(state.ledger, plan);
  writeLedger(state.contentDir, ledger);
  applyFileChanges(state.contentDir, changes);
  printChanges(recordInLedger(state, ledger), lang);
  for (const file of cached) rmSync(file, { force: true });
  console.log(
    say(lang, {
      en: `Erased. Commit the content and ${state.ledgerLabel}, publish, then purge:`,
      ko: `파기했습니다. 콘텐츠와 ${state.ledgerLabel}을(를) 커밋하고 게시한 뒤 다음도 지우세요:`,
    }),
  );
  for (const line of purgeChecklist(ids, siteUrl)) console.log(`  • ${line}`);
});
