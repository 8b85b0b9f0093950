/**
 * npm run preview:comment -- --build-log FILE --build-status success|failure [options]
 *
 * The pull-request preview's comment (Markdown, Korean then English) on
 * standard output: the build's result, where the preview is, what changed
 * (the changed files and `npm run plan`'s report) and what is wrong, as
 * file › line › what to do (src/lib/preview/preview-comment.ts). Run by
 * .github/workflows/preview.yml; it only reads files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { CliError, parseCli, runCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'preview:comment',
  usage: {
    en: `usage: npm run preview:comment -- --build-log FILE --build-status success|failure [--changed FILE]
       [--plan-ko FILE --plan-en FILE] [--run-url URL] [--preview-url URL] [--artifact NAME] [--lang ko|en]

Prints the pull-request comment of a preview build (Markdown, in Korean and English).
  --build-log FILE      what npm run build printed (stdout and stderr)
  --build-status S      success or failure (the build step's outcome)
  --changed FILE        the files the pull request changes, one per line (git diff --name-only)
  --plan-ko/--plan-en   npm run plan's report in Korean and in English
  --run-url URL         the workflow run, where the built site is an artifact
  --preview-url URL     the host's preview address, when there is one
  --artifact NAME       the artifact's name (default preview-site)
The page checks run again in both languages on the content folder (EMBLEM_CONTENT_DIR or ./content).
Exit: 0 printed, 1 a file is missing, 2 usage error.`,
    ko: `사용법: npm run preview:comment -- --build-log 파일 --build-status success|failure [--changed 파일]
       [--plan-ko 파일 --plan-en 파일] [--run-url URL] [--preview-url URL] [--artifact 이름] [--lang ko|en]

미리 보기 빌드의 pull request 댓글을 출력합니다 (Markdown, 한국어와 영어).
  --build-log 파일      npm run build의 출력 (stdout과 stderr)
  --build-status S      success 또는 failure (빌드 단계의 결과)
  --changed 파일        pull request가 바꾸는 파일, 한 줄에 하나 (git diff --name-only)
  --plan-ko/--plan-en   npm run plan의 보고서 (한국어, 영어)
  --run-url URL         빌드된 사이트가 artifact로 있는 워크플로 실행
  --preview-url URL     호스트의 미리 보기 주소 (있을 때)
  --artifact 이름       artifact 이름 (기본값 preview-site)
콘텐츠 폴더(EMBLEM_CONTENT_DIR 또는 ./content)의 페이지 검사를 두 언어로 다시 실행합니다.
종료 코드: 0 출력함, 1 파일이 없음, 2 사용법 오류.`,
  },
  options: {
    'build-log': { type: 'string' },
    'build-status': { type: 'string' },
    changed: { type: 'string' },
    'plan-ko': { type: 'string' },
    'plan-en': { type: 'string' },
    'run-url': { type: 'string' },
    'preview-url': { type: 'string' },
    artifact: { type: 'string', default: 'preview-site' },
  },
});

await runCli(async () => {
  const { values } = cli;
  if (!values['build-log'] || !values['build-status'])
    return cli.usageError({
      en: '--build-log and --build-status are required',
      ko: '--build-log와 --build-status가 필요합니다',
    });
  const status = cli.oneOf('--build-status', values['build-status'], ['success', 'failure']);
  const read = (file: string) => {
    if (!existsSync(file)) throw new CliError(`${file} does not exist`);
    return readFileSync(file, 'utf8');
  };
  const { contentDirSetting } = await import('../src/lib/build-settings.ts');
  const { pageCheckProblems } = await import('../src/lib/content/page-files.ts');
  const { previewComment, problemsOf } = await import('../src/lib/preview/preview-comment.ts');
  const contentDir = contentDirSetting();
  process.stdout.write(
    previewComment({
      buildOk: status === 'success',
      buildLog: read(values['build-log']),
      changedFiles: values.changed
        ? read(values.changed)
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
        : [],
      plan:
        values['plan-ko'] && values['plan-en']
          ? { ko: read(values['plan-ko']), en: read(values['plan-en']) }
          : undefined,
      pageProblems: {
        ko: problemsOf(pageCheckProblems(contentDir, process.cwd(), 'ko')),
        en: problemsOf(pageCheckProblems(contentDir, process.cwd(), 'en')),
      },
      runUrl: values['run-url'],
      previewUrl: values['preview-url'],
      artifact: values.artifact!,
    }),
  );
});
