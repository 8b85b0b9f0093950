/**
 * npm run correct-name -- <award id> --name TEXT [--write] [--lang ko|en]
 *
 * A name correction an earner asked for: sets the award record's
 * `recipient.name` (comments and layout of the file kept). The next publish
 * re-signs the credential and redraws the card under the new name; the
 * status-list slot and the award id stay. Prints award ids only, never the
 * old or the new name (the output lands in CI logs). A dry run unless --write.
 */
import { CliError, DRY_RUN, EXIT, parseCli, runCli, say } from './lib/cli.ts';

const cli = parseCli({
  command: 'correct-name',
  write: true,
  positionals: { min: 1, max: 1, name: { en: 'award id', ko: '수여 id' } },
  usage: {
    en: `usage: npm run correct-name -- <award id> --name TEXT [--write] [--lang ko|en]

Corrects the earner's name on an award (recipient.name in its record). The next publish
re-signs the credential and redraws its card; the award id and its status slot stay.
The output names the award id only, never a name.
  --name TEXT   the name as it should appear (required)
  --write       edit the award file (default: show what would change)
Exit: 0 done (or nothing to change), 1 unknown or erased award, 2 usage error.`,
    ko: `사용법: npm run correct-name -- <수여 id> --name 이름 [--write] [--lang ko|en]

수여 레코드의 받는 사람 이름(recipient.name)을 바로잡습니다. 다음 게시 때 자격증명에
다시 서명하고 카드를 다시 그립니다. 수여 id와 상태 슬롯은 그대로입니다.
출력에는 수여 id만 나오고 이름은 나오지 않습니다.
  --name 이름   올바른 이름 (필수)
  --write       수여 파일을 고칩니다 (없으면 바뀔 내용만 보여 줍니다)
종료 코드: 0 완료(또는 바꿀 것 없음), 1 알 수 없거나 파기된 수여, 2 사용법 오류.`,
  },
  options: { name: { type: 'string' } },
});

await runCli(async () => {
  const { applyFileChanges, planAwardEdits } = await import('../src/lib/lifecycle/award-files.ts');
  const { textSchema, LIMITS } = await import('../src/lib/content/schema.ts');
  const { loadIssuerState } = await import('./lib/lifecycle.ts');
  const { positionals, values, lang } = cli;
  const raw = positionals[0]!;
  const checked = textSchema(LIMITS.name).safeParse(values.name ?? '');
  if (values.name === undefined) return cli.usageError({ en: '--name is required', ko: '--name(이름)이 필요합니다' });
  if (!checked.success || /\p{Cc}/u.test(checked.data)) {
    const problem = checked.success ? 'must not hold control characters' : checked.error.issues[0]!.message;
    return cli.usageError({ en: `--name ${problem}`, ko: `--name: ${problem}` });
  }
  const name = checked.data;
  const state = loadIssuerState();
  const id = raw.toLowerCase();
  const record = state.content.awards.find((a) => a.id.toLowerCase() === id);
  if (!record) {
    const erased = state.ledger.entries.some((e) => e.id.toLowerCase() === id && e.state === 'erased');
    throw new CliError(
      say(lang, {
        en: erased
          ? `${raw} was erased; there is no record to correct.`
          : `Unknown award ${raw} (no record in ${state.contentDir}); nothing changed.`,
        ko: erased
          ? `${raw}은(는) 파기되어 고칠 레코드가 없습니다.`
          : `알 수 없는 수여 ${raw}(${state.contentDir}에 레코드 없음). 아무것도 바꾸지 않았습니다.`,
      }),
    );
  }
  if (record.recipient.name === name) {
    console.log(
      say(lang, {
        en: `${raw}: the name is already so; nothing to change.`,
        ko: `${raw}: 이미 그 이름입니다. 바꿀 것이 없습니다.`,
      }),
    );
    return EXIT.ok;
  }
  const changes = planAwardEdits(state.contentDir, state.content.sources, new Map([[id, { kind: 'rename', name }]]));
  for (const change of changes)
    console.log(
      `  ~ ${record.id} (${change.file}): ${say(lang, { en: 'recipient.name corrected', ko: '받는 사람 이름 수정' })}`,
    );
  if (!cli.write) {
    console.log(say(lang, DRY_RUN));
    return EXIT.ok;
  }
  applyFileChanges(state.contentDir, changes);
  console.log(
    say(lang, {
      en: 'Done. Commit the content, then publish: the credential is re-signed under the corrected name.',
      ko: '완료했습니다. 콘텐츠를 커밋한 뒤 게시하세요. 바로잡은 이름으로 자격증명에 다시 서명합니다.',
    }),
  );
});
