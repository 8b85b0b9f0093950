/**
 * Append-only state logs committed with the content (content/state/*.jsonl):
 * what must outlast one machine or one CI run, such as the emails already sent
 * and the claims already applied. One JSON object per line, each with a
 * `check` like the ledger's (src/lib/lifecycle/ledger.ts): a 16-hex digest of
 * the line's other fields, here chained with the previous line's check, so an
 * edited, removed or reordered line stops the next reader at that line.
 * Appending never rewrites a line; two writers appending at once would fork
 * the chain, so the workflows that append share one concurrency group.
 *
 * A last line without its newline is a write cut short by a crash: it was
 * never complete, so it is reported as torn and dropped, never an error.
 * The digests are not keyed: they catch hand edits and merge accidents, like
 * the ledger's. Lines hold ids and hashes only (these files are committed).
 */
import { createHash } from 'node:crypto';

export const STATE_LOG_VERSION = 1;

export type LogFields = Record<string, string | number | boolean | undefined>;
export type Sealed<T extends LogFields> = T & { check: string };

export interface LogProblem {
  line: number;
  message: string;
}

export interface ParsedLog<T extends LogFields> {
  entries: Sealed<T>[];
  /** The check of the last good line: the next line chains to it. */
  last: string;
  problems: LogProblem[];
  /** Bytes of a last line cut short by a crash (no newline): the writer drops them before appending. */
  tornBytes: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function fieldsOf(entry: LogFields): [string, string | number | boolean][] {
  return Object.entries(entry)
    .filter((pair): pair is [string, string | number | boolean] => pair[0] !== 'check' && pair[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The check of a line: its fields (sorted by name) chained to the previous line's check ('' for the first). */
export function lineCheck(previous: string, entry: LogFields): string {
  return sha256(JSON.stringify([STATE_LOG_VERSION, previous, fieldsOf(entry)])).slice(0, 16);
}

/** One line (with its newline) to append after the line whose check is `previous`. */
export function sealLine<T extends LogFields>(previous: string, entry: T): { line: string; check: string } {
  const check = lineCheck(previous, entry);
  return { line: `${JSON.stringify({ ...Object.fromEntries(fieldsOf(entry)), check })}\n`, check };
}

/** Several lines in a row, each chained to the one before. */
export function sealLines<T extends LogFields>(
  previous: string,
  entries: readonly T[],
): { text: string; last: string } {
  let last = previous;
  let text = '';
  for (const entry of entries) {
    const sealed = sealLine(last, entry);
    text += sealed.line;
    last = sealed.check;
  }
  return { text, last };
}

/**
 * Reads a log. `validate` checks one entry's fields and returns a problem
 * (naming the field) or undefined. Reading stops at the first broken chain:
 * what follows cannot be trusted to be in order.
 */
export function parseLog<T extends LogFields>(
  text: string,
  validate: (entry: Record<string, unknown>) => string | undefined,
): ParsedLog<T> {
  const entries: Sealed<T>[] = [];
  const problems: LogProblem[] = [];
  let last = '';
  let tornBytes = 0;
  const complete = text.endsWith('\n') || text === '' ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  if (complete.length < text.length) tornBytes = Buffer.byteLength(text.slice(complete.length));
  const lines = complete.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      problems.push({ line: i + 1, message: 'is not JSON' });
      break;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({ line: i + 1, message: 'is not a JSON object' });
      break;
    }
    const invalid = validate(entry);
    if (invalid) {
      problems.push({ line: i + 1, message: invalid });
      break;
    }
    if (entry.check !== lineCheck(last, entry as LogFields)) {
      problems.push({
        line: i + 1,
        message: 'field check does not match: the line or one before it was edited, removed or moved',
      });
      break;
    }
    last = entry.check as string;
    entries.push(entry as Sealed<T>);
  }
  return { entries, last, problems, tornBytes };
}
