/**
 * npm run ledger -- [--write] [--public-key z6Mk…] [--lang ko|en]
 *
 * Brings content/ledger.jsonl up to date with the content (like a lockfile):
 * new published awards get their status slot, revocations and changes of
 * state are recorded. A dry run unless --write. Commit the file with the
 * content: production builds refuse an out-of-date ledger.
 */
import { CliError, EXIT, parseCli, runCli, say } from './lib/cli.ts';

const cli = parseCli({
  command: 'ledger',
  write: true,
  usage: {
    en: `usage: npm run ledger -- [--write] [--public-key z6Mk…] [--lang ko|en]

Records in the ledger (EMBLEM_CONTENT_DIR/ledger.jsonl) what the content now publishes:
new awards get a status-list slot for good; revocations and awards hidden or deleted are recorded.
  --write            write the ledger (default: show what would change)
  --public-key KEY   record the signing key the site is published with (npm run plan flags a change)
Exit: 0 up to date or written, 1 the ledger or content has a problem, 2 usage error.`,
    ko: `사용법: npm run ledger -- [--write] [--public-key z6Mk…] [--lang ko|en]

콘텐츠가 지금 게시하는 내용을 원장(EMBLEM_CONTENT_DIR/ledger.jsonl)에 기록합니다.
새 수여는 상태 목록 자리를 영구히 받고, 취소와 비공개·삭제가 기록됩니다.
  --write            원장을 씁니다 (없으면 바뀔 내용만 보여 줍니다)
  --public-key KEY   사이트 서명 키를 기록합니다 (키가 바뀌면 npm run plan이 알립니다)
종료 코드: 0 최신 상태 또는 기록함, 1 원장이나 콘텐츠에 문제, 2 사용법 오류.`,
  },
  options: { 'public-key': { type: 'string' } },
});

await runCli(async () => {
  const { buildMoment, contentDirSetting } = await import('../src/lib/build-settings.ts');
  const { loadContent } = await import('../src/lib/content/content-files.ts');
  const { reconcileWithContent } = await import('../src/lib/lifecycle/content-ledger.ts');
  const { displayPath, readLedger, writeLedger } = await import('../src/lib/lifecycle/ledger-files.ts');
  const { describeChange, LedgerError } = await import('../src/lib/lifecycle/ledger.ts');
  const contentDir = contentDirSetting();
  const read = readLedger(contentDir);
  const label = displayPath(read.file);
  if (read.problems.length) throw new CliError(new LedgerError(label, read.problems).message);
  const content = loadContent(contentDir);
  const { ledger, changes, problems } = reconcileWithContent(read.ledger, content, buildMoment());
  if (problems.length) throw new CliError(new LedgerError(label, problems).message);
  const publicKey = cli.values['public-key'];
  const keyChange = publicKey !== undefined && publicKey !== read.ledger.publicKey;
  if (!changes.length && !keyChange && read.exists) {
    console.log(
      say(cli.lang, {
        en: `${label} is up to date (${ledger.entries.length} entries).`,
        ko: `${label}은(는) 최신 상태입니다 (${ledger.entries.length}건).`,
      }),
    );
    return EXIT.ok;
  }
  for (const change of changes) console.log(`  ${describeChange(change, cli.lang)}`);
  if (keyChange) console.log(`  signing key: ${read.ledger.publicKey ?? '(none)'} → ${publicKey}`);
  if (!cli.write) {
    console.log(
      say(cli.lang, {
        en: `Dry run: ${changes.length} change(s). Run again with --write to record them.`,
        ko: `시험 실행: 변경 ${changes.length}건. 기록하려면 --write를 붙여 다시 실행하세요.`,
      }),
    );
    return EXIT.ok;
  }
  writeLedger(contentDir, keyChange ? { ...ledger, publicKey } : ledger);
  console.log(
    say(cli.lang, {
      en: `Wrote ${label} (${changes.length} change(s)). Commit it with the content.`,
      ko: `${label}에 기록했습니다 (변경 ${changes.length}건). 콘텐츠와 함께 커밋하세요.`,
    }),
  );
});
