/**
 * The pull-request preview's comment: Korean first, then English; the build's
 * result, the changed files, the plan, and what is wrong as file › line ›
 * what to do, from the page checks run in each language and from the build's
 * log. The command (npm run preview:comment) is run on a content folder with
 * a defect, as the workflow runs it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  logProblems,
  PREVIEW_COMMENT_MARKER,
  previewComment,
  type PreviewInput,
} from '../../../../src/lib/preview/preview-comment.ts';
import { defectContent, replaceIn } from '../../../helpers/pages-content.ts';
import { projectRoot } from '../../../helpers/site-build.ts';

const FAILED_LOG = `02:20:08 [build] directory: /tmp/x
Build failed; nothing was written.

Content has 2 error(s); nothing was built:
  content/pages/ko/faq.mdx › line 40: <p style="…">: <p>에는 style 속성을 쓸 수 없습니다 (쓸 수 있는 속성: id, class, title, lang, dir)
  content/certifications/cloud.yaml › cloud-fundamentals › name.en: is required
`;

const base: PreviewInput = {
  buildOk: true,
  changedFiles: ['content/pages/ko/faq.mdx', 'content/pages/en/faq.mdx'],
  plan: { ko: '## 게시 계획\n바뀌는 수여가 없습니다.', en: '## Publish plan\nNo award changes.' },
  pageProblems: { ko: [], en: [] },
  buildLog: 'built 120 pages\n',
  runUrl: 'https://github.com/nuritech/badges/actions/runs/1',
  artifact: 'preview-site',
};

describe('preview comment', () => {
  test('problems in a build log: content errors and MDX compile errors, once each', () => {
    const log = `${FAILED_LOG}\u001b[31m[ERROR] content/pages/en/faq.mdx:12: <CertLink id="nope">: no certification with this id\u001b[39m\n${FAILED_LOG}`;
    assert.deepEqual(logProblems(log), [
      {
        file: 'content/pages/ko/faq.mdx',
        where: 'line 40',
        message: '<p style="…">: <p>에는 style 속성을 쓸 수 없습니다 (쓸 수 있는 속성: id, class, title, lang, dir)',
      },
      { file: 'content/certifications/cloud.yaml › cloud-fundamentals', where: 'name.en', message: 'is required' },
      {
        file: 'content/pages/en/faq.mdx',
        where: 'line 12',
        message: '<CertLink id="nope">: no certification with this id',
      },
    ]);
  });

  test('a passing build: Korean first, then English, with the preview, the changed files and the plan', () => {
    const comment = previewComment(base);
    assert.ok(comment.startsWith(PREVIEW_COMMENT_MARKER));
    assert.ok(comment.indexOf('### 한국어') < comment.indexOf('### English'));
    assert.match(comment, /✅ 빌드 성공/);
    assert.match(comment, /✅ The build passed/);
    assert.match(comment, /바뀐 파일 2개:\n- `content\/pages\/ko\/faq\.mdx`/);
    assert.match(comment, /<details><summary>게시하면 바뀌는 것 \(npm run plan\)<\/summary>\n\n## 게시 계획/);
    assert.match(comment, /<details><summary>What publishing changes \(npm run plan\)<\/summary>\n\n## Publish plan/);
    assert.match(comment, /\[the run\]\(https:\/\/github\.com\/nuritech\/badges\/actions\/runs\/1\)/);
    assert.match(comment, /고칠 점이 없습니다\./);
  });

  test('a failed build: each problem as file › where › what to do, page problems in each language', () => {
    const comment = previewComment({
      ...base,
      buildOk: false,
      buildLog: FAILED_LOG,
      pageProblems: {
        ko: [
          {
            file: 'content/pages/ko/faq.mdx',
            where: 'line 40',
            message:
              '<p style="…">: <p>에는 style 속성을 쓸 수 없습니다 (쓸 수 있는 속성: id, class, title, lang, dir)',
          },
        ],
        en: [
          {
            file: 'content/pages/ko/faq.mdx',
            where: 'line 40',
            message:
              '<p style="…">: style is not an attribute <p> may have here (allowed: id, class, title, lang, dir)',
          },
        ],
      },
    });
    const [ko, en] = comment.split('### English');
    assert.match(ko!, /❌ 빌드 실패/);
    assert.match(ko!, /\| `content\/pages\/ko\/faq\.mdx` \| line 40 \| <p style="…">: <p>에는 style 속성을/);
    assert.match(en!, /\| `content\/pages\/ko\/faq\.mdx` \| line 40 \| <p style="…">: style is not an attribute/);
    // The Korean line of the log is the same problem: listed once per language, not again from the log.
    assert.equal(ko!.match(/line 40/g)!.length, 1);
    assert.equal(en!.match(/line 40/g)!.length, 1);
    // Problems only the log names are in both sections.
    assert.match(ko!, /\| `content\/certifications\/cloud\.yaml › cloud-fundamentals` \| name\.en \| is required \|/);
    assert.match(en!, /\| `content\/certifications\/cloud\.yaml › cloud-fundamentals` \| name\.en \| is required \|/);
    assert.doesNotMatch(comment, /Artifacts/, 'no built site to download');
  });

  test('a failed build that names no file shows the end of its log', () => {
    const comment = previewComment({
      ...base,
      buildOk: false,
      buildLog: 'step 1\nstep 2\nENOSPC: no space left on device\n',
    });
    assert.match(comment, /```\nstep 1\nstep 2\nENOSPC: no space left on device\n```/);
  });

  test('npm run preview:comment runs the page checks in both languages on the content folder', () => {
    const contentDir = defectContent('preview-comment', (dir) =>
      replaceIn(
        dir,
        'pages/en/faq.mdx',
        '<Question id="contact"',
        '<p style="color: red">Red</p>\n\n<Question id="contact"',
      ),
    );
    const dir = mkdtempSync(path.join(os.tmpdir(), 'emblem-preview-comment-'));
    writeFileSync(path.join(dir, 'build.log'), 'Build failed; nothing was written.\n');
    writeFileSync(path.join(dir, 'changed.txt'), 'content/pages/en/faq.mdx\n');
    const run = spawnSync(
      process.execPath,
      [
        'scripts/preview-comment.ts',
        '--build-log',
        path.join(dir, 'build.log'),
        '--build-status',
        'failure',
        '--changed',
        path.join(dir, 'changed.txt'),
      ],
      { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, EMBLEM_CONTENT_DIR: contentDir } },
    );
    rmSync(dir, { recursive: true, force: true });
    assert.equal(run.status, 0, run.stderr);
    const [ko, en] = run.stdout.split('### English');
    const file = path.relative(projectRoot, path.join(contentDir, 'pages/en/faq.mdx'));
    assert.match(
      ko!,
      new RegExp(`\\| \`${file}\` \\| line \\d+ \\| <p style="…">: <p>에는 style 속성을 쓸 수 없습니다`),
    );
    assert.match(
      en!,
      new RegExp(`\\| \`${file}\` \\| line \\d+ \\| <p style="…">: style is not an attribute <p> may have`),
    );
    assert.match(run.stdout, /- `content\/pages\/en\/faq\.mdx`/);
  });

  test('usage errors exit 2 with one sentence', () => {
    const run = spawnSync(process.execPath, ['scripts/preview-comment.ts', '--build-status', 'maybe'], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^npm run preview:comment: /);
  });
});
