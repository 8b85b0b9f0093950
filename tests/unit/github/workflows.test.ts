/**
 * The staff workflows (.github/workflows/staff-*.yml), the plan guard on pull
 * requests (plan-guard.yml) and notify.yml: their shape, and two replays of
 * their steps on a real git repository with the real commands: the plan guard
 * fails a change that un-revokes, and a revoke run opens a pull request whose
 * title and description hold award ids but no name or email. `gh` (the GitHub
 * API) is the one stand-in: a script that records what it was asked.
 * (workflow.test.ts runs actionlint over every workflow, these included.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { loadContent } from '../../../src/lib/content/content-files.ts';
import { committedFixture, gitIn, id, lifecycleTempDir } from '../../helpers/lifecycle.ts';
import { FIXTURE_NOW, fixtureContent, projectRoot } from '../../helpers/site-build.ts';

type Step = {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
};
type Workflow = {
  on: Record<string, any>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, { steps: Step[] }>;
};
const workflowsDir = path.join(projectRoot, '.github/workflows');
const workflow = (file: string) => parse(readFileSync(path.join(workflowsDir, file), 'utf8')) as Workflow;
const stepsOf = (file: string) => Object.values(workflow(file).jobs)[0]!.steps;
const STAFF = [
  'staff-revoke.yml',
  'staff-unrevoke.yml',
  'staff-erase.yml',
  'staff-correct-name.yml',
  'staff-import.yml',
];

/** A step's env with the form's inputs and the runner's values filled in, as Actions would. */
function envOf(step: Step, inputs: Record<string, string>, runnerTemp: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(step.env ?? {}))
    env[key] = value
      .replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_, name: string) => inputs[name] ?? '')
      .replace(/\$\{\{ runner\.temp \}\}/g, runnerTemp)
      .replace(/\$\{\{ steps\.ids\.outputs\.count \}\}/g, inputs.count ?? '')
      .replace(/\$\{\{ secrets\.EMBLEM_OPS_TOKEN == '' && 'yes' \|\| '' \}\}/g, 'yes')
      .replace(/\$\{\{[^}]*\}\}/g, 'x');
  return env;
}

/** A git repository laid out like the content repository: the fixture content, and the project's code linked in. */
function contentRepository(tempDir: string, name: string) {
  const { repo, content } = committedFixture(tempDir, name);
  for (const entry of ['package.json', 'scripts', 'src', 'public', 'node_modules', '.github'])
    symlinkSync(path.join(projectRoot, entry), path.join(repo, entry));
  writeFileSync(path.join(repo, '.git/info/exclude'), 'package.json\nscripts\nsrc\npublic\nnode_modules\n.github\n');
  // origin: a bare repository holding main, as GitHub does.
  const origin = path.join(tempDir, `${name}-origin.git`);
  gitIn(tempDir, 'init', '-q', '--bare', origin);
  gitIn(repo, 'remote', 'add', 'origin', origin);
  gitIn(repo, 'push', '-q', 'origin', 'HEAD:main');
  gitIn(repo, 'fetch', '-q', 'origin');
  return { repo, content, origin };
}

function bash(script: string, cwd: string, env: Record<string, string>) {
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      EMBLEM_NOW: FIXTURE_NOW,
      EMBLEM_CONTENT_DIR: '',
      GIT_AUTHOR_NAME: 'github-actions[bot]',
      GIT_AUTHOR_EMAIL: 'bot@example.org',
      GIT_COMMITTER_NAME: 'github-actions[bot]',
      GIT_COMMITTER_EMAIL: 'bot@example.org',
      ...env,
    },
  });
  return { status: result.status, output: result.stdout + result.stderr, stdout: result.stdout };
}

describe('staff workflows', () => {
  const tempDir = lifecycleTempDir();

  test('each is a form (workflow_dispatch) that opens a pull request, one content run at a time', () => {
    for (const file of STAFF) {
      const w = workflow(file);
      assert.deepEqual(Object.keys(w.on), ['workflow_dispatch'], file);
      assert.deepEqual(w.concurrency, { group: 'emblem-content', 'cancel-in-progress': false }, file);
      assert.equal(w.permissions?.['pull-requests'], 'write', file);
      const open = stepsOf(file).find((s) => s.run === '.github/scripts/staff-pr.sh open');
      assert.ok(open, `${file} opens its pull request with staff-pr.sh`);
      assert.doesNotMatch(open.env!.TITLE!, /inputs\.(name|reason|path|branch)/, `${file}: no free text in the title`);
      // npm's banner echoes a command's arguments (a corrected name among them) into the log.
      for (const step of stepsOf(file))
        assert.doesNotMatch(step.run ?? '', /npm run (?!--silent)/, `${file} › ${step.name}: npm run --silent`);
    }
    assert.deepEqual(workflow('notify.yml').concurrency, { group: 'emblem-content', 'cancel-in-progress': false });
    const guard = workflow('plan-guard.yml');
    assert.ok(guard.on.pull_request.types.includes('labeled'), 'the reviewed label re-runs the guard');
    assert.ok('workflow_dispatch' in guard.on, 'staff-pr.sh can start it on a branch');
  });

  test('no form input is pasted into a shell script (script injection): inputs reach run steps through env', () => {
    for (const file of readdirSync(workflowsDir).filter((f) => f.endsWith('.yml')))
      for (const step of Object.values(workflow(file).jobs).flatMap((j) => j.steps))
        assert.doesNotMatch(step.run ?? '', /\$\{\{\s*(inputs|github\.event)\./, `${file} › ${step.name ?? step.run}`);
  });

  test('the name correction masks the name before anything else runs', () => {
    const [first] = stepsOf('staff-correct-name.yml');
    assert.match(first!.run!, /::add-mask::/);
  });

  test('the award-id check refuses a name or an email without printing it', () => {
    const script = path.join(projectRoot, '.github/scripts/staff-pr.sh');
    const idsFile = path.join(tempDir, 'ids.txt');
    const ok = bash(`${script} ids`, tempDir, {
      AWARDS: `${id(1)}, ${id(4).toUpperCase()}\n${id(5)}`,
      IDS_FILE: idsFile,
    });
    assert.equal(ok.status, 0, ok.output);
    assert.equal(ok.stdout, 'count=3\n');
    assert.equal(readFileSync(idsFile, 'utf8'), `${id(1)}\n${id(4)}\n${id(5)}\n`);
    const bad = bash(`${script} ids`, tempDir, {
      AWARDS: `${id(1)} fixture.valid@mail.example.com`,
      IDS_FILE: idsFile,
    });
    assert.equal(bad.status, 2);
    assert.match(bad.output, /item 2 of the awards field is not an award id/);
    assert.doesNotMatch(bad.output, /fixture\.valid/);
  });

  test('the plan guard, run as plan-guard.yml runs it, fails a pull request that un-revokes', () => {
    const { repo } = contentRepository(tempDir, 'guard');
    const step = stepsOf('plan-guard.yml').find((s) => s.name === 'Plan guard')!;
    const summary = path.join(tempDir, 'guard-summary.md');
    const env = { ...envOf(step, {}, tempDir), BASE: 'main', ALLOW: '', GITHUB_STEP_SUMMARY: summary };
    // The pull request's change: the recorded, legitimate way to un-revoke.
    const unrevoke = bash(`node scripts/unrevoke.ts ${id(4)} --reason "Appeal upheld" --write`, repo, {
      PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
    });
    assert.equal(unrevoke.status, 0, unrevoke.output);
    const guard = bash(step.run!, repo, env);
    assert.equal(guard.status, 2, guard.output);
    assert.match(readFileSync(summary, 'utf8'), /Dangerous changes[\s\S]*1 un-revocation/);
    assert.match(guard.output, new RegExp(`Un-revocations \\(1\\)[\\s\\S]*${id(4)}\`: Appeal upheld`));
  });

  test('a revoke run, replayed step by step: the content change goes to a pull request whose description is the plan, without personal data', () => {
    const { repo, origin } = contentRepository(tempDir, 'revoke');
    const runnerTemp = path.join(tempDir, 'runner-temp');
    mkdirSync(runnerTemp, { recursive: true });
    // gh: records its arguments and the description it was given.
    const bin = path.join(tempDir, 'bin');
    mkdirSync(bin, { recursive: true });
    const calls = path.join(tempDir, 'gh-calls.txt');
    writeFileSync(
      path.join(bin, 'gh'),
      `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >> ${JSON.stringify(calls)}\n` +
        `while [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cp "$2" ${JSON.stringify(path.join(tempDir, 'pr-body.md'))}; fi; shift; done\n`,
    );
    chmodSync(path.join(bin, 'gh'), 0o755);
    const names = loadContent(fixtureContent).awards.map((a) => a.recipient.name);
    const inputs = {
      awards: `${id(1)} ${id(13)}`,
      // Staff typed an earner's name into the reason: it is public in the credential, but stays out of the PR.
      reason: `Certificate obtained by impersonation (${names[0]})`,
      effective: '',
      count: '2',
    };
    const env = { PATH: `${bin}:${process.env.PATH}`, RUNNER_TEMP: runnerTemp };
    for (const step of stepsOf('staff-revoke.yml')) {
      if (!step.run || step.name === 'Commit as the workflow' || step.run.startsWith('npm ci')) continue;
      const run = bash(step.run.replace('>> "$GITHUB_OUTPUT"', ''), repo, {
        ...envOf(step, inputs, runnerTemp),
        ...env,
      });
      assert.equal(run.status, 0, `${step.name}: ${run.output}`);
    }
    const [create, dispatch] = readFileSync(calls, 'utf8').trim().split('\n');
    assert.match(create!, /^pr create --base main --head staff\/revoke-x --title Revoke 2 award\(s\) --body-file /);
    assert.equal(dispatch, 'workflow run plan-guard.yml --ref staff/revoke-x');
    const body = readFileSync(path.join(tempDir, 'pr-body.md'), 'utf8');
    assert.match(body, /## Publish plan \(against `origin\/main`\)/);
    assert.match(
      body,
      new RegExp(`Revocations \\(2\\)[\\s\\S]*${id(1)}\`: Certificate obtained by impersonation \\(\\[name\\]\\)`),
    );
    for (const name of names) assert.ok(!body.includes(name), `no recipient name in the description (${name})`);
    assert.doesNotMatch(body + create, /@mail\.example\.com/);
    // The branch reached origin with the revocation in the award file and the ledger.
    const show = spawnSync('git', ['--git-dir', origin, 'show', '--stat', 'staff/revoke-x'], { encoding: 'utf8' });
    assert.match(show.stdout, /Revoke 2 award\(s\)/);
    assert.match(show.stdout, /content\/awards\/fixture-awards\.yaml/);
    assert.match(show.stdout, /content\/ledger\.jsonl/);
  });
});
