/**
 * The build's use of the ledger (before any page is rendered): read it, check
 * its integrity, and compare it with the content.
 *
 * - Problems (a hand-edited entry, an un-revocation by hand, an erased award
 *   back in content) stop every build, naming the award.
 * - An out-of-date ledger (a published award without an entry, a revocation
 *   or a change of state not recorded yet) stops a production build with the
 *   one command that brings it up to date: production never writes state that
 *   is not committed, so CI never has to commit back. A development build
 *   updates the file and says so (commit it with the content, like a lockfile).
 */
import type { Content } from '../../lib/content/content-model.ts';
import { committedLedger, displayPath, readLedger, writeLedger } from '../../lib/lifecycle/ledger-files.ts';
import { reconcileWithContent } from '../../lib/lifecycle/content-ledger.ts';
import { describeChange, LedgerError, ledgerRegressions, type Ledger } from '../../lib/lifecycle/ledger.ts';
import type { SiteModel } from '../../lib/site-model.ts';

export const LEDGER_UPDATE_COMMAND = 'npm run ledger -- --write';

export function prepareLedger(options: {
  contentDir: string;
  content: Content;
  model: SiteModel;
  mode: 'production' | 'development';
  log: (message: string) => void;
}): Ledger {
  const { contentDir, content, model, mode, log } = options;
  const read = readLedger(contentDir);
  const label = displayPath(read.file);
  const restore = `Restore the file from git (git checkout -- ${label}) and use the lifecycle commands (npm run revoke, unrevoke, erase).`;
  if (read.problems.length) throw new LedgerError(label, read.problems, restore);
  // Against the committed ledger too: catches an edit made with the digests recomputed.
  const committed = committedLedger(contentDir);
  const regressions = committed ? ledgerRegressions(committed, read.ledger) : [];
  if (regressions.length) throw new LedgerError(`${label} (against git HEAD)`, regressions, restore);
  const { ledger, changes, problems } = reconcileWithContent(read.ledger, content, model.now, model);
  if (problems.length) throw new LedgerError(label, problems);
  if (!changes.length) return read.ledger;
  const shown = changes.slice(0, 10).map((c) => `  ${describeChange(c)}`);
  if (changes.length > 10) shown.push(`  … and ${changes.length - 10} more`);
  if (mode === 'production') {
    throw new Error(
      `${label} is out of date (${changes.length} change(s) not recorded):\n${shown.join('\n')}\n` +
        `A production build publishes only recorded state. Run \`${LEDGER_UPDATE_COMMAND}\` (npm run plan shows what changes), review and commit ${label}, then build again.`,
    );
  }
  const file = writeLedger(contentDir, ledger);
  log(
    `ledger: ${read.exists ? 'updated' : 'created'} ${displayPath(file)} (${changes.length} change(s)); commit it with the content:\n${shown.join('\n')}`,
  );
  return ledger;
}
