/**
 * npm run profile -- add|remove|index|unindex <email or profile id> [--indexed] [--write] [--lang ko|en]
 *
 * An earner's profile page (content/profiles.yaml), for when they ask: a page listing their public badges at a
 * random address, off the search engines unless they want it there.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, DRY_RUN, EXIT, parseCli, runCli, say } from './lib/cli.ts';

const ACTIONS = ['add', 'remove', 'index', 'unindex'] as const;
const cli = parseCli({
  command: 'profile',
  write: true,
  positionals: { min: 2, max: 2, name: { en: 'action and email or profile id', ko: '동작과 이메일 또는 프로필 id' } },
  usage: {
    en: `usage: npm run profile -- add|remove|index|unindex <email or profile id> [--indexed] [--write] [--lang ko|en]

An earner's profile: one page listing their public badges, at a random address (profiles/<id>/), made only
when the earner asks for it. It shows nothing a visitor could not already open: their public, unrevoked awards.
  add EMAIL        make a profile for the earner with this email (they must have an award)
  remove ID|EMAIL  take the profile away (its page goes with the next publish)
  index ID|EMAIL   let search engines list the page (only when the earner asks)
  unindex ID|EMAIL keep it off search engines again (the default)
  --indexed        with add: listed from the start
  --write          edit content/profiles.yaml (default: show what would change)
Exit: 0 done, 1 unknown earner or profile, 2 usage error.`,
    ko: `사용법: npm run profile -- add|remove|index|unindex <이메일 또는 프로필 id> [--indexed] [--write] [--lang ko|en]

취득자 프로필: 공개된 배지를 한 페이지에 모아 무작위 주소(profiles/<id>/)에 게시합니다. 취득자가 원할 때만
만듭니다. 누구나 이미 열어 볼 수 있는 것, 즉 취소되지 않은 공개 배지만 보여 줍니다.
  add 이메일        이 이메일의 취득자에게 프로필을 만듭니다 (수여 기록이 있어야 합니다)
  remove id|이메일  프로필을 없앱니다 (다음 게시 때 페이지도 사라집니다)
  index id|이메일   검색 엔진에 노출합니다 (취득자가 원할 때만)
  unindex id|이메일 다시 검색 엔진에서 뺍니다 (기본값)
  --indexed         add와 함께: 처음부터 검색 엔진에 노출
  --write           content/profiles.yaml을 고칩니다 (없으면 바뀔 내용만 보여 줍니다)
종료 코드: 0 완료, 1 알 수 없는 취득자나 프로필, 2 사용법 오류.`,
  },
  options: { indexed: { type: 'boolean' }, content: { type: 'string' } },
});

await runCli(async () => {
  const { loadCommandContent } = await import('./lib/cli.ts');
  const { editProfilesFile, newProfileId } = await import('../src/lib/profile/profiles-file.ts');
  const { writeFileAtomic } = await import('../src/lib/lifecycle/ledger-files.ts');
  const { lang, positionals, values } = cli;
  const action = cli.oneOf('action', positionals[0]!, ACTIONS);
  const target = positionals[1]!;
  const { contentDir, content } = await loadCommandContent(values.content);
  const file = path.join(contentDir, 'profiles.yaml');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (action === 'add' && !content.awards.some((a) => a.recipient.email.toLowerCase() === target.toLowerCase()))
    throw new CliError(
      say(lang, {
        en: `No award has the recipient email ${target}; nothing changed.`,
        ko: `수신자 이메일이 ${target}인 수여가 없습니다. 아무것도 바꾸지 않았습니다.`,
      }),
    );
  const id = newProfileId();
  const result = editProfilesFile(
    before,
    action === 'add'
      ? {
          kind: 'add',
          id,
          email: target,
          indexed: values.indexed ?? false,
          since: new Date().toISOString().slice(0, 10),
        }
      : action === 'remove'
        ? { kind: 'remove', target }
        : { kind: 'index', target, indexed: action === 'index' },
  );
  if ('error' in result) throw new CliError(`${path.relative(process.cwd(), file)}: ${result.error}; nothing changed.`);
  const what = {
    add: { en: `new profile ${id}: page profiles/${id}/`, ko: `새 프로필 ${id}: 페이지 profiles/${id}/` },
    remove: { en: `profile of ${target} removed`, ko: `${target}의 프로필 삭제` },
    index: { en: `profile of ${target} listed for search engines`, ko: `${target}의 프로필을 검색 엔진에 노출` },
    unindex: { en: `profile of ${target} kept off search engines`, ko: `${target}의 프로필을 검색 엔진에서 제외` },
  }[action];
  console.log(`  ${say(lang, what)}`);
  if (!cli.write) {
    console.log(say(lang, DRY_RUN));
    return EXIT.ok;
  }
  writeFileAtomic(file, result.text);
  console.log(
    say(lang, {
      en: `Done: ${path.relative(process.cwd(), file)}. Commit it, then publish.`,
      ko: `완료했습니다: ${path.relative(process.cwd(), file)}. 커밋한 뒤 게시하세요.`,
    }),
  );
});
