/**
 * npm run plan -- [--base <git ref>] [--allow] [--max-share 0.1] [--public-key z6Mk…] [--lang ko|en]
 *
 * What the next publish changes, as Markdown for a pull-request comment:
 * against the ledger and content of a git ref (default HEAD, what is
 * committed: a development build in between changes nothing in the answer;
 * --base origin/main for a pull request), or, outside git, the ledger file.
 * Exit 2 on a dangerous change unless --allow. Names award ids, never a
 * name or an email (even one typed into a reason): it is a PR description.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Content } from '../src/lib/content/content-model.ts';
import type { Ledger } from '../src/lib/lifecycle/ledger.ts';
import { CliError, EXIT, parseCli, runCli, say } from './lib/cli.ts';
import { setting } from '../src/lib/settings.ts';

const cli = parseCli({
  command: 'plan',
  usage: {
    en: `usage: npm run plan -- [--base <git ref>] [--allow] [--max-share 0.1] [--public-key z6Mk…] [--lang ko|en]

Shows, as Markdown, what the next publish changes: new awards, revocations, un-revocations,
awards no longer published (with the reason), deleted and erased ones, changed records, withheld awards.
  --base REF        compare with the ledger and content at this git ref (default: HEAD, what is committed; e.g. origin/main)
  --max-share N     more than this share of published awards changing is dangerous (default 0.1)
  --public-key KEY  the signing key the next publish uses (default: from EMBLEM_SIGNING_KEY[_FILE])
  --allow           exit 0 even when a change is dangerous
Exit: 0 safe (or --allow), 1 failure, 2 usage error or a dangerous change.`,
    ko: `사용법: npm run plan -- [--base <git ref>] [--allow] [--max-share 0.1] [--public-key z6Mk…] [--lang ko|en]

다음 게시가 바꾸는 내용을 Markdown으로 보여 줍니다: 새 수여, 취소, 취소 철회, 게시 중단(사유 포함),
삭제·파기, 바뀐 레코드, 게시하지 않는 수여.
  --base REF        이 git ref의 원장과 콘텐츠와 비교합니다 (기본값: HEAD, 커밋된 내용; 예: origin/main)
  --max-share N     게시된 수여 중 이 비율보다 많이 바뀌면 위험으로 봅니다 (기본값 0.1)
  --public-key KEY  다음 게시의 서명 키 (기본값: EMBLEM_SIGNING_KEY[_FILE]에서)
  --allow           위험한 변경이 있어도 0으로 끝냅니다
종료 코드: 0 안전(또는 --allow), 1 실패, 2 사용법 오류 또는 위험한 변경.`,
  },
  options: {
    base: { type: 'string' },
    allow: { type: 'boolean', default: false },
    'max-share': { type: 'string' },
    'public-key': { type: 'string' },
  },
});
// What the work needs loads only now: --help and usage errors answer without it.
const { buildMoment, contentDirSetting } = await import('../src/lib/build-settings.ts');
const { loadContent } = await import('../src/lib/content/content-files.ts');
const { reconcileWithContent } = await import('../src/lib/lifecycle/content-ledger.ts');
const { readLedger } = await import('../src/lib/lifecycle/ledger-files.ts');
const { computePlan, planMarkdown, redactPersonal } = await import('../src/lib/lifecycle/plan.ts');
const { buildSiteModel } = await import('../src/lib/site-model.ts');

/** The git work tree's top folder that holds `contentDir`, or undefined when it is not in one. */
function gitTop(contentDir: string): string | undefined {
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: contentDir, encoding: 'utf8' });
  if (top.error || top.status !== 0) return undefined;
  const head = spawnSync('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: contentDir, encoding: 'utf8' });
  return head.status === 0 ? top.stdout.trim() : undefined;
}

/** The content folder as it was at a git ref, extracted into a temporary folder. */
function contentAt(ref: string, contentDir: string, root: string): { dir: string; cleanup: () => void } {
  // The content folder may be the repository itself: git's pathspec for it is ".", not "".
  const relative = path.relative(root, path.resolve(contentDir)) || '.';
  const archive = spawnSync('git', ['archive', '--format=tar', ref, '--', relative], { cwd: root, maxBuffer: 2 ** 31 });
  if (archive.status !== 0)
    throw new CliError(`git archive ${ref} -- ${relative}: ${archive.stderr.toString().trim()}`, EXIT.usage);
  const dir = mkdtempSync(path.join(tmpdir(), 'emblem-plan-'));
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout, maxBuffer: 2 ** 31 });
  if (untar.status !== 0) throw new CliError(`cannot unpack ${ref}: ${untar.stderr.toString().trim()}`);
  return { dir: path.join(dir, relative), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function signingPublicKey(): string | undefined {
  const fromJson = (text: string) => {
    try {
      return (JSON.parse(text) as { publicKeyMultibase?: string }).publicKeyMultibase;
    } catch {
      return undefined;
    }
  };
  const keyJson = setting('EMBLEM_SIGNING_KEY');
  if (keyJson) return fromJson(keyJson);
  const file = setting('EMBLEM_SIGNING_KEY_FILE');
  return file && existsSync(file) ? fromJson(readFileSync(file, 'utf8')) : undefined;
}

await runCli(() => {
  const { values, lang } = cli;
  const maxShare = values['max-share'] === undefined ? 0.1 : Number(values['max-share']);
  if (!(maxShare >= 0 && maxShare <= 1))
    return cli.usageError({
      en: `--max-share must be a number from 0 to 1, not ${values['max-share']}`,
      ko: `--max-share는 0에서 1 사이의 수여야 합니다(${values['max-share']})`,
    });
  const contentDir = contentDirSetting();
  const now = buildMoment();
  const current = readLedger(contentDir);
  const content = loadContent(contentDir, contentDir);
  const model = buildSiteModel(content, now);
  let before: Ledger = current.ledger;
  let beforeContent: Content | undefined;
  let baseLabel = 'the ledger file (the content is not in git)';
  // By default against what is committed (HEAD): a development build in between, which updates the ledger
  // file, changes nothing in the answer.
  const root = gitTop(contentDir);
  if (values.base && !root)
    throw new CliError(`--base needs ${contentDir} to be in a git repository with a commit.`, EXIT.usage);
  const ref = values.base ?? (root ? 'HEAD' : undefined);
  if (ref && root) {
    const base = contentAt(ref, contentDir, root);
    try {
      before = readLedger(base.dir).ledger;
      beforeContent = existsSync(path.join(base.dir, 'issuer.yaml')) ? loadContent(base.dir, base.dir) : undefined;
    } finally {
      base.cleanup();
    }
    baseLabel = `\`${ref}\``;
  }
  const { ledger: after, problems } = reconcileWithContent(current.ledger, content, now, model);
  const plan = computePlan({
    before,
    beforeContent,
    after,
    content,
    model,
    problems: [...current.problems.map((p) => ({ ...p, message: `ledger line ${p.line}: ${p.message}` })), ...problems],
    publicKey: values['public-key'] ?? signingPublicKey() ?? current.ledger.publicKey,
    maxShare,
  });
  // The plan goes into pull requests and CI logs: no earner's name or address, even inside a typed reason.
  process.stdout.write(
    redactPersonal(planMarkdown(plan, baseLabel), [...content.awards, ...(beforeContent?.awards ?? [])]),
  );
  if (plan.dangers.length && !values.allow) {
    console.error(
      say(lang, {
        en: 'Dangerous changes (see above): review them, then pass --allow.',
        ko: '위험한 변경이 있습니다(위 참조). 검토한 뒤 --allow를 붙이세요.',
      }),
    );
    return EXIT.usage;
  }
  return EXIT.ok;
});
