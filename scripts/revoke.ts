/**
 * npm run revoke -- <award id>... | --from-file FILE | --badge ID [--issued-before DATE]
 *                   --reason TEXT [--on DATE] [--write] [--lang ko|en]
 *
 * Revokes awards: adds `revoked` to their records (comments and formatting of
 * the files kept) and records the revocation in the ledger. A dry run unless --write.
 */
import { CliError, EXIT, parseCli, runCli, say } from './lib/cli.ts';

const cli = parseCli({
  command: 'revoke',
  write: true,
  positionals: { max: Infinity, name: { en: 'award id', ko: '수여 id' } },
  usage: {
    en: `usage: npm run revoke -- <award id>... | --from-file FILE | --badge ID [--issued-before DATE]
                    --reason TEXT [--on DATE] [--write] [--lang ko|en]

Revokes awards: their credentials stay published and verify as revoked, for good.
  --reason TEXT         why (published in the credential's revocation; required)
  --on DATE             when it takes effect (date or date-time; default now)
  --from-file FILE      award ids, one per line
  --badge ID            every award of this badge (with --issued-before: only those issued before DATE)
  --write               edit the award files and the ledger (default: show what would change)
Exit: 0 done (or nothing to do), 1 unknown award, 2 usage error.`,
    ko: `사용법: npm run revoke -- <수여 id>... | --from-file 파일 | --badge ID [--issued-before 날짜]
                    --reason 사유 [--on 날짜] [--write] [--lang ko|en]

수여를 취소합니다. 자격증명은 계속 게시되며 영구히 '취소됨'으로 검증됩니다.
  --reason 사유          취소 사유 (공개됨, 필수)
  --on 날짜              효력 시점 (날짜 또는 날짜-시각, 기본값 지금)
  --from-file 파일       한 줄에 하나씩 적은 수여 id
  --badge ID             이 배지의 모든 수여 (--issued-before와 함께: 그 날짜 전에 발급된 것만)
  --write                수여 파일과 원장을 고칩니다 (없으면 바뀔 내용만 보여 줍니다)
종료 코드: 0 완료, 1 알 수 없는 수여, 2 사용법 오류.`,
  },
  options: {
    reason: { type: 'string' },
    on: { type: 'string' },
    'from-file': { type: 'string' },
    badge: { type: 'string' },
    'issued-before': { type: 'string' },
  },
});

await runCli(async () => {
  const { applyFileChanges, planAwardEdits } = await import('../src/lib/lifecycle/award-files.ts');
  const { parseMoment, revocationEdits, selectAwards } = await import('../src/lib/lifecycle/revoke.ts');
  const { idsFromFile, loadIssuerState, printChanges, recordInLedger } = await import('./lib/lifecycle.ts');
  const { values, positionals, lang } = cli;
  const ids = [...positionals, ...(values['from-file'] ? idsFromFile(values['from-file']) : [])];
  if (!ids.length && values.badge === undefined && values['issued-before'] === undefined)
    return cli.usageError({
      en: 'which awards? Name award ids, --from-file or --badge',
      ko: '어떤 수여를 취소할까요? 수여 id, --from-file 또는 --badge를 지정하세요',
    });
  const reason = values.reason?.trim();
  if (!reason) return cli.usageError({ en: '--reason is required', ko: '--reason(사유)이 필요합니다' });
  let on: string;
  let issuedBefore: string | undefined;
  try {
    issuedBefore = values['issued-before'] ? parseMoment(values['issued-before'], '--issued-before') : undefined;
    on = values.on ? parseMoment(values.on, '--on') : '';
  } catch (error) {
    const message = (error as Error).message;
    return cli.usageError({ en: message, ko: message });
  }
  const state = loadIssuerState();
  on ||= state.nowText;
  const selected = selectAwards(state.content.awards, state.ledger, { ids, badge: values.badge, issuedBefore });
  if (selected.unknown.length) {
    throw new CliError(
      say(lang, {
        en: `Unknown award(s), nothing changed: ${selected.unknown.join(', ')}`,
        ko: `알 수 없는 수여입니다. 아무것도 바꾸지 않았습니다: ${selected.unknown.join(', ')}`,
      }),
    );
  }
  if (selected.ledgerOnly.length) {
    throw new CliError(
      `${selected.ledgerOnly.join(', ')}: ${say(lang, { en: 'the record is gone (deleted or erased); only the ledger remembers it. Restore the record to revoke it.', ko: '레코드가 없습니다(삭제 또는 파기). 취소하려면 레코드를 되살리세요.' })}`,
    );
  }
  const { edits, alreadyRevoked } = revocationEdits(selected.awards, { on, reason });
  for (const award of alreadyRevoked)
    console.log(
      `  = ${award.id} ${say(lang, { en: 'is already revoked', ko: '은(는) 이미 취소됨' })} (${award.revoked!.on}: ${award.revoked!.reason})`,
    );
  if (!edits.size) {
    console.log(say(lang, { en: 'Nothing to revoke.', ko: '취소할 수여가 없습니다.' }));
    return EXIT.ok;
  }
  const changes = planAwardEdits(state.contentDir, state.content.sources, edits);
  for (const change of changes)
    for (const id of change.ids)
      console.log(`  - ${id} (${change.file}): ${say(lang, { en: 'revoked on', ko: '취소 시점' })} ${on}: ${reason}`);
  if (!cli.write) {
    console.log(
      say(lang, {
        en: `Dry run: ${edits.size} award(s) would be revoked. Run again with --write.`,
        ko: `시험 실행: ${edits.size}건을 취소합니다. 적용하려면 --write를 붙여 다시 실행하세요.`,
      }),
    );
    return EXIT.ok;
  }
  // Content first: if the ledger write then failed, the next build would record the revocation, never lose it.
  applyFileChanges(state.contentDir, changes);
  printChanges(recordInLedger(state), lang);
  console.log(
    say(lang, {
      en: `Revoked ${edits.size} award(s). Commit the content and ${state.ledgerLabel}, then publish.`,
      ko: `${edits.size}건을 취소했습니다. 콘텐츠와 ${state.ledgerLabel}을(를) 커밋한 뒤 게시하세요.`,
    }),
  );
});
