/**
 * The issuance log's entries, and what may be appended to a log.
 *
 * One entry per event, a small JSON object in its RFC 8785 canonical form
 * (the `canonicalize` package): keys sorted, no white space, so that anyone
 * re-encoding an entry gets the bytes that were hashed.
 *
 *   {"award":A,"credential":C,"event":"issued","v":1,"validFrom":D}
 *   {"award":A,"event":"revoked","on":D,"statusIndex":I,"v":1}
 *   {"award":A,"event":"unrevoked","on":D,"statusIndex":I,"v":1}
 *   {"award":A,"event":"erased","v":1}
 *
 * A  the award: SHA-256 of "emblem-log-award\n" and its id (lower case), hex.
 *    Ids are random UUIDs, so the hash names nothing to whoever does not hold
 *    the credential, and once an award is erased its entries lead nowhere:
 *    its id is gone from the site, and a hash cannot be reversed.
 * C  the credential: SHA-256 of the canonical form (RFC 8785) of the signed
 *    OB 3.0 credential with its `proof` taken off, hex. Its claims (earner's
 *    salted identity hash, badge, validFrom, status slot), not its proof: a
 *    proof is made again at every build without a proof cache (it is dated at
 *    the build) and at a key rotation, and the claims are what back-dating
 *    would change. Anyone holding the credential, as a file or baked in an
 *    image, recomputes it.
 * D  a date as the credential or the ledger has it; I the status-list slot
 *    (public in the credential and the status list).
 *
 * No names, emails, reasons or ids. Awards never published get no entry.
 *
 * The rules (planAppend): an award's credential may be logged again (a
 * correction re-issues it) only with the validFrom first logged; a revocation
 * in the log is cleared only by an un-revocation the ledger records; an
 * erasure is final; an award the log holds never leaves the ledger.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { LedgerEntry } from '../lifecycle/ledger.ts';
import { indexFile, indexKey } from './index-shards.ts';

export const ENTRY_VERSION = 1;

export type LogEntry =
  | { v: 1; event: 'issued'; award: string; credential: string; validFrom: string }
  | { v: 1; event: 'revoked' | 'unrevoked'; award: string; on: string; statusIndex: number }
  | { v: 1; event: 'erased'; award: string };

const HEX64 = /^[0-9a-f]{64}$/;
const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export function awardHash(awardId: string): string {
  return sha256Hex(`emblem-log-award\n${awardId.toLowerCase()}`);
}

/** The award id in an OB 3.0 credential's id (…/badges/<uuid>/credential.json). */
export function awardIdOfCredential(credential: { id?: unknown }): string | undefined {
  return /\/badges\/([0-9a-fA-F-]{36})\/credential\.json$/.exec(String(credential.id ?? ''))?.[1]?.toLowerCase();
}

/** The digest an issuance entry records for a signed credential (parsed JSON): its claims without the proof. */
export function credentialDigest(credential: Record<string, unknown>): string {
  const { proof: _proof, ...claims } = credential;
  const canonical = canonicalize(claims);
  if (canonical === undefined) throw new Error('the credential cannot be put in canonical form');
  return sha256Hex(canonical);
}

export function encodeEntry(entry: LogEntry): Uint8Array {
  return new TextEncoder().encode(canonicalize(entry)!);
}

/** Parses an entry's bytes; throws when they are not one of the four kinds in canonical form. */
export function decodeEntry(bytes: Uint8Array): LogEntry {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const data = JSON.parse(text) as Record<string, unknown>;
  const keys = Object.keys(data).sort().join(',');
  const ok =
    data.v === ENTRY_VERSION &&
    typeof data.award === 'string' &&
    HEX64.test(data.award) &&
    ((data.event === 'issued' &&
      keys === 'award,credential,event,v,validFrom' &&
      HEX64.test(String(data.credential)) &&
      isDate(data.validFrom)) ||
      ((data.event === 'revoked' || data.event === 'unrevoked') &&
        keys === 'award,event,on,statusIndex,v' &&
        isDate(data.on) &&
        Number.isSafeInteger(data.statusIndex)) ||
      (data.event === 'erased' && keys === 'award,event,v'));
  if (!ok || canonicalize(data) !== text) throw new Error(`not a log entry: ${text.slice(0, 120)}`);
  return data as LogEntry;
}

const isDate = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const sameMoment = (a: string, b: string) => Date.parse(a) === Date.parse(b);

/** What the log says of one award, replaying its entries in order. */
export interface AwardInLog {
  /** Positions of its entries. */
  positions: number[];
  credential?: string;
  validFrom?: string;
  /** Position of the first issuance entry. */
  issuedAt?: number;
  /** The revocation in force (the last revoked entry not followed by an un-revocation). */
  revoked?: { on: string; at: number; statusIndex: number };
  unrevocations: number;
  erased: boolean;
}

export interface LogProblem {
  /** The award's hash (or id when the build knows it); '' for the whole log. */
  award: string;
  /** The entry concerned. */
  position?: number;
  message: string;
}

/** Replays the entries per award, and the problems a log must never show (a validFrom changed, events after erasure). */
export function replay(entries: readonly LogEntry[]): { awards: Map<string, AwardInLog>; problems: LogProblem[] } {
  const awards = new Map<string, AwardInLog>();
  const problems: LogProblem[] = [];
  entries.forEach((entry, position) => {
    let award = awards.get(entry.award);
    if (!award) awards.set(entry.award, (award = { positions: [], unrevocations: 0, erased: false }));
    award.positions.push(position);
    if (award.erased)
      problems.push({
        award: entry.award,
        position,
        message: `has an entry after its erasure (entry ${position}, ${entry.event})`,
      });
    switch (entry.event) {
      case 'issued':
        if (award.validFrom !== undefined && !sameMoment(award.validFrom, entry.validFrom))
          problems.push({
            award: entry.award,
            position,
            message: `was logged as valid from ${award.validFrom} (entry ${award.issuedAt}) and again as valid from ${entry.validFrom} (entry ${position}): a credential re-signed with another date`,
          });
        award.issuedAt ??= position;
        award.validFrom ??= entry.validFrom;
        award.credential = entry.credential;
        break;
      case 'revoked':
        award.revoked = { on: entry.on, at: position, statusIndex: entry.statusIndex };
        break;
      case 'unrevoked':
        if (!award.revoked)
          problems.push({
            award: entry.award,
            position,
            message: `is un-revoked (entry ${position}) without a revocation before it`,
          });
        award.revoked = undefined;
        award.unrevocations++;
        break;
      case 'erased':
        award.erased = true;
        break;
    }
  });
  return { awards, problems };
}

/** What the build publishes of one award now. */
export interface PublishedCredential {
  credential: string;
  validFrom: string;
}

/**
 * The entries to append so that the log tells what the ledger and the
 * published credentials say, or the problems that would need the log
 * rewritten. Pure. New entries come award by award in ledger order (by status
 * slot), each award's in the order they happened.
 */
export function planAppend(
  logged: readonly LogEntry[],
  ledgerEntries: readonly LedgerEntry[],
  published: ReadonlyMap<string, PublishedCredential>,
): { append: LogEntry[]; problems: LogProblem[] } {
  const { awards } = replay(logged);
  const append: LogEntry[] = [];
  const problems: LogProblem[] = [];
  const inLedger = new Set<string>();
  for (const entry of ledgerEntries) {
    const award = awardHash(entry.id);
    inLedger.add(award);
    const was = awards.get(award);
    const now = published.get(entry.id.toLowerCase());
    const before = append.length;
    const add = (e: LogEntry) => append.push(e);
    if (was?.erased) {
      if (entry.state !== 'erased')
        problems.push({
          award: entry.id,
          message: `was erased in the public log (entry ${was.positions.at(-1)}) and is back`,
        });
      continue;
    }
    if (now) {
      if (!was?.credential) add({ v: 1, event: 'issued', award, credential: now.credential, validFrom: now.validFrom });
      else if (was.credential !== now.credential) {
        if (was.validFrom !== undefined && !sameMoment(was.validFrom, now.validFrom))
          problems.push({
            award: entry.id,
            message: `is in the public log as valid from ${was.validFrom} (entry ${was.issuedAt}); this build would publish it valid from ${now.validFrom}. A credential's date cannot change once logged: give the corrected award a new id`,
          });
        else
          add({ v: 1, event: 'issued', award, credential: now.credential, validFrom: was.validFrom ?? now.validFrom });
      }
    }
    // Revocations: the ledger's history (each un-revocation with the revocation it cleared), against the log's.
    const unrevoked = entry.unrevoked ?? [];
    let loggedUnrevocations = was?.unrevocations ?? 0;
    let revokedInLog = was?.revoked;
    if (unrevoked.length < loggedUnrevocations)
      problems.push({
        award: entry.id,
        message: `has ${loggedUnrevocations} un-revocation(s) in the public log and ${unrevoked.length} in the ledger`,
      });
    for (const u of unrevoked.slice(loggedUnrevocations)) {
      if (!revokedInLog) add({ v: 1, event: 'revoked', award, on: u.revoked.on, statusIndex: entry.index });
      add({ v: 1, event: 'unrevoked', award, on: u.on, statusIndex: entry.index });
      revokedInLog = undefined;
      loggedUnrevocations++;
    }
    if (entry.revoked) {
      if (!revokedInLog) add({ v: 1, event: 'revoked', award, on: entry.revoked.on, statusIndex: entry.index });
      else if (Date.parse(entry.revoked.on) > Date.parse(revokedInLog.on))
        problems.push({
          award: entry.id,
          message: `is revoked in the public log from ${revokedInLog.on} (entry ${revokedInLog.at}); this build moves it to ${entry.revoked.on} without a recorded un-revocation (npm run unrevoke)`,
        });
      else if (!sameMoment(entry.revoked.on, revokedInLog.on))
        add({ v: 1, event: 'revoked', award, on: entry.revoked.on, statusIndex: entry.index });
    } else if (revokedInLog) {
      problems.push({
        award: entry.id,
        message: `is revoked in the public log (entry ${revokedInLog.at}, from ${revokedInLog.on}); this build would show it valid without a recorded un-revocation (npm run unrevoke)`,
      });
    }
    if (entry.state === 'erased' && (was || append.length > before)) add({ v: 1, event: 'erased', award });
  }
  for (const [award, was] of awards)
    if (!inLedger.has(award))
      problems.push({
        award,
        position: was.positions[0],
        message: `is in the public log (entry ${was.positions[0]}) and no longer in the ledger: the ledger lost an award`,
      });
  return { append, problems };
}

/**
 * The log's index (index-shards.ts): each award's entry positions. Not part of
 * the log (nothing signs it): a hint that lets a browser fetch one entry
 * bundle instead of all, then check the entry and its inclusion proof.
 */
export function awardIndex(entries: readonly LogEntry[]): Map<string, string> {
  const files = new Map<string, Record<string, number[]>>();
  entries.forEach((entry, position) => {
    const file = indexFile(entry.award, entries.length);
    let table = files.get(file);
    if (!table) files.set(file, (table = {}));
    (table[indexKey(entry.award, entries.length)] ??= []).push(position);
  });
  return new Map([...files].map(([file, table]) => [file, `${JSON.stringify(table)}\n`]));
}
