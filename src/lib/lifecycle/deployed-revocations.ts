/**
 * What the deployed site says is revoked, against what the next publish says.
 *
 * The ledger keeps revocations from going backwards, but it lives in the
 * issuer's repository and its digests are not keyed: a ledger regenerated or
 * edited with its digests recomputed, and committed, passes every check that
 * only reads the repository. The site that is live is the other witness: a
 * status bit it sets, or an award its OB 2.0 revocation list names, must still
 * be revoked in the next publish unless the ledger records an un-revocation
 * (npm run unrevoke). Pure: the build step (src/steps/credentials/deployed-revocations.ts)
 * reads the deployed documents.
 */
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { isRevokedAt, type Ledger, type LedgerEntry, type LedgerProblem } from './ledger.ts';

export interface DeployedRevocations {
  /** Slots whose bit the deployed status list sets. */
  setIndexes: number[];
  /** Award ids (lower-case) the deployed revocations.json names. */
  revokedIds: string[];
}

const AWARD_IN_URL = /\/badges\/([0-9a-fA-F-]{36})\/assertion\.json$/;

/** Reads the deployed status list credential and OB 2.0 revocation list (parsed JSON); throws, naming the document, when they are not what the build publishes. */
export async function readDeployedRevocations(
  statusList: unknown,
  revocationList: unknown,
): Promise<DeployedRevocations> {
  const encodedList = (statusList as { credentialSubject?: { encodedList?: unknown } } | null)?.credentialSubject
    ?.encodedList;
  if (typeof encodedList !== 'string') throw new Error('the deployed status list has no credentialSubject.encodedList');
  const list = await decodeList({ encodedList });
  const setIndexes: number[] = [];
  for (let index = 0; index < list.length; index++) if (list.getStatus(index)) setIndexes.push(index);
  const revokedIds: string[] = [];
  if (revocationList !== undefined) {
    const revoked = (revocationList as { revokedAssertions?: unknown } | null)?.revokedAssertions;
    if (!Array.isArray(revoked)) throw new Error('the deployed revocations.json has no revokedAssertions list');
    for (const entry of revoked) {
      const id = AWARD_IN_URL.exec(String((entry as { id?: unknown })?.id ?? ''))?.[1];
      if (id) revokedIds.push(id.toLowerCase());
    }
  }
  return { setIndexes, revokedIds };
}

/**
 * Revocations the deployed site shows that the next publish would drop
 * without a recorded un-revocation: one problem per award (or per slot no
 * ledger entry holds).
 */
export function droppedRevocations(deployed: DeployedRevocations, ledger: Ledger, now: Date): LedgerProblem[] {
  const byIndex = new Map(ledger.entries.map((e) => [e.index, e]));
  const byId = new Map(ledger.entries.map((e) => [e.id.toLowerCase(), e]));
  const stillRevoked = (entry: LedgerEntry) => isRevokedAt(entry, now);
  const unrevokedOnRecord = (entry: LedgerEntry) => !entry.revoked && (entry.unrevoked?.length ?? 0) > 0;
  const problems = new Map<string, LedgerProblem>();
  for (const index of deployed.setIndexes) {
    const entry = byIndex.get(index);
    if (!entry) {
      problems.set(`slot ${index}`, {
        award: '',
        message: `status slot ${index} is set in the deployed status list, and no ledger entry holds it: the ledger lost a revoked award`,
      });
    } else if (!stillRevoked(entry) && !unrevokedOnRecord(entry)) {
      problems.set(entry.id, {
        award: entry.id,
        message: `is revoked on the deployed site (status slot ${index}), and this build would clear its bit without a recorded un-revocation`,
      });
    }
  }
  for (const id of deployed.revokedIds) {
    const entry = byId.get(id);
    if (!entry)
      problems.set(id, {
        award: id,
        message:
          'is listed in the deployed revocations.json, and the ledger has no entry for it: the ledger lost a revoked award',
      });
    else if (!stillRevoked(entry) && !unrevokedOnRecord(entry) && !problems.has(entry.id))
      problems.set(entry.id, {
        award: entry.id,
        message:
          'is listed in the deployed revocations.json, and this build would drop it without a recorded un-revocation',
      });
  }
  return [...problems.values()];
}
