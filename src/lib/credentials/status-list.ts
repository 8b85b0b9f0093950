/**
 * Revocation through one BitstringStatusList credential.
 *
 * A wallet keeps a credential for years, so an award's bit must never move and
 * a set bit must never clear by accident. Indexes therefore come from the
 * ledger (src/lib/lifecycle/ledger.ts), which assigns each published award a
 * slot once and keeps it for good, also after the award is hidden, deleted or
 * erased; the bits set are the ledger's revocations. Nothing in the content
 * alone decides an index.
 */
import { createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list';
import { STATUS_LIST_LENGTH } from '../lifecycle/ledger.ts';

export { STATUS_LIST_LENGTH };

export function statusEntry(listUrl: string, index: number): Record<string, unknown> {
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}

/** The unsigned status list credential. `validFrom` is the latest event it
 * reflects (so it only changes, and is only re-signed, when a status does). */
export async function statusListCredential(options: {
  listUrl: string;
  issuer: string;
  /** The slots whose bit is set (revoked awards). */
  revokedIndexes: Iterable<number>;
  validFrom: string;
  length?: number;
}): Promise<Record<string, unknown>> {
  const length = options.length ?? STATUS_LIST_LENGTH;
  const list = await createList({ length });
  for (const index of options.revokedIndexes) {
    if (!Number.isInteger(index) || index < 0 || index >= length)
      throw new Error(`status index ${index} is outside the list (0–${length - 1})`);
    list.setStatus(index, true);
  }
  const credential = await createCredential({ id: options.listUrl, list, statusPurpose: 'revocation' });
  const { '@context': context, id, type, credentialSubject } = credential as Record<string, unknown>;
  return { '@context': context, id, type, issuer: options.issuer, validFrom: options.validFrom, credentialSubject };
}
