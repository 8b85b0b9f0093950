/**
 * Revoking and un-revoking: which awards a command means, and the edits to
 * their records. Pure; the commands apply the edits to the files and the ledger.
 */
import { dateTimeSchema, type Award } from '../content/schema.ts';
import type { AwardEdit } from './award-edits.ts';
import type { Ledger, Revocation } from './ledger.ts';

export interface Selection {
  ids: readonly string[];
  badge?: string;
  /** Awards issued strictly before this moment. */
  issuedBefore?: string;
}

export interface Selected {
  awards: Award[];
  /** Ids named but found neither in the content nor in the ledger. */
  unknown: string[];
  /** Ids named that are only in the ledger (their record was deleted or erased). */
  ledgerOnly: string[];
}

/** A date (YYYY-MM-DD, taken as midnight UTC) or an ISO date-time with a time zone. */
export function parseMoment(value: string, what: string): string {
  const moment = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  if (!dateTimeSchema.safeParse(moment).success)
    throw new Error(`${what} "${value}" must be a date (2026-01-31) or a date-time with a time zone`);
  return moment;
}

export function selectAwards(awards: readonly Award[], ledger: Ledger, selection: Selection): Selected {
  const byId = new Map(awards.map((a) => [a.id.toLowerCase(), a]));
  const inLedger = new Set(ledger.entries.map((e) => e.id.toLowerCase()));
  const chosen = new Map<string, Award>();
  const unknown: string[] = [];
  const ledgerOnly: string[] = [];
  for (const raw of selection.ids) {
    const id = raw.trim().toLowerCase();
    const award = byId.get(id);
    if (award) chosen.set(id, award);
    else if (inLedger.has(id)) ledgerOnly.push(id);
    else unknown.push(raw);
  }
  if (selection.badge !== undefined || selection.issuedBefore !== undefined) {
    const before = selection.issuedBefore ? Date.parse(selection.issuedBefore) : Number.POSITIVE_INFINITY;
    for (const award of awards) {
      if (selection.badge !== undefined && award.badge !== selection.badge) continue;
      if (Date.parse(award.issuedOn) >= before) continue;
      chosen.set(award.id.toLowerCase(), award);
    }
  }
  return { awards: [...chosen.values()], unknown, ledgerOnly };
}

/** Edits that revoke the awards not yet revoked; already revoked ones are left as they are. */
export function revocationEdits(
  awards: readonly Award[],
  revocation: Revocation,
): { edits: Map<string, AwardEdit>; alreadyRevoked: Award[] } {
  const edits = new Map<string, AwardEdit>();
  const alreadyRevoked: Award[] = [];
  for (const award of awards) {
    if (award.revoked) alreadyRevoked.push(award);
    else edits.set(award.id.toLowerCase(), { kind: 'revoke', revoked: revocation });
  }
  return { edits, alreadyRevoked };
}
