/**
 * The ledger against the content: what the next build would record. Shared by
 * the build (src/steps/credentials/ledger.ts) and the lifecycle commands.
 */
import type { Content } from '../content/content-model.ts';
import { buildSiteModel, type SiteModel } from '../site-model.ts';
import { awardSnapshots, ledgerMoment, reconcileLedger, type Ledger, type Reconciliation } from './ledger.ts';

export function reconcileWithContent(
  ledger: Ledger,
  content: Content,
  now: Date,
  model: SiteModel = buildSiteModel(content, now),
): Reconciliation {
  const published = new Set(model.published.map((p) => p.award.id));
  return reconcileLedger(ledger, awardSnapshots(content.awards, published), ledgerMoment(now));
}
