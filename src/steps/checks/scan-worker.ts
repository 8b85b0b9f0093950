/**
 * Worker thread for the whole-output scan (output-scan.ts): each task is a
 * batch of files to read and scan (scan-file.ts). Gets the content hashes
 * whose facts are cached and the secrets to look for once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { workerData } from 'node:worker_threads';
import type { Secret } from './private-tokens.ts';
import { countsOf, type FileScan, newTally, scanFile } from './scan-file.ts';
import { serveTasks } from '../infrastructure/worker-pool.ts';

export interface ScanTask {
  outDir: string;
  files: string[];
}

export interface ScanResult {
  scans: FileScan[];
  /** Code point counts of the batch as [code point, files] pairs. */
  shared: number[];
  awards: number[];
  awardPages: number;
}

const { known, secrets } = workerData as { known: string[]; secrets: Secret[] };
const knownSet = new Set(known);

serveTasks<ScanTask, ScanResult>(async ({ outDir, files }) => {
  const tally = newTally();
  // Synchronous reads: in a worker thread, waiting on the event loop only adds idle time.
  const scans = files.map((file) =>
    scanFile(file, readFileSync(path.join(outDir, file)), (sha256) => knownSet.has(sha256), secrets, tally),
  );
  return { scans, shared: countsOf(tally.shared), awards: countsOf(tally.awards), awardPages: tally.awardPages };
});
