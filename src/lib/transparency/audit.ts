/**
 * What `npm run log -- verify` checks of a published log, as anyone can: the
 * checkpoint's signature (the log key given, kept from an earlier run, or
 * read from the site on first use), every entry and hash tile against the
 * checkpoint's root, the rules no log may break (a credential logged with two
 * dates, an event after an erasure), consistency with a checkpoint seen
 * before (as a witness keeps one), the site's status list against the
 * revocations the log holds, and a credential's entry with its inclusion proof.
 */
import { readDeployedRevocations } from '../lifecycle/deployed-revocations.ts';
import { awardHash, awardIdOfCredential, credentialDigest, decodeEntry, type LogEntry, replay } from './entries.ts';
import { KEY_FILE, type LogFileReader, readPublishedLog, readText, type TransparencyLog } from './log.ts';
import { checkInclusion, inclusionProof, leafHash } from './merkle.ts';
import { type Checkpoint, noteVerifier, openCheckpoint } from './note.ts';

export interface AuditInput {
  read: LogFileReader;
  origin: string;
  /** The log's verifier key, when known (--key, or kept from an earlier run). */
  vkey?: string;
  /** A checkpoint note seen before, to check the log extends it. */
  kept?: string;
  /** The site's status list credential and OB 2.0 revocations.json (parsed), to check revocations are shown. */
  statusList?: unknown;
  revocationList?: unknown;
  /** A credential (parsed OB 3.0 JSON) to find in the log. */
  credential?: Record<string, unknown>;
  now: Date;
}

export interface CredentialInLog {
  award: string;
  /** The issuance entry of this very credential, and the log's size when checked. */
  position?: number;
  size: number;
  /** A later issuance entry of the same award (the credential was corrected since). */
  supersededAt?: number;
  revoked?: { on: string; at: number };
}

export interface AuditResult {
  checkpoint?: Checkpoint & { note: string };
  vkey?: string;
  /** Where the key came from: given, kept, or the site (first use). */
  keySource?: 'given' | 'site';
  log?: TransparencyLog;
  entries: LogEntry[];
  problems: string[];
  credential?: CredentialInLog;
}

export async function auditLog(input: AuditInput): Promise<AuditResult> {
  const result: AuditResult = { entries: [], problems: [] };
  const { problems } = result;
  let vkey = input.vkey;
  result.keySource = 'given';
  if (!vkey) {
    vkey = (await readText(input.read, KEY_FILE))?.trim();
    result.keySource = 'site';
    if (!vkey) {
      problems.push('the site publishes no log key (log/key) and none was given');
      return result;
    }
  }
  result.vkey = vkey;
  const verifier = noteVerifier(vkey);
  let read: Awaited<ReturnType<typeof readPublishedLog>>;
  try {
    read = await readPublishedLog(input.read, [verifier], input.origin, { tiles: true });
  } catch (error) {
    problems.push(`the log does not verify: ${(error as Error).message}`);
    return result;
  }
  if (!read) {
    problems.push('the site has no issuance log (log/checkpoint)');
    return result;
  }
  result.checkpoint = read.checkpoint;
  result.log = read.log;
  for (const tile of read.badTiles) problems.push(`the hash tile ${tile} is not the one the entries make`);
  for (const [i, bytes] of read.log.entries.entries()) {
    try {
      result.entries.push(decodeEntry(bytes));
    } catch (error) {
      problems.push(`entry ${i}: ${(error as Error).message}`);
      return result;
    }
  }
  const { awards, problems: replayed } = replay(result.entries);
  for (const p of replayed) problems.push(`award ${p.award}: ${p.message}`);

  if (input.kept) {
    try {
      const kept = openCheckpoint(input.kept, [verifier], input.origin);
      try {
        read.log.checkExtends(kept);
      } catch {
        problems.push(
          `the log (${read.log.size} entries) does not extend the checkpoint of ${kept.size} entries seen before: it was rewritten, shortened or rebuilt from scratch`,
        );
      }
    } catch (error) {
      problems.push(`the checkpoint seen before does not open with this key: ${(error as Error).message}`);
    }
  }

  if (input.statusList !== undefined) {
    const shown = await readDeployedRevocations(input.statusList, input.revocationList);
    const set = new Set(shown.setIndexes);
    for (const [award, state] of awards)
      if (state.revoked && Date.parse(state.revoked.on) <= input.now.getTime() && !set.has(state.revoked.statusIndex))
        problems.push(
          `award ${award}: revoked in the log (entry ${state.revoked.at}, from ${state.revoked.on}), but status slot ${state.revoked.statusIndex} is clear in the site's status list`,
        );
  }

  if (input.credential) {
    const id = awardIdOfCredential(input.credential);
    if (!id) problems.push('the credential has no Emblem award id (…/badges/<id>/credential.json)');
    else {
      const award = awardHash(id);
      const digest = credentialDigest(input.credential);
      const found: CredentialInLog = { award, size: read.log.size };
      result.credential = found;
      const state = awards.get(award);
      found.position = result.entries.findIndex(
        (e) => e.event === 'issued' && e.award === award && e.credential === digest,
      );
      if (found.position < 0) {
        found.position = undefined;
        problems.push(
          state?.issuedAt !== undefined
            ? `the credential is not the one the log holds for its award (entry ${state.issuedAt}): it was changed or re-signed with other claims`
            : 'the credential is not in the log',
        );
      } else {
        checkInclusion(
          inclusionProof(read.log.tree.source, read.log.size, found.position),
          read.log.size,
          read.checkpoint.root,
          found.position,
          leafHash(read.log.entries[found.position]!),
        );
        const later = result.entries.findIndex(
          (e, i) => i > found.position! && e.event === 'issued' && e.award === award,
        );
        if (later >= 0) found.supersededAt = later;
      }
      if (state?.revoked) found.revoked = { on: state.revoked.on, at: state.revoked.at };
    }
  }
  return result;
}
