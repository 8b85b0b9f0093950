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
  writeSync,
} from 'node:fs';
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
