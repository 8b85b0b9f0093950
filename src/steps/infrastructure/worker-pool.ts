/**
 * A small pool of worker threads for build steps whose work splits into
 * independent tasks (social cards, award pages): Astro renders pages one after
 * another on one core, these steps use every core.
 *
 * Main side: runOnWorkers(url, tasks). Worker side: serveTasks(handler).
 */
import { availableParallelism } from 'node:os';
import { parentPort, type ResourceLimits, Worker } from 'node:worker_threads';

/** A task's failure; a file-system error (a full disk, a folder it may not write) keeps its code and path, without a stack. */
type TaskError = { id: number; error: string; code?: string; path?: string };
type FromWorker<R> = { ready: true } | { id: number; result: R } | TaskError | { id: number; progress: number };

export interface PoolOptions {
  /** Number of threads (default: one per core, at most one per task). */
  workers?: number;
  /** Passed to every worker as `workerData`. */
  workerData?: unknown;
  /** Called as each task finishes (for progress lines). */
  onTaskDone?: (taskIndex: number) => void;
  /** Called when a worker reports items done inside a task (a long task still moves the progress line). */
  onProgress?: (items: number) => void;
  /** Heap limits per worker: a worker that makes much short-lived garbage (parsing) is made to collect it. */
  resourceLimits?: ResourceLimits;
}

/** Items in consecutive batches of `size` (one pool task each). */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/** Below this many files, a whole-output scan runs in the build process: starting threads costs more. */
export const SCAN_IN_PROCESS_BELOW = 1000;
export const SCAN_WORKER = new URL('../checks/scan-worker.ts', import.meta.url);

export function poolSize(taskCount: number, workers?: number): number {
  return Math.max(1, Math.min(workers ?? availableParallelism(), taskCount));
}

/** Runs every task on the pool; results come back in task order. Rejects on the first failure. */
export async function runOnWorkers<T, R>(workerUrl: URL, tasks: readonly T[], options: PoolOptions = {}): Promise<R[]> {
  const results: R[] = new Array(tasks.length);
  if (!tasks.length) return results;
  let next = 0;
  let pending = tasks.length;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker) => {
        if (next < tasks.length) worker.postMessage({ id: next, task: tasks[next++] });
      };
      for (let i = 0; i < poolSize(tasks.length, options.workers); i++) {
        const worker = new Worker(workerUrl, {
          workerData: options.workerData,
          resourceLimits: options.resourceLimits,
        });
        pool.push(worker);
        worker.on('error', reject);
        worker.on(
          'exit',
          (code) => code !== 0 && reject(new Error(`worker ${workerUrl.pathname} stopped with exit code ${code}`)),
        );
        worker.on('message', (message: FromWorker<R>) => {
          if ('error' in message) {
            // A file-system error is the user's to act on (build.ts names the disk): passed on as the error it was.
            if (message.code)
              return reject(Object.assign(new Error(message.error), { code: message.code, path: message.path }));
            return reject(new Error(`task ${message.id} failed: ${message.error}`));
          }
          if ('progress' in message) return options.onProgress?.(message.progress);
          if ('id' in message) {
            results[message.id] = message.result;
            options.onTaskDone?.(message.id);
            if (--pending === 0) return resolve();
          }
          feed(worker);
        });
      }
    });
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return results;
}

/** In a worker module: answer each task with handler's result; `progress(n)` reports n items of the task done. */
export function serveTasks<T, R>(handler: (task: T, progress: (items: number) => void) => Promise<R>): void {
  if (!parentPort) throw new Error('serveTasks() runs in a worker thread');
  const port = parentPort;
  port.on('message', async ({ id, task }: { id: number; task: T }) => {
    try {
      port.postMessage({ id, result: await handler(task, (items) => port.postMessage({ id, progress: items })) });
    } catch (error) {
      const { code, path } = error as NodeJS.ErrnoException;
      if (error instanceof Error && typeof code === 'string')
        port.postMessage({ id, error: error.message, code, path } satisfies TaskError);
      else port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  port.postMessage({ ready: true });
}
