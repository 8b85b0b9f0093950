/**
 * Worker thread for the whole-output scans (link check, privacy check): each
 * task is a batch of files to read and scan. Results are plain data (ids as
 * arrays) so they cross the thread boundary cheaply.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { workerData } from 'node:worker_threads';
import { extractLinks } from '../lib/internal-links.ts';
import { leaksInFile, type Leak, type Secret } from './privacy-guard.ts';
import { serveTasks } from './worker-pool.ts';

export type ScanTask = { kind: 'links'; outDir: string; files: string[] } | { kind: 'privacy'; outDir: string; files: string[] };

const { emails, hiddenIds, secrets } = workerData as { emails: string[]; hiddenIds: string[]; secrets: Secret[] };
const emailSet = new Set(emails);
const hiddenSet = new Set(hiddenIds);

serveTasks<ScanTask, unknown>(async (task) => {
  if (task.kind === 'links') {
    const pages = [];
    for (const file of task.files) {
      const page = extractLinks(file, await readFile(path.join(task.outDir, file), 'utf8'));
      pages.push({ file: page.file, links: page.links, ids: [...page.ids] });
    }
    return pages;
  }
  const leaks: Leak[] = [];
  for (const file of task.files) leaks.push(...(await leaksInFile(task.outDir, file, emailSet, hiddenSet, secrets)));
  return leaks;
});
