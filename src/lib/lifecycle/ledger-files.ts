/**
 * The ledger's file I/O (the rest of src/lib/lifecycle is pure): read it from
 * the content folder, write it whole and atomically (temporary file, then rename).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emptyLedger, LEDGER_FILE, parseLedger, serializeLedger, type Ledger, type LedgerProblem } from './ledger.ts';

/** A path as the user should see it: relative to the working folder when inside it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export function ledgerFile(contentDir: string): string {
  return path.join(contentDir, LEDGER_FILE);
}

export interface LedgerRead {
  file: string;
  exists: boolean;
  ledger: Ledger;
  problems: LedgerProblem[];
}

export function readLedger(contentDir: string): LedgerRead {
  const file = ledgerFile(contentDir);
  if (!existsSync(file)) return { file, exists: false, ledger: emptyLedger(), problems: [] };
  return { file, exists: true, ...parseLedger(readFileSync(file, 'utf8')) };
}

/** Replaces a file in one step, so a crash never leaves it half-written. */
export function writeFileAtomic(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

export function writeLedger(contentDir: string, ledger: Ledger): string {
  const file = ledgerFile(contentDir);
  writeFileAtomic(file, serializeLedger(ledger));
  return file;
}

/**
 * The ledger as committed in git (HEAD), when the content folder is in a git
 * work tree and the ledger differs from it; undefined otherwise (no git, not
 * committed yet, or unchanged: then there is nothing to compare).
 */
export function committedLedger(contentDir: string): Ledger | undefined {
  const file = ledgerFile(contentDir);
  if (!existsSync(file)) return undefined;
  const git = (...args: string[]) => spawnSync('git', args, { cwd: contentDir, encoding: 'utf8', maxBuffer: 2 ** 30 });
  const unchanged = git('diff', '--quiet', 'HEAD', '--', LEDGER_FILE);
  // 0: same as HEAD; 1: changed; anything else: no git, no HEAD, not a work tree.
  if (unchanged.error || unchanged.status !== 1) return undefined;
  const shown = git('show', `HEAD:./${LEDGER_FILE}`);
  if (shown.status !== 0) return undefined;
  const { ledger, problems } = parseLedger(shown.stdout);
  return problems.length ? undefined : ledger;
}
