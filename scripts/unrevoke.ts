/**
 * npm run unrevoke -- <award id>... --reason TEXT [--write] [--lang ko|en]
 *
 * The one way a revoked credential becomes valid again: removes `revoked`
 * from the records and records the un-revocation, with its reason, in the
 * ledger. `npm run plan` flags every un-revocation as dangerous.
 */
import type { AwardEdit } from '../src/lib/lifecycle/award-edits.ts';
import { CliError, DRY_RUN, EXIT, parseCli, runCli, say } from './lib/cli.ts';

const cli = parseCli({
  command: 'unrevoke',
  write: true,
  positionals: { min: 1, max: Infinity, name: { en: 'award id', ko: '수여 id' } },
  usage: {
    en: `usage: npm run unrevoke -- <award id>... --reason TEXT [--write] [--lang ko|en]

Makes revoked awards valid again (their status bit is cleared), and records why in the ledger.
Credentials already downloaded verify as valid again once the site is published.
  --reason TEXT   why (kept in the ledger; required)
  --write         edit the award files and the ledger (default: show what would change)
Exit: 0 done, 1 unknown or not revoked, 2 usage error.`,
    ko: `사용법: npm run unrevoke -- <수여 id>... --reason 사유 [--write] [--lang ko|en]

취소된 수여를 다시 유효하게 하고(상태 비트를 지움) 사유를 원장에 기록합니다.
게시 후에는 이미 내려받은 자격증명도 다시 유효로 검증됩니다.
  --reason 사유   사유 (원장에 기록, 필수)
  --write         수여 파일과 원장을 고칩니다 (없으면 바뀔 내용만 보여 줍니다)
종료 코드: 0 완료, 1 알 수 없거나 취소되지 않은 수여, 2 사용법 오류.`,
  },
  options: { reason: { type: 'string' } },
});

await runCli(async () => {
  const { applyFileChanges, planAwardEdits } = await import('../src/lib/lifecycle/award-files.ts');
  const { writeLedger } = await import('../src/lib/lifecycle/ledger-files.ts');
  const { unrevokeEntry, withEntries } = await import('../src/lib/lifecycle/ledger.ts');
  const { loadIssuerState, printChanges, recordInLedger } = await import('./lib/lifecycle.ts');
  const { positionals, values, lang } = cli;
  const reason = values.reason?.trim();
  if (!reason) return cli.usageError({ en: '--reason is required', ko: '--reason(사유)이 필요합니다' });
  const state = loadIssuerState();
  const records = new Map(state.content.awards.map((a) => [a.id.toLowerCase(), a]));
  const entries = new Map(state.ledger.entries.map((e) => [e.id.toLowerCase(), e]));
  const edits = new Map<string, AwardEdit>();
  const unrevoked = [];
  for (const raw of positionals) {
    const id = raw.toLowerCase();
    const record = records.get(id);
    const entry = entries.get(id);
    if (!record && !entry)
      throw new CliError(
        say(lang, {
          en: `Unknown award ${raw}; nothing changed.`,
          ko: `알 수 없는 수여 ${raw}. 아무것도 바꾸지 않았습니다.`,
        }),
      );
    if (!record?.revoked && !entry?.revoked)
      throw new CliError(
        say(lang, {
          en: `${raw} is not revoked; nothing changed.`,
          ko: `${raw}은(는) 취소되지 않았습니다. 아무것도 바꾸지 않았습니다.`,
        }),
      );
    if (entry?.state === 'erased')
      throw new CliError(
        say(lang, {
          en: `${raw} was erased; it cannot be made valid again.`,
          ko: `${raw}은(는) 파기되어 다시 유효하게 할 수 없습니다.`,
        }),
      );
    if (record?.revoked) edits.set(id, { kind: 'unrevoke' });
    if (entry?.revoked) unrevoked.push(unrevokeEntry(entry, reason, state.nowText));
    const was = entry?.revoked ?? record!.revoked!;
    console.log(
      `  + ${raw}: ${say(lang, { en: 'valid again', ko: '다시 유효' })} (${say(lang, { en: 'was revoked', ko: '취소 이력' })} ${was.on}: ${was.reason}); ${reason}`,
    );
  }
  const changes = planAwardEdits(state.contentDir, state.content.sources, edits);
  if (!cli.write) {
    console.log(say(lang, DRY_RUN));
    return EXIT.ok;
  }
  // Ledger first: if the content write then failed, the record still says revoked and the next build re-records it (never the other way).
  const ledger = withEntries(state.ledger, unrevoked);
  writeLedger(state.contentDir, ledger);
  applyFileChanges(state.contentDir, changes);
  printChanges(recordInLedger(state, ledger), lang);
  console.log(
    say(lang, {
      en: `Done. Commit the content and ${state.ledgerLabel}, then publish.`,
      ko: `완료했습니다. 콘텐츠와 ${state.ledgerLabel}을(를) 커밋한 뒤 게시하세요.`,
    }),
  );
});
