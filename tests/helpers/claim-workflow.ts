/**
 * Replays .github/workflows/claim.yml's apply step for a dispatched claim,
 * as Actions would run it: in a git clone laid out like the content
 * repository (content/, the project's code linked in, `origin` a bare
 * repository holding main), with the dispatch's client_payload in its env.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { gitIn } from './lifecycle.ts';
import { FIXTURE_NOW, projectRoot } from './site-build.ts';

type Step = { id?: string; run?: string; env?: Record<string, string> };

/** The content of `contentDir` (what `filter` keeps) committed in `<dir>/repo/content`, pushed to `<dir>/origin.git`. */
export function claimContentRepository(dir: string, contentDir: string, filter: (source: string) => boolean) {
  const repo = path.join(dir, 'repo');
  const origin = path.join(dir, 'origin.git');
  mkdirSync(repo, { recursive: true });
  cpSync(contentDir, path.join(repo, 'content'), { recursive: true, filter });
  for (const entry of ['package.json', 'scripts', 'src', 'public', 'node_modules'])
    symlinkSync(path.join(projectRoot, entry), path.join(repo, entry));
  gitIn(repo, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(repo, '.git/info/exclude'), 'package.json\nscripts\nsrc\npublic\nnode_modules\n');
  gitIn(repo, 'add', '-A');
  gitIn(repo, 'commit', '-qm', 'published');
  gitIn(dir, 'init', '-q', '--bare', origin);
  gitIn(repo, 'remote', 'add', 'origin', origin);
  gitIn(repo, 'push', '-q', 'origin', 'HEAD:main');
  return { repo, origin, content: path.join(repo, 'content') };
}

/** Runs the apply step for one dispatch; `changed`: the step asked for a publish. */
export function replayClaimDispatch(repo: string, submission: Record<string, string>, secret: string) {
  const workflow = parse(readFileSync(path.join(projectRoot, '.github/workflows/claim.yml'), 'utf8')) as {
    jobs: { apply: { steps: Step[] } };
  };
  const step = workflow.jobs.apply.steps.find((s) => s.id === 'apply')!;
  const runnerTemp = path.join(repo, '..', 'runner-temp');
  mkdirSync(runnerTemp, { recursive: true });
  const output = path.join(runnerTemp, 'github-output');
  writeFileSync(output, '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
    cwd: repo,
    encoding: 'utf8',
    env: {
      ...process.env,
      EMBLEM_NOW: FIXTURE_NOW,
      EMBLEM_CONTENT_DIR: '',
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: output,
      // toJSON(github.event.client_payload.submission) prints it indented over several lines.
      SUBMISSION: JSON.stringify(submission, null, 2),
      AWARD: submission.award ?? '',
      EMBLEM_CLAIM_SECRET: secret,
      GIT_AUTHOR_NAME: 'github-actions[bot]',
      GIT_AUTHOR_EMAIL: 'bot@example.org',
      GIT_COMMITTER_NAME: 'github-actions[bot]',
      GIT_COMMITTER_EMAIL: 'bot@example.org',
    },
  });
  return {
    status: result.status,
    output: result.stdout + result.stderr,
    changed: /^changed=yes$/m.test(readFileSync(output, 'utf8')),
  };
}

/** The commits on origin's main, newest first (subjects). */
export function originLog(origin: string): string[] {
  const result = spawnSync('git', ['--git-dir', origin, 'log', '--format=%s', 'main'], { encoding: 'utf8' });
  return result.stdout.trim().split('\n');
}
