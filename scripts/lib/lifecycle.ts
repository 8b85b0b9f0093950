/** What the lifecycle commands (revoke, unrevoke, erase) share: loading the state and recording it in the ledger. */
import { readFileSync } from 'node:fs';
import { buildMoment, contentDirSetting } from '../../src/lib/build-settings.ts';
import { loadContent } from '../../src/lib/content/content-files.ts';
import type { Content } from '../../src/lib/content/content-model.ts';
import { reconcileWithContent } from '../../src/lib/lifecycle/content-ledger.ts';
import { displayPath, readLedger, writeLedger } from '../../src/lib/lifecycle/ledger-files.ts';
import {
  describeChange,
  LedgerError,
  ledgerMoment,
  type Ledger,
  type LedgerChange,
} from '../../src/lib/lifecycle/ledger.ts';
import { CliError, EXIT, type Lang } from './cli.ts';

export interface IssuerState {
  contentDir: string;
  content: Content;
  ledger: Ledger;
  ledgerLabel: string;
  now: Date;
  nowText: string;
}

export function loadIssuerState(): IssuerState {
  const contentDir = contentDirSetting();
  const read = readLedger(contentDir);
  const ledgerLabel = displayPath(read.file);
  if (read.problems.length) throw new CliError(new LedgerError(ledgerLabel, read.problems).message);
  // Record sources relative to the content folder, so edits know which file to open.
  const content = loadContent(contentDir, contentDir);
  const now = buildMoment();
  return { contentDir, content, ledger: read.ledger, ledgerLabel, now, nowText: ledgerMoment(now) };
}

/** Re-reads the content just written and records it in the ledger. */
export function recordInLedger(state: IssuerState, ledger: Ledger = state.ledger): LedgerChange[] {
  const content = loadContent(state.contentDir, state.contentDir);
  const result = reconcileWithContent(ledger, content, state.now);
  if (result.problems.length) throw new CliError(new LedgerError(state.ledgerLabel, result.problems).message);
  writeLedger(state.contentDir, result.ledger);
  return result.changes;
}

export function printChanges(changes: readonly LedgerChange[], lang: Lang = 'en'): void {
  for (const change of changes) console.log(`  ${lang === 'ko' ? '원장' : 'ledger'}: ${describeChange(change, lang)}`);
}

/** Ids from a file: one per line; blank lines and # comments are skipped. */
export function idsFromFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}
