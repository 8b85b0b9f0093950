/**
 * Revocation through one BitstringStatusList credential.
 *
 * Index choice: a wallet keeps a credential for years, so an award's bit must
 * never move. The index is therefore derived from the award id (SHA-256 of the
 * id, modulo the list length) instead of the award's position in the content;
 * on a collision the later-issued award probes forward to the next free slot,
 * awards taken in issuance order (issuedOn, then id). Adding, removing or
 * reordering awards leaves existing indexes alone. The one way an index can
 * move is a newly published award that was issued *before* an existing award
 * and lands on its slot (a backdated import, or a private award made public):
 * the existing award then probes on. Without stored state no scheme avoids
 * that, so the list is made large enough to keep it unlikely: with n published
 * awards the chance per such award is about n / 2^20 (1% at 10,000 awards).
 * A mostly-empty list compresses to about a kilobyte, so the size costs little.
 *
 * Only published awards take a slot and only revoked ones set a bit: private
 * and pending awards leave no trace in the list.
 */
import { createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list';

/** 2^20 entries: 8 times the spec's minimum (which keeps a list from telling
 * how many awards exist), to keep hash collisions rare; see above. */
export const STATUS_LIST_LENGTH = 1_048_576;
/** Above this load the list would need a second list; refuse instead of silently degrading. */
const MAX_LOAD = 0.5;

export interface StatusListAward {
  id: string;
  issuedOn: string;
  revoked: boolean;
}

export interface StatusAssignment {
  indexes: Map<string, number>;
  /** Awards whose hashed slot was taken (they probed to another one). */
  collisions: string[];
}

async function hashSlot(awardId: string, length: number): Promise<number> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(awardId.toLowerCase())));
  const value = new DataView(digest.buffer).getUint32(0);
  return value % length;
}

export function issuanceOrder(a: { id: string; issuedOn: string }, b: { id: string; issuedOn: string }): number {
  return Date.parse(a.issuedOn) - Date.parse(b.issuedOn) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export async function assignStatusIndexes(awards: readonly StatusListAward[], length = STATUS_LIST_LENGTH): Promise<StatusAssignment> {
  if (awards.length > length * MAX_LOAD) throw new Error(`${awards.length} awards do not fit one status list of ${length} entries`);
  const taken = new Set<number>();
  const indexes = new Map<string, number>();
  const collisions: string[] = [];
  for (const award of [...awards].sort(issuanceOrder)) {
    let slot = await hashSlot(award.id, length);
    if (taken.has(slot)) collisions.push(award.id);
    while (taken.has(slot)) slot = (slot + 1) % length;
    taken.add(slot);
    indexes.set(award.id, slot);
  }
  return { indexes, collisions };
}

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
  awards: readonly StatusListAward[];
  indexes: ReadonlyMap<string, number>;
  validFrom: string;
  length?: number;
}): Promise<Record<string, unknown>> {
  const list = await createList({ length: options.length ?? STATUS_LIST_LENGTH });
  for (const award of options.awards) if (award.revoked) list.setStatus(options.indexes.get(award.id)!, true);
  const credential = await createCredential({ id: options.listUrl, list, statusPurpose: 'revocation' });
  const { '@context': context, id, type, credentialSubject } = credential as Record<string, unknown>;
  return { '@context': context, id, type, issuer: options.issuer, validFrom: options.validFrom, credentialSubject };
}
