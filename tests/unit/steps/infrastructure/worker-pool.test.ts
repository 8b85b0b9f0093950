/**
 * The worker pool's progress: a long task (a card batch can be a quarter of
 * all the cards) must move the progress line as its items finish, not only
 * when the whole task returns.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runOnWorkers } from '../../../../src/steps/infrastructure/worker-pool.ts';

const COUNT_WORKER = new URL('../../../fixtures/workers/count-worker.ts', import.meta.url);

test('items reported inside a task reach onProgress before the task is done; results keep task order', async () => {
  const events: string[] = [];
  const results = await runOnWorkers<number, number>(COUNT_WORKER, [4, 2, 3], {
    workers: 1,
    onProgress: (items) => events.push(`progress ${items}`),
    onTaskDone: (i) => events.push(`done ${i}`),
  });
  assert.deepEqual(results, [40, 20, 30]);
  assert.equal(events.filter((e) => e.startsWith('progress')).length, 9, 'one report per item');
  // One worker takes the tasks in order: each task's items come before its completion.
  assert.deepEqual(events.slice(0, 5), ['progress 1', 'progress 1', 'progress 1', 'progress 1', 'done 0']);
});
