/**
 * Erasure (the earner's right to be forgotten): the award records go from the
 * content (name, email, evidence with them); the ledger keeps a tombstone (id,
 * status slot, revocation) so the slot is never reused and the credential the
 * earner may still hold is answered "revoked" rather than silently valid: the
 * issuer no longer keeps the record that vouches for it.
 *
 * An award that was never published (pending, private, without a badge) has
 * no ledger entry; erasing it adds one, marked erased, without a revocation:
 * its slot's bit is never set and no tombstone names it, but the next import
 * of the same export finds it erased and does not bring the person back.
 */
import type { Award } from '../content/schema.ts';
import { assignNewIndexes, eraseEntry, type Ledger, type LedgerEntry, type Revocation, sealEntry } from './ledger.ts';

export const ERASE_REASON = 'The record was erased at the earner’s request.';

export interface ErasePlan {
  /** Records to remove from the content. */
  records: Award[];
  /** Ledger entries after erasure (tombstones). */
  tombstones: LedgerEntry[];
  /** New ledger entries for erased awards that were never published (no revocation, no tombstone on the site). */
  unpublished: LedgerEntry[];
}

/** What erasing `target` (an award id, or a recipient email: all of that person's awards) touches; empty if unknown. */
export function planErase(
  awards: readonly Award[],
  ledger: Ledger,
  target: string,
  on: string,
  reason = ERASE_REASON,
): ErasePlan {
  const wanted = target.trim().toLowerCase();
  const byEmail = wanted.includes('@');
  const records = awards.filter((a) =>
    byEmail ? a.recipient.email.trim().toLowerCase() === wanted : a.id.toLowerCase() === wanted,
  );
  const ids = new Set(byEmail ? records.map((a) => a.id.toLowerCase()) : [wanted]);
  const revocation: Revocation = { on, reason };
  const tombstones = ledger.entries
    .filter((e) => ids.has(e.id.toLowerCase()) && e.state !== 'erased')
    .map((e) => eraseEntry(e, on, revocation));
  const inLedger = new Set(ledger.entries.map((e) => e.id.toLowerCase()));
  const neverPublished = records.filter((a) => !inLedger.has(a.id.toLowerCase()));
  const slots = assignNewIndexes(neverPublished, new Set(ledger.entries.map((e) => e.index)));
  const unpublished = neverPublished.map((a) =>
    sealEntry({ index: slots.get(a.id)!, id: a.id, published: on, state: 'erased', since: on }),
  );
  return { records, tombstones, unpublished };
}

/** The ledger after an erasure: tombstones replace their entries, entries of never-published awards are added. */
export function ledgerAfterErase(ledger: Ledger, plan: ErasePlan): Ledger {
  const replaced = new Map(plan.tombstones.map((e) => [e.id.toLowerCase(), e]));
  const entries = [...ledger.entries.map((e) => replaced.get(e.id.toLowerCase()) ?? e), ...plan.unpublished].sort(
    (a, b) => a.index - b.index,
  );
  return { ...ledger, entries };
}

/** The addresses CDN and browser caches must drop for these awards (page, card.png, credential.json, assertion.json). */
export function purgeAddresses(ids: readonly string[], siteUrl: string): string[] {
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  return ids.map((id) => `${base}badges/${id}/*`);
}

/** What the issuer must purge by hand: copies the build and this command cannot reach. */
export function purgeChecklist(ids: readonly string[], siteUrl: string): string[] {
  return [
    `CDN and browser caches: purge ${purgeAddresses(ids, siteUrl).join(', ')} (page, card.png, credential.json, assertion.json) after publishing.`,
    'Backups and exports that hold the content folder or the records export the award came from.',
    'Git history: the record (name, email) stays in earlier commits of the content repository; rewrite it (e.g. git filter-repo) where the law requires it.',
    'Caches on other machines: each CI cache or workstation with an EMBLEM_BUILD_CACHE (the next build there also prunes unused cards).',
    'Social networks and search engines keep their own copies of shared previews (LinkedIn Post Inspector, Google removal tool).',
  ];
}
