/**
 * npm run keys -- list | rotate --key KEY [--on DATE] [--current KEY [--since DATE]] | compromised KEY --from DATE
 *                 [--content DIR] [--write] [--lang ko|en]
 *
 * The key history (content/keys.yaml, public keys and dates only): rotate to
 * a new signing key (the old one is retired and still verifies what it
 * signed), or mark a key compromised from a date (nothing it signed verifies
 * any more; the next build signs every hosted credential again with the
 * active key). See docs/credentials.md, Key rotation.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, CONTENT_OPTION, DRY_RUN, EXIT, parseCli, runCli, say } from './lib/cli.ts';

const cli = parseCli({
  command: 'keys',
  write: true,
  positionals: { min: 1, max: 2, name: { en: 'list, rotate or compromised', ko: 'list, rotate 또는 compromised' } },
  usage: {
    en: `usage: npm run keys -- list
       npm run keys -- rotate --key KEY [--on DATE] [--current KEY [--since DATE]] [--write]
       npm run keys -- compromised KEY --from DATE [--write]
       (also: [--content DIR] [--lang ko|en])

The site's signing keys (content/keys.yaml: public keys and dates only, commit it).
  list                 show every key with its window
  rotate               retire the active key at DATE and make KEY the active key from then;
                       what the old key signed keeps verifying (did.json still lists it)
    --key KEY          the new public key (z6Mk…) or the key file from npm run keygen (only its public half is read)
    --on DATE          when the new key starts signing (default: now)
    --current KEY      the key in use so far, when the history is still empty (its window starts at --since)
  compromised KEY      mark KEY leaked from --from DATE: nothing it signed verifies any more (a leaked key can
                       back-date a proof); the next build signs every published credential again with the active key
  --write              write content/keys.yaml (default: show what would change)
Exit: 0 done, 1 refused (unknown key, bad date), 2 usage error.`,
    ko: `사용법: npm run keys -- list
       npm run keys -- rotate --key 키 [--on 날짜] [--current 키 [--since 날짜]] [--write]
       npm run keys -- compromised 키 --from 날짜 [--write]
       (공통: [--content 폴더] [--lang ko|en])

사이트 서명 키 목록(content/keys.yaml: 공개 키와 날짜만 있음, 커밋하세요)을 관리합니다.
  list                 모든 키와 사용 기간을 보여 줍니다
  rotate               사용 중인 키를 날짜에 교체하고 새 키를 그때부터 사용합니다.
                       옛 키로 서명한 것은 계속 검증됩니다 (did.json에 남음)
    --key 키           새 공개 키(z6Mk…) 또는 npm run keygen이 만든 키 파일 (공개 키 부분만 읽음)
    --on 날짜          새 키로 서명을 시작하는 때 (기본값: 지금)
    --current 키       키 목록이 아직 비어 있을 때 지금까지 쓴 키 (사용 기간은 --since부터)
  compromised 키       키가 --from 날짜부터 유출되었다고 표시합니다: 그 키의 서명은 더 이상 검증되지 않습니다
                       (유출된 키로는 날짜를 거슬러 서명할 수 있음). 다음 빌드가 게시된 자격증명을 모두 현재 키로 다시 서명합니다
  --write              content/keys.yaml을 씁니다 (없으면 바뀔 내용만 보여 줍니다)
종료 코드: 0 완료, 1 거부 (알 수 없는 키, 잘못된 날짜), 2 사용법 오류.`,
  },
  options: {
    ...CONTENT_OPTION,
    key: { type: 'string' },
    on: { type: 'string' },
    current: { type: 'string' },
    since: { type: 'string' },
    from: { type: 'string' },
  },
});

await runCli(async () => {
  const { contentDirSetting } = await import('../src/lib/build-settings.ts');
  const history = await import('../src/lib/credentials/key-history.ts');
  const { KEY_HISTORY_FILE, readKeyHistory } = await import('../src/steps/credentials/signing-key.ts');
  const { writeFileAtomic } = await import('../src/lib/lifecycle/ledger-files.ts');
  const { positionals, values, lang } = cli;
  const [action, subject] = positionals;
  const contentDir = values.content ? path.resolve(values.content) : contentDirSetting();
  const file = path.join(contentDir, KEY_HISTORY_FILE);
  const label = path.relative(process.cwd(), file) || file;
  const before = readKeyHistory(contentDir);

  const date = (value: string | undefined, option: string, fallback?: Date): Date => {
    if (value === undefined && fallback) return fallback;
    if (value === undefined) return cli.usageError({ en: `${option} is required`, ko: `${option}이(가) 필요합니다` });
    const parsed = new Date(/T/.test(value) ? value : `${value}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(parsed.getTime()))
      throw new CliError(
        say(lang, {
          en: `${option} ${value} is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ); nothing changed.`,
          ko: `${option} ${value}은(는) 날짜가 아닙니다 (YYYY-MM-DD 또는 YYYY-MM-DDTHH:MM:SSZ). 아무것도 바꾸지 않았습니다.`,
        }),
      );
    return parsed;
  };
  const refuse = (error: unknown): never => {
    throw new CliError(
      say(lang, {
        en: `${label}: ${(error as Error).message}; nothing changed.`,
        ko: `${label}: ${(error as Error).message}. 아무것도 바꾸지 않았습니다.`,
      }),
    );
  };

  if (action === 'list') {
    if (before.keys.length === 0)
      console.log(say(lang, { en: `${label}: no key history yet.`, ko: `${label}: 키 목록이 아직 없습니다.` }));
    for (const key of before.keys) console.log(describe(key));
    return EXIT.ok;
  }

  let after: typeof before;
  if (action === 'rotate') {
    if (subject)
      return cli.usageError({ en: 'rotate takes --key, not an argument', ko: 'rotate는 인자 대신 --key를 받습니다' });
    if (!values.key) return cli.usageError({ en: '--key is required', ko: '--key가 필요합니다' });
    const on = date(values.on, '--on', new Date());
    let start = before;
    if (before.keys.length === 0) {
      if (!values.current)
        throw new CliError(
          say(lang, {
            en: `${label} is empty: name the key in use so far with --current z6Mk… (the site's did.json lists it); nothing changed.`,
            ko: `${label}이(가) 비어 있습니다: 지금까지 쓴 키를 --current z6Mk…로 알려 주세요 (사이트의 did.json에 있음). 아무것도 바꾸지 않았습니다.`,
          }),
        );
      const since = history.keyMoment(date(values.since, '--since', new Date(0)).toISOString());
      start = { keys: [{ publicKeyMultibase: values.current, validFrom: since }] };
      const problem = history.historyProblem(start);
      if (problem || !/^z6Mk/.test(values.current))
        refuse(new Error(problem ?? `--current ${values.current} is not a public key (z6Mk…)`));
    }
    if (on.getTime() < Date.now() - 60_000)
      console.log(
        say(lang, {
          en: `Note: --on is in the past. A proof is dated at its build's moment: what the old key signed in builds after ${on.toISOString()} will no longer verify. Leave --on out to rotate now.`,
          ko: `참고: --on이 과거입니다. 증명은 빌드 시각으로 기록되므로, ${on.toISOString()} 이후 빌드에서 옛 키로 서명한 것은 더 이상 검증되지 않습니다. 지금 교체하려면 --on을 빼세요.`,
        }),
      );
    try {
      after = history.rotateKeys(start, publicKeyOf(values.key, lang), on);
    } catch (error) {
      return refuse(error);
    }
  } else if (action === 'compromised') {
    if (!subject)
      return cli.usageError({ en: 'compromised needs the key (z6Mk…)', ko: 'compromised에는 키(z6Mk…)가 필요합니다' });
    try {
      after = history.markCompromised(before, subject, date(values.from, '--from'));
    } catch (error) {
      return refuse(error);
    }
  } else {
    return cli.usageError({ en: `unknown action ${action}`, ko: `알 수 없는 동작 ${action}` });
  }

  for (const key of after.keys) {
    const old = before.keys.find((k) => k.publicKeyMultibase === key.publicKeyMultibase);
    const changed = !old || JSON.stringify(old) !== JSON.stringify(key);
    console.log(`${changed ? '  * ' : '    '}${describe(key)}`);
  }
  if (!history.activeKey(after))
    console.log(
      say(lang, {
        en: 'No key is active now: a production build refuses to sign until you rotate to a new key (npm run keygen, then npm run keys -- rotate).',
        ko: '지금은 사용 중인 키가 없습니다: 새 키로 교체할 때까지(npm run keygen 뒤 npm run keys -- rotate) 운영 빌드가 서명하지 않습니다.',
      }),
    );
  if (!cli.write) {
    console.log(say(lang, DRY_RUN));
    return EXIT.ok;
  }
  writeFileAtomic(file, history.keyHistoryYaml(after));
  console.log(
    say(lang, {
      en: `Wrote ${label}. Commit it, build with the active key (EMBLEM_SIGNING_KEY), and before that build copy the live site's log/key line into EMBLEM_PREVIOUS_LOG_KEYS (the issuance log's key changes with the signing key).`,
      ko: `${label}을(를) 썼습니다. 커밋하고 사용 중인 키(EMBLEM_SIGNING_KEY)로 빌드하세요. 그 빌드 전에 게시된 사이트의 log/key 줄을 EMBLEM_PREVIOUS_LOG_KEYS에 넣으세요 (발급 로그의 키도 서명 키와 함께 바뀝니다).`,
    }),
  );
  return EXIT.ok;
});

function describe(key: {
  publicKeyMultibase: string;
  validFrom: string;
  retiredOn?: string;
  compromisedFrom?: string;
}): string {
  const state = key.compromisedFrom
    ? `compromised from ${key.compromisedFrom}`
    : key.retiredOn
      ? `retired on ${key.retiredOn}`
      : 'active';
  return `${key.publicKeyMultibase}  from ${key.validFrom}  ${state}`;
}

/** A public key as given, or the public half of a key file (never the secret half). */
function publicKeyOf(value: string, lang: 'ko' | 'en'): string {
  if (value.startsWith('z6Mk')) return value;
  if (!existsSync(value))
    throw new CliError(
      say(lang, {
        en: `--key ${value} is neither a public key (z6Mk…) nor a key file; nothing changed.`,
        ko: `--key ${value}은(는) 공개 키(z6Mk…)도 키 파일도 아닙니다. 아무것도 바꾸지 않았습니다.`,
      }),
    );
  try {
    const { publicKeyMultibase } = JSON.parse(readFileSync(value, 'utf8')) as { publicKeyMultibase?: unknown };
    if (typeof publicKeyMultibase === 'string') return publicKeyMultibase;
  } catch {
    // reported below
  }
  throw new CliError(
    say(lang, {
      en: `--key ${value}: no publicKeyMultibase in the file; nothing changed.`,
      ko: `--key ${value}: 파일에 publicKeyMultibase가 없습니다. 아무것도 바꾸지 않았습니다.`,
    }),
  );
}
