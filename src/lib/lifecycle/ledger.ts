/**
 * The ledger: what was ever published, so that what the status list says never
 * goes backwards by accident. Every build starts from nothing; the ledger is the
 * memory, committed with the content like a lockfile.
 *
 * One award per line (JSON Lines, sorted by status-list index) so that a change
 * is a one-line diff and 100,000 awards parse in a fraction of a second. The
 * first line is a header. Each entry records:
 *   index      its status-list slot: assigned once, never moved, never reused
 *   published  when it was first published (the moment the ledger was updated)
 *   state      published | withheld (private, pending, ineligible) | deleted | erased
 *   revoked    { on, reason } while revoked: the bit stays set whatever content says
 *   unrevoked  every explicit un-revocation (npm run unrevoke), with its reason
 *   check      a digest of the entry's other fields
 *
 * Integrity: each entry's `check` and the header's `digest` (over all checks,
 * in order) are recomputed on every read. An entry edited by hand (a removed
 * `revoked`, a changed index) no longer matches its check and stops the build,
 * naming the award; a removed or added line no longer matches the header. The
 * digests are not keyed (a key would have to be on every issuer's machine, or
 * every ledger update would have to go through CI): they catch hand edits and
 * merge accidents. An author who recomputes them is caught by ledgerRegressions
 * against an earlier version: the build compares with the committed ledger (git
 * HEAD) when it differs, and `npm run plan -- --base <ref>` with the last
 * published ref (run it in CI on every pull request).
 *
 * New awards: the slot is derived from the id (SHA-256 of the id, modulo the
 * list length: indexes say nothing about issue order or count), probing forward
 * past every slot the ledger holds (erased entries included), new awards taken
 * in issuance order. Existing entries are never re-derived, so nothing added,
 * back-dated, hidden or removed later can move them.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { dateTimeSchema } from '../content/schema.ts';

export const LEDGER_FILE = 'ledger.jsonl';
export const LEDGER_VERSION = 1;
/** 2^20 entries: 8 times the spec's minimum, so that hashed slots rarely collide. */
export const STATUS_LIST_LENGTH = 1_048_576;
/** Above this load the list would need a second list; refuse instead of silently degrading. */
const MAX_LOAD = 0.5;

const revocationSchema = z.strictObject({ on: dateTimeSchema, reason: z.string().trim().min(1, 'must not be empty') });
export type Revocation = z.infer<typeof revocationSchema>;

export const ledgerEntrySchema = z.strictObject({
  index: z
    .number()
    .int()
    .min(0)
    .max(STATUS_LIST_LENGTH - 1),
  id: z.uuid(),
  published: dateTimeSchema,
  state: z.enum(['published', 'withheld', 'deleted', 'erased']),
  /** When the entry reached its current state (absent while published). */
  since: dateTimeSchema.optional(),
  revoked: revocationSchema.optional(),
  unrevoked: z
    .array(z.strictObject({ on: dateTimeSchema, reason: z.string().trim().min(1), revoked: revocationSchema }))
    .optional(),
  check: z.string().regex(/^[0-9a-f]{16}$/),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
export type LedgerState = LedgerEntry['state'];

export const ledgerHeaderSchema = z.strictObject({
  emblemLedger: z.literal(LEDGER_VERSION),
  note: z.string().optional(),
  /** The signing key the site was last published with (z6Mk…): `plan` flags a change. */
  publicKey: z.string().optional(),
  entries: z.number().int().min(0),
  digest: z.string().regex(/^[0-9a-f]{16}$/),
});
export type LedgerHeader = z.infer<typeof ledgerHeaderSchema>;

export interface Ledger {
  publicKey?: string;
  /** Sorted by index. */
  entries: LedgerEntry[];
}

export interface LedgerProblem {
  /** The award concerned, or '' for the whole file. */
  award: string;
  line?: number;
  message: string;
}

export class LedgerError extends Error {
  readonly problems: LedgerProblem[];
  constructor(file: string, problems: LedgerProblem[], advice = '') {
    const lines = problems
      .slice(0, 30)
      .map((p) => `  ${file}${p.line ? `:${p.line}` : ''}${p.award ? ` › award ${p.award}` : ''}: ${p.message}`);
    const more = problems.length > 30 ? `\n  … and ${problems.length - 30} more` : '';
    super(`The ledger cannot be used; nothing was built:\n${lines.join('\n')}${more}${advice ? `\n${advice}` : ''}`);
    this.name = 'LedgerError';
    this.problems = problems;
  }
}

const NOTE =
  'Emblem ledger: every award ever published, its status-list slot and revocations. Updated by npm run ledger -- --write; do not edit by hand.';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The digest of an entry's fields other than `check`, in a fixed order. */
export function entryCheck(entry: Omit<LedgerEntry, 'check'>): string {
  const { index, id, published, state, since, revoked, unrevoked } = entry;
  return sha256(
    JSON.stringify([
      LEDGER_VERSION,
      index,
      id.toLowerCase(),
      published,
      state,
      since ?? null,
      revoked ?? null,
      unrevoked ?? [],
    ]),
  ).slice(0, 16);
}

function fileDigest(entries: readonly LedgerEntry[]): string {
  return sha256(entries.map((e) => e.check).join('\n')).slice(0, 16);
}

/** An entry with its check (re)computed, fields in a fixed order. */
export function sealEntry(entry: Omit<LedgerEntry, 'check'> & { check?: string }): LedgerEntry {
  const { index, id, published, state, since, revoked, unrevoked } = entry;
  const sealed: Omit<LedgerEntry, 'check'> = {
    index,
    id,
    published,
    state,
    ...(since ? { since } : {}),
    ...(revoked ? { revoked: { on: revoked.on, reason: revoked.reason } } : {}),
    ...(unrevoked?.length ? { unrevoked } : {}),
  };
  return { ...sealed, check: entryCheck(sealed) };
}

export function emptyLedger(): Ledger {
  return { entries: [] };
}

export function serializeLedger(ledger: Ledger): string {
  const entries = [...ledger.entries].sort((a, b) => a.index - b.index);
  const header: LedgerHeader = {
    emblemLedger: LEDGER_VERSION,
    note: NOTE,
    ...(ledger.publicKey ? { publicKey: ledger.publicKey } : {}),
    entries: entries.length,
    digest: fileDigest(entries),
  };
  return [header, ...entries].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

/**
 * Parses and checks a ledger: schema of every line, duplicate indexes and ids,
 * each entry's check, the header's count and digest. Returns the problems
 * instead of throwing, so a command can print them all.
 */
export function parseLedger(text: string): { ledger: Ledger; problems: LedgerProblem[] } {
  const problems: LedgerProblem[] = [];
  const lines = text.split('\n');
  let header: LedgerHeader | undefined;
  const entries: LedgerEntry[] = [];
  const byIndex = new Map<number, string>();
  const byId = new Map<string, number>();
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      problems.push({ award: '', line: i + 1, message: 'is not one JSON object' });
      return;
    }
    if (!header && entries.length === 0 && data && typeof data === 'object' && 'emblemLedger' in data) {
      const parsed = ledgerHeaderSchema.safeParse(data);
      if (parsed.success) header = parsed.data;
      else
        problems.push({
          award: '',
          line: i + 1,
          message: `header: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`,
        });
      return;
    }
    const parsed = ledgerEntrySchema.safeParse(data);
    const id = (data as { id?: unknown })?.id;
    if (!parsed.success) {
      const detail = parsed.error.issues.map((x) => `${x.path.join('.') || '(entry)'}: ${x.message}`).join('; ');
      problems.push({ award: typeof id === 'string' ? id : '', line: i + 1, message: detail });
      return;
    }
    const entry = parsed.data;
    const key = entry.id.toLowerCase();
    if (entryCheck(entry) !== entry.check) {
      problems.push({
        award: entry.id,
        line: i + 1,
        message:
          'was edited by hand (its check does not match): an index or revocation may have been changed. Restore the file from git; to un-revoke, use npm run unrevoke',
      });
    }
    const otherId = byIndex.get(entry.index);
    if (otherId)
      problems.push({ award: entry.id, line: i + 1, message: `index ${entry.index} is also held by award ${otherId}` });
    const otherLine = byId.get(key);
    if (otherLine) problems.push({ award: entry.id, line: i + 1, message: `appears twice (also line ${otherLine})` });
    byIndex.set(entry.index, entry.id);
    byId.set(key, i + 1);
    entries.push(entry);
  });
  if (!header) problems.push({ award: '', line: 1, message: 'has no header line ({"emblemLedger":1,…})' });
  else if (header.entries !== entries.length || header.digest !== fileDigest(entries)) {
    problems.push({
      award: '',
      line: 1,
      message: `the header records ${header.entries} entries and digest ${header.digest}, the file has ${entries.length} entries${
        header.entries === entries.length ? ' with other contents' : ''
      }: lines were added, removed or reordered by hand. Restore the file from git`,
    });
  }
  entries.sort((a, b) => a.index - b.index);
  return { ledger: { publicKey: header?.publicKey, entries }, problems };
}

/** The hashed slot of an id (the same rule the list used before it had a ledger). */
export function hashedSlot(awardId: string, length = STATUS_LIST_LENGTH): number {
  return createHash('sha256').update(awardId.toLowerCase()).digest().readUInt32BE(0) % length;
}

/** Awards in issuance order (issuedOn, then id); each date parsed once. */
export function inIssuanceOrder<T extends { id: string; issuedOn: string }>(awards: readonly T[]): T[] {
  return awards
    .map((award) => ({ award, at: Date.parse(award.issuedOn) }))
    .sort((a, b) => a.at - b.at || (a.award.id < b.award.id ? -1 : a.award.id > b.award.id ? 1 : 0))
    .map(({ award }) => award);
}

/** Slots for new awards: hashed, probing past every slot already taken. Never touches `taken`'s owners. */
export function assignNewIndexes(
  newAwards: readonly { id: string; issuedOn: string }[],
  taken: ReadonlySet<number>,
  length = STATUS_LIST_LENGTH,
): Map<string, number> {
  if (taken.size + newAwards.length > length * MAX_LOAD)
    throw new Error(`${taken.size + newAwards.length} awards do not fit one status list of ${length} entries`);
  const used = new Set(taken);
  const indexes = new Map<string, number>();
  for (const award of inIssuanceOrder(newAwards)) {
    let slot = hashedSlot(award.id, length);
    while (used.has(slot)) slot = (slot + 1) % length;
    used.add(slot);
    indexes.set(award.id, slot);
  }
  return indexes;
}

// ---------------------------------------------------------------- content against ledger

/** What the content says of one award now. */
export interface AwardSnapshot {
  id: string;
  issuedOn: string;
  /** Published by this build (public, claimed, with a badge). */
  published: boolean;
  revoked?: Revocation;
}

export type LedgerChange =
  | { kind: 'new'; id: string; index: number }
  | { kind: 'revoked'; id: string; revoked: Revocation }
  | { kind: 'revocation-changed'; id: string; from: Revocation; to: Revocation }
  | { kind: 'state'; id: string; from: LedgerState; to: LedgerState };

export interface Reconciliation {
  ledger: Ledger;
  changes: LedgerChange[];
  /** Disagreements no update may settle (an un-revocation by hand, an erased award back in content). */
  problems: LedgerProblem[];
}

const sameRevocation = (a: Revocation, b: Revocation) => Date.parse(a.on) === Date.parse(b.on) && a.reason === b.reason;

/**
 * Whether a revocation now takes effect later than recorded. Once a status bit
 * was set it stays set: a later date clears it until then (a verifier that
 * checks in between is told the credential is valid), so only an explicit
 * un-revocation may do that. An earlier date or another reason only adds.
 */
const movedLater = (recorded: Revocation, now: Revocation) => Date.parse(now.on) > Date.parse(recorded.on);

/**
 * The ledger brought up to date with the content, and what that changes. Pure:
 * `now` is the moment recorded for first publication and state changes.
 */
export function reconcileLedger(
  ledger: Ledger,
  awards: readonly AwardSnapshot[],
  now: string,
  length = STATUS_LIST_LENGTH,
): Reconciliation {
  const changes: LedgerChange[] = [];
  const problems: LedgerProblem[] = [];
  const byId = new Map(ledger.entries.map((e) => [e.id.toLowerCase(), e]));
  const inContent = new Set<string>();
  const next: LedgerEntry[] = [];
  const fresh: AwardSnapshot[] = [];

  for (const award of awards) {
    const key = award.id.toLowerCase();
    inContent.add(key);
    const entry = byId.get(key);
    if (!entry) {
      if (award.published) fresh.push(award);
      continue;
    }
    if (entry.state === 'erased') {
      problems.push({
        award: award.id,
        message: `was erased on ${entry.since} at the earner's request, and its record is back in the content: remove the record (npm run import skips erased awards, so a re-import does not bring it back)`,
      });
      continue;
    }
    let updated: Omit<LedgerEntry, 'check'> = entry;
    if (entry.revoked && !award.revoked) {
      problems.push({
        award: award.id,
        message: `is revoked in the ledger (${entry.revoked.on}: ${entry.revoked.reason}) but its record has no \`revoked\`. A revoked credential never becomes valid again by accident: restore \`revoked\` in the record, or un-revoke it on purpose with npm run unrevoke -- ${award.id} --reason "…" --write`,
      });
    } else if (award.revoked && !entry.revoked) {
      changes.push({ kind: 'revoked', id: award.id, revoked: award.revoked });
      updated = { ...updated, revoked: award.revoked };
    } else if (award.revoked && entry.revoked && movedLater(entry.revoked, award.revoked)) {
      problems.push({
        award: award.id,
        message: `is revoked in the ledger from ${entry.revoked.on}, but its record now says ${award.revoked.on}. Moving a revocation later clears its status bit until then, which un-revokes the credential: restore \`revoked.on\` in the record, or un-revoke it on purpose with npm run unrevoke -- ${award.id} --reason "…" --write and revoke it again`,
      });
    } else if (award.revoked && entry.revoked && !sameRevocation(award.revoked, entry.revoked)) {
      changes.push({ kind: 'revocation-changed', id: award.id, from: entry.revoked, to: award.revoked });
      updated = { ...updated, revoked: award.revoked };
    }
    const state: LedgerState = award.published ? 'published' : 'withheld';
    if (state !== entry.state) {
      changes.push({ kind: 'state', id: award.id, from: entry.state, to: state });
      updated = { ...updated, state, since: state === 'published' ? undefined : now };
    }
    next.push(updated === entry ? entry : sealEntry(updated));
  }
  for (const entry of ledger.entries) {
    if (inContent.has(entry.id.toLowerCase())) continue;
    if (entry.state === 'erased' || entry.state === 'deleted') next.push(entry);
    else {
      changes.push({ kind: 'state', id: entry.id, from: entry.state, to: 'deleted' });
      next.push(sealEntry({ ...entry, state: 'deleted', since: now }));
    }
  }
  const indexes = assignNewIndexes(fresh, new Set(ledger.entries.map((e) => e.index)), length);
  for (const award of inIssuanceOrder(fresh)) {
    const index = indexes.get(award.id)!;
    changes.push({ kind: 'new', id: award.id, index });
    if (award.revoked) changes.push({ kind: 'revoked', id: award.id, revoked: award.revoked });
    next.push(sealEntry({ index, id: award.id, published: now, state: 'published', revoked: award.revoked }));
  }
  next.sort((a, b) => a.index - b.index);
  return { ledger: { ...ledger, entries: next }, changes, problems };
}

// ---------------------------------------------------------------- explicit operations

/** Records an un-revocation: clears `revoked` and keeps what it was, with the reason. */
export function unrevokeEntry(entry: LedgerEntry, reason: string, on: string): LedgerEntry {
  if (!entry.revoked) throw new Error(`award ${entry.id} is not revoked in the ledger`);
  return sealEntry({
    ...entry,
    revoked: undefined,
    unrevoked: [...(entry.unrevoked ?? []), { on, reason, revoked: entry.revoked }],
  });
}

/** Marks an entry erased: only the tombstone (id, slot, revocation) stays. */
export function eraseEntry(entry: LedgerEntry, on: string, revocation?: Revocation): LedgerEntry {
  return sealEntry({ ...entry, state: 'erased', since: on, revoked: entry.revoked ?? revocation });
}

export function withEntries(ledger: Ledger, replaced: readonly LedgerEntry[]): Ledger {
  const byId = new Map(replaced.map((e) => [e.id.toLowerCase(), e]));
  return { ...ledger, entries: ledger.entries.map((e) => byId.get(e.id.toLowerCase()) ?? e) };
}

/**
 * What no legitimate change does to a ledger, found by comparing it with an
 * earlier version (the committed one, or the last published): an index moved,
 * an entry gone, a revocation lost without a recorded un-revocation, an erased
 * entry brought back. Catches edits made with the digests recomputed.
 */
export function ledgerRegressions(before: Ledger, after: Ledger): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  const now = new Map(after.entries.map((e) => [e.id.toLowerCase(), e]));
  for (const was of before.entries) {
    const entry = now.get(was.id.toLowerCase());
    if (!entry) {
      problems.push({
        award: was.id,
        message: `left the ledger (it held status slot ${was.index}): the slot could be reused`,
      });
      continue;
    }
    if (entry.index !== was.index) {
      problems.push({
        award: was.id,
        message: `moved from status slot ${was.index} to ${entry.index}: credentials already downloaded point at the old slot`,
      });
    }
    const recorded = (entry.unrevoked?.length ?? 0) > (was.unrevoked?.length ?? 0);
    if (was.revoked && !entry.revoked && !recorded)
      problems.push({
        award: was.id,
        message: 'lost its revocation without a recorded un-revocation (npm run unrevoke)',
      });
    if (was.revoked && entry.revoked && movedLater(was.revoked, entry.revoked) && !recorded)
      problems.push({
        award: was.id,
        message: `had its revocation moved from ${was.revoked.on} to ${entry.revoked.on} without a recorded un-revocation: its status bit would be cleared until then (npm run unrevoke)`,
      });
    if (was.state === 'erased' && entry.state !== 'erased')
      problems.push({ award: was.id, message: 'was erased and is no longer marked so' });
  }
  return problems;
}

// ---------------------------------------------------------------- what the build publishes from it

/** Whether the entry's bit is set at `now` (a revocation dated later takes effect then). */
export function isRevokedAt(entry: LedgerEntry, now: Date): boolean {
  return entry.revoked !== undefined && Date.parse(entry.revoked.on) <= now.getTime();
}

/**
 * Revoked awards that are no longer published (hidden, deleted, erased): their
 * hosted OB 2.0 assertion stays as a tombstone (id, revoked, reason) and they
 * stay in revocations.json. Their ids were public before, so naming them again
 * reveals nothing new; a withheld award never published has no entry.
 */
export function tombstones(ledger: Ledger, publishedIds: ReadonlySet<string>, now: Date): LedgerEntry[] {
  return ledger.entries.filter((e) => e.state !== 'published' && !publishedIds.has(e.id) && isRevokedAt(e, now));
}

const STATE_KO: Record<LedgerState, string> = {
  published: '게시',
  withheld: '게시 안 함',
  deleted: '삭제',
  erased: '파기',
};

/** One line per change, for the commands and the build log (staff read them: Korean or English). */
export function describeChange(change: LedgerChange, lang: 'en' | 'ko' = 'en'): string {
  const ko = lang === 'ko';
  switch (change.kind) {
    case 'new':
      return ko
        ? `새 수여: ${change.id} → 상태 목록 자리 ${change.index}`
        : `new: ${change.id} takes status slot ${change.index}`;
    case 'revoked':
      return `${ko ? '취소' : 'revoked'}: ${change.id} (${change.revoked.on}: ${change.revoked.reason})`;
    case 'revocation-changed':
      return `${ko ? '취소 내용 변경' : 'revocation changed'}: ${change.id} (${change.from.on}: ${change.from.reason} → ${change.to.on}: ${change.to.reason})`;
    case 'state':
      if (ko) return `${STATE_KO[change.to]}: ${change.id} (${STATE_KO[change.from]} → ${STATE_KO[change.to]})`;
      return `${change.to === 'published' ? 'published again' : change.to === 'withheld' ? 'no longer published' : change.to}: ${change.id} (${change.from} → ${change.to})`;
  }
}

/** What the content says of every award, for reconcileLedger. */
export function awardSnapshots(
  awards: readonly { id: string; issuedOn: string; revoked?: Revocation }[],
  publishedIds: ReadonlySet<string>,
): AwardSnapshot[] {
  return awards.map((a) => ({
    id: a.id,
    issuedOn: a.issuedOn,
    published: publishedIds.has(a.id),
    ...(a.revoked ? { revoked: a.revoked } : {}),
  }));
}

/** An ISO moment without milliseconds, as the ledger records it. */
export function ledgerMoment(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
