/**
 * npm run claims:apply -- <submissions.csv|.json|.jsonl|claim email .eml|.txt>… [--write] [--lang ko|en]
 *
 * Checks collected claim submissions (token, award, state) and sets
 * `claim: accepted` and the chosen `visibility` on the award records. Dry run
 * unless --write; with --write every changed file is written to a temporary
 * file first and only then renamed into place.
 *
 * Exit codes: 0 every submission applied (or would be), 1 some were refused
 * or a file could not be read/written, 2 usage error or no claim secret.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SubmissionRecord } from '../src/lib/claims/apply-claims.ts';
import type { Content } from '../src/lib/content/content-model.ts';
import { CliError, CONTENT_OPTION, EXIT, fill, type Messages, parseCli, runCli } from './lib/cli.ts';

const messages: Messages<
  | 'help'
  | 'publish'
  | 'private'
  | 'madePrivate'
  | 'nameRequest'
  | 'refused'
  | 'dryRun'
  | 'written'
  | 'nothing'
  | 'problem.malformed'
  | 'problem.bad-token'
  | 'problem.unknown-award'
  | 'problem.already-claimed'
  | 'problem.not-claimable'
  | 'problem.not-claimed'
  | 'problem.duplicate'
  | 'alreadyDone'
  | 'repeats'
  | 'superseded'
  | 'visibility.public'
  | 'visibility.private'
> = {
  en: {
    help: `usage: npm run claims:apply -- <submissions.csv|.json|.jsonl|.eml|.txt>… [--write] [--lang ko|en]

Checks claim submissions collected by the claim endpoint or by email, and
accepts the valid ones: sets "claim: accepted" and the chosen visibility in the
award records. A claim sent by email can be given as the saved message (.eml)
or its text (.txt). A forged or altered token, an unknown award or an award that is
already claimed otherwise is reported and changes nothing. A claim the award
records already carry (a re-run on an inbox applied before) is counted as
already done: the command can run on the same, growing inbox every day.

  --write        apply the changes (default: dry run, only report)
  --content DIR  content folder (default: EMBLEM_CONTENT_DIR or ./content)
  --ids-only     name no earner in the output, award ids only (for logs others read, e.g. CI)
  --lang ko|en   language of the messages

Needs EMBLEM_CLAIM_SECRET (in development a local test secret is used).
Exit codes: 0 all applied (or already applied), 1 some refused or a file error, 2 usage error.`,
    publish: 'will be published: {name} — {badge} ({id}) at /{path}   [{source}]',
    private: 'accepted, stays private: {name} — {badge} ({id})   [{source}]',
    madePrivate: 'made private (manage link): {name} — {badge} ({id}); its page goes at the next build   [{source}]',
    nameRequest:
      'name correction asked for (manage link): {id}; not applied here: review it and run the "Staff: correct a name" workflow (claim.yml starts it)   [{source}]',
    refused: 'refused: {source}{id}: {problem}',
    dryRun: 'Dry run: nothing was changed. Run again with --write to apply {count} claim(s).',
    written: 'Updated {files} file(s): {count} claim(s) applied. Rebuild the site to publish.',
    nothing: 'No claim to apply.',
    'problem.malformed': 'missing or invalid field "{field}"',
    'problem.bad-token': 'the token does not match (forged or altered link); nothing changed',
    'problem.unknown-award': 'no such award; nothing changed',
    'problem.already-claimed':
      'the award is already claimed as {current}; this later claim asks otherwise and changes nothing (to change it, edit the award record)',
    'problem.not-claimable': 'the award was revoked; nothing changed',
    'problem.not-claimed':
      'a manage request for an award not claimed yet (the claim link comes first); nothing changed',
    'problem.duplicate': 'superseded by a later submission for the same award',
    alreadyDone: '{count} claim(s) already applied earlier: nothing to do for them.',
    repeats: '{count} repeated submission(s) of a claim already counted were ignored.',
    superseded: '{count} earlier submission(s) were replaced by a later choice for the same award.',
    'visibility.public': 'public',
    'visibility.private': 'private',
  },
  ko: {
    help: `사용법: npm run claims:apply -- <제출 파일.csv|.json|.jsonl|.eml|.txt>… [--write] [--lang ko|en]

수령 페이지나 이메일로 모은 배지 수령 신청을 확인하고, 올바른 신청은 배지
기록에 "claim: accepted"와 선택한 공개 여부를 적습니다. 위조되거나 바뀐 토큰,
없는 배지, 이미 다르게 수령한 배지는 보고만 하고 아무것도 바꾸지 않습니다.
배지 기록에 이미 반영된 신청(전에 적용한 신청 파일을 다시 실행한 경우)은 이미
처리된 것으로 세므로, 계속 늘어나는 같은 신청 파일에 매일 실행해도 됩니다.

  --write        변경 내용을 적용합니다 (기본: 보고만 하는 시험 실행)
  --content DIR  콘텐츠 폴더 (기본: EMBLEM_CONTENT_DIR 또는 ./content)
  --ids-only     출력에 취득자 이름을 쓰지 않고 수여 id만 씁니다 (CI처럼 남이 보는 로그용)
  --lang ko|en   메시지 언어

EMBLEM_CLAIM_SECRET이 필요합니다(개발 환경에서는 로컬 시험용 비밀값을 씁니다).
종료 코드: 0 모두 적용(또는 이미 적용됨), 1 일부 거부 또는 파일 오류, 2 사용법 오류.`,
    publish: '공개 예정: {name} — {badge} ({id}), 주소 /{path}   [{source}]',
    private: '수령, 비공개 유지: {name} — {badge} ({id})   [{source}]',
    madePrivate: '비공개로 변경(관리 링크): {name} — {badge} ({id}), 다음 빌드에서 페이지가 내려갑니다   [{source}]',
    nameRequest:
      '이름 정정 요청(관리 링크): {id}. 여기서는 적용하지 않습니다: 검토한 뒤 "Staff: correct a name" 워크플로를 실행하세요(claim.yml이 시작합니다)   [{source}]',
    refused: '거부: {source}{id}: {problem}',
    dryRun: '시험 실행: 아무것도 바꾸지 않았습니다. {count}건을 적용하려면 --write를 붙여 다시 실행하세요.',
    written: '파일 {files}개를 고쳤습니다: {count}건 적용. 사이트를 다시 빌드하면 공개됩니다.',
    nothing: '적용할 수령 신청이 없습니다.',
    'problem.malformed': '"{field}" 항목이 없거나 올바르지 않습니다',
    'problem.bad-token': '토큰이 맞지 않습니다(위조되거나 바뀐 링크). 바꾼 것이 없습니다',
    'problem.unknown-award': '해당 배지가 없습니다. 바꾼 것이 없습니다',
    'problem.already-claimed':
      '이미 {current}(으)로 수령한 배지인데 이 나중 신청은 다르게 요청합니다. 바꾼 것이 없습니다(바꾸려면 배지 기록을 고치세요)',
    'problem.not-claimable': '취소된 배지입니다. 바꾼 것이 없습니다',
    'problem.not-claimed': '아직 받지 않은 배지에 대한 관리 요청입니다(받기 링크가 먼저입니다). 바꾼 것이 없습니다',
    'problem.duplicate': '같은 배지에 대한 나중 신청으로 대체되었습니다',
    alreadyDone: '{count}건은 이미 적용된 신청입니다. 할 일이 없습니다.',
    repeats: '이미 센 신청과 똑같은 반복 제출 {count}건은 무시했습니다.',
    superseded: '앞선 제출 {count}건은 같은 배지에 대한 나중 선택으로 대체되었습니다.',
    'visibility.public': '공개',
    'visibility.private': '비공개',
  },
};

const cli = parseCli({
  command: 'claims:apply',
  write: true,
  positionals: {
    min: 1,
    max: Infinity,
    name: {
      en: 'submissions file (.csv, .json, .jsonl, .eml or .txt)',
      ko: '제출 파일(.csv, .json, .jsonl, .eml, .txt)',
    },
  },
  usage: { en: messages.en.help, ko: messages.ko.help },
  options: { ...CONTENT_OPTION, 'ids-only': { type: 'boolean' } },
});

async function main(): Promise<number> {
  const { values, positionals } = cli;
  const m = messages[cli.lang];
  const { simpleParser } = await import('mailparser');
  const { contentDirSetting } = await import('../src/lib/build-settings.ts');
  const { editJsonAwards, editsByFile, editYamlAwards, planClaims, planFailed } = await import(
    '../src/lib/claims/apply-claims.ts'
  );
  const { readSubmissionRecords, SubmissionFileError } = await import('../src/lib/claims/submission-files.ts');
  const { loadContent } = await import('../src/lib/content/content-files.ts');
  const { ContentError } = await import('../src/lib/content/content-model.ts');
  const { sitePaths } = await import('../src/lib/site-urls.ts');
  const { ClaimSecretError, loadClaimSecret } = await import('./lib/claim-secret.ts');
  const root = process.cwd();
  const contentDir = values.content ? path.resolve(values.content) : contentDirSetting();
  let secret: string;
  try {
    secret = loadClaimSecret();
  } catch (error) {
    if (error instanceof ClaimSecretError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
  let records: SubmissionRecord[];
  let content: Content;
  try {
    records = [];
    for (const file of positionals) {
      const label = path.relative(root, path.resolve(file)) || file;
      // A saved claim email: its decoded text part (quoted-printable, base64, charsets) holds the fields.
      const text = file.toLowerCase().endsWith('.eml')
        ? ((await simpleParser(readFileSync(file))).text ?? '')
        : readFileSync(file, 'utf8');
      // One at a time: spreading a file's records into push() overflows the stack on a large inbox.
      for (const record of readSubmissionRecords(text, label)) records.push(record);
    }
    content = loadContent(contentDir, root);
  } catch (error) {
    if (
      error instanceof SubmissionFileError ||
      error instanceof ContentError ||
      (error as NodeJS.ErrnoException).code === 'ENOENT'
    ) {
      console.error((error as Error).message);
      return 1;
    }
    throw error;
  }
  const plan = planClaims(records, content.awards, content.sources, secret);
  const badgeName = (id: string) => {
    const entry = content.badgeClasses.find((b) => b.id === id);
    return entry?.name[content.issuer.defaultLocale] ?? id;
  };
  for (const claim of plan.accepted) {
    const vars = {
      name: values['ids-only'] ? '[name]' : claim.recipientName,
      badge: badgeName(claim.badge),
      id: claim.awardId,
      path: sitePaths.awardPage(claim.awardId),
      source: claim.source,
    };
    const line = claim.visibility === 'public' ? m.publish : claim.manage ? m.madePrivate : m.private;
    console.log(fill(line, vars));
  }
  // Ids only: the requested name stays in the submission file (the output lands in CI logs).
  for (const request of plan.nameRequests)
    console.log(fill(m.nameRequest, { id: request.awardId, source: request.source }));
  let superseded = 0;
  for (const refusal of plan.refused) {
    if (refusal.problem === 'duplicate') {
      superseded += 1;
      continue;
    }
    const current = refusal.current ? m[`visibility.${refusal.current}`] : '';
    const problem = fill(m[`problem.${refusal.problem}`], { field: refusal.field ?? '', current });
    console.log(
      fill(m.refused, { source: refusal.source, id: refusal.awardId ? ` (${refusal.awardId})` : '', problem }),
    );
  }
  if (plan.alreadyDone.length) console.log(fill(m.alreadyDone, { count: plan.alreadyDone.length }));
  if (superseded) console.log(fill(m.superseded, { count: superseded }));
  if (plan.repeats) console.log(fill(m.repeats, { count: plan.repeats }));
  const status = planFailed(plan) ? 1 : 0;
  if (!plan.accepted.length) {
    console.log(m.nothing);
    return status;
  }
  if (!cli.write) {
    console.log(fill(m.dryRun, { count: plan.accepted.length }));
    return status;
  }
  // The applied-claims record (content/state/applied-claims.jsonl, committed with the content): ids only.
  const { APPLIED_CLAIMS_FILE, appliedClaimLine, appliedClaimProblem } = await import(
    '../src/lib/state/applied-claims.ts'
  );
  const { logAppender, readLogFile } = await import('../src/lib/state/log-files.ts');
  const recordFile = path.join(contentDir, APPLIED_CLAIMS_FILE);
  const record = readLogFile(recordFile, appliedClaimProblem);
  const broken = record.problems[0];
  if (broken)
    throw new CliError(
      `${path.relative(root, recordFile)}:${broken.line}: ${broken.message}; nothing was changed: restore it from git.`,
    );
  // Every new file text is computed and written to a temporary file before
  // any real file changes: a failure leaves the content as it was.
  const staged: { file: string; temp: string }[] = [];
  try {
    for (const [label, edits] of editsByFile(plan.accepted)) {
      const file = path.resolve(root, label);
      const text = readFileSync(file, 'utf8');
      const edited = file.toLowerCase().endsWith('.json') ? editJsonAwards(text, edits) : editYamlAwards(text, edits);
      if (edited.missing.length)
        throw new Error(`${label}: award(s) ${edited.missing.join(', ')} not found in the file`);
      const temp = `${file}.claims-${process.pid}.tmp`;
      writeFileSync(temp, edited.text);
      staged.push({ file, temp });
    }
  } catch (error) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw new CliError((error as Error).message);
  }
  for (const s of staged) renameSync(s.temp, s.file);
  const at = new Date().toISOString();
  logAppender(recordFile, record)(plan.accepted.map((claim) => appliedClaimLine(claim, at)));
  console.log(fill(m.written, { files: staged.length, count: plan.accepted.length }));
  return status;
}

await runCli(main);
