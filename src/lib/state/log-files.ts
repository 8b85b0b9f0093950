/**
 * The state logs' file I/O (src/lib/state/append-log.ts is pure): read a log,
 * and append lines durably: a torn last line (a crash mid-write) is cut off
 * first, the new lines are written in one call and flushed to disk before
 * the caller goes on, so what is recorded survives a kill right after.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type LogFields, type ParsedLog, parseLog, sealLines } from './append-log.ts';

export function readLogFile<T extends LogFields>(
  file: string,
  validate: (entry: Record<string, unknown>) => string | undefined,
): ParsedLog<T> & { exists: boolean } {
  if (!existsSync(file)) return { entries: [], last: '', problems: [], tornBytes: 0, exists: false };
  return { ...parseLog<T>(readFileSync(file, 'utf8'), validate), exists: true };
}

/**
 * A writer that appends after the log as read: the first append cuts off a
 * torn last line; each call returns once its lines are on disk.
 */
export function logAppender<T extends LogFields>(
  file: string,
  log: Pick<ParsedLog<T>, 'last' | 'tornBytes'>,
): (entries: readonly T[]) => void {
  let last = log.last;
  let torn = log.tornBytes;
  return (entries) => {
    if (!entries.length) return;
    mkdirSync(path.dirname(file), { recursive: true });
    const sealed = sealLines(last, entries);
    const fd = openSync(file, existsSync(file) ? 'r+' : 'w', 0o644);
    try {
      let size = fstatSync(fd).size;
      if (torn) {
        size -= torn;
        ftruncateSync(fd, size);
      }
      writeSync(fd, sealed.text, size);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    last = sealed.last;
    torn = 0;
  };
}

/**
 * One writer per log at a time on this machine: a lock file (made with O_EXCL)
 * in the system's temporary folder, named after the log's path, so it never
 * lands in the content repository even when its owner is killed. A lock whose
 * process is gone is taken over. CI runs are serialised by the workflows'
 * concurrency group instead. Returns the running owner's pid when the log is
 * taken, else holds it until `release()` or the process exits.
 */
export function lockLog(file: string): { release(): void } | { heldBy: number } {
  const lock = path.join(
    tmpdir(),
    `emblem-log-${createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 16)}.lock`,
  );
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      const release = () => {
        try {
          if (readFileSync(lock, 'utf8') === String(process.pid)) rmSync(lock, { force: true });
        } catch {}
      };
      process.once('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(lock, 'utf8'));
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) return { heldBy: owner };
    rmSync(lock, { force: true });
  }
  throw new Error(`cannot take the lock ${lock} for ${file}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
