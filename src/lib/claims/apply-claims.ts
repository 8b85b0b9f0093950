/**
 * `claims:apply`: checks collected claim submissions and turns the valid ones
 * into edits of the award records (`claim: accepted` and the chosen
 * `visibility`). Pure: text in, text out; the command does the file I/O.
 */
import { isMap, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import type { Award } from '../content/schema.ts';
import { checkSubmission, parseSubmission, type Choice, type SubmissionProblem } from './submission.ts';

export interface SubmissionRecord {
  /** Where it came from, e.g. "claims.csv line 3", for the report. */
  source: string;
  fields: Record<string, unknown>;
}

export interface AcceptedClaim {
  source: string;
  awardId: string;
  badge: string;
  recipientName: string;
  visibility: Choice;
  /** Content file of the award record (as in Content.sources). */
  file: string;
  /** A manage request (change of visibility of an accepted award), not a claim. */
  manage?: boolean;
}

export interface RefusedClaim {
  source: string;
  awardId?: string;
  problem: SubmissionProblem | 'duplicate';
  /** For `malformed`: the field at fault. */
  field?: string;
  /** For `already-claimed`: the visibility the award was accepted with (the claim asks for the other one). */
  current?: Choice;
}

/** A name correction an earner asked for with the manage link: staff review it (staff-correct-name.yml). */
export interface NameRequest {
  source: string;
  awardId: string;
}

export interface ClaimPlan {
  accepted: AcceptedClaim[];
  /** Refused submissions, and (`duplicate`) earlier choices a later one for the same award replaced. */
  refused: RefusedClaim[];
  /** Claims the award records already carry (a re-run on an inbox already applied): nothing to do, not a failure. */
  alreadyDone: AcceptedClaim[];
  /** Submissions identical to an earlier one for the same award (a replay): counted, not listed. */
  repeats: number;
  /** Name correction requests with a valid manage token: not applied here (the name needs a person's review). */
  nameRequests: NameRequest[];
}

/** Whether a plan holds a real refusal (forged, conflicting, unknown…): superseded choices and claims already applied are not. */
export function planFailed(plan: ClaimPlan): boolean {
  return plan.refused.some((r) => r.problem !== 'duplicate');
}

/**
 * Decides what each submission does. Several valid submissions for one award
 * (the earner changed their mind): the last one wins, the earlier ones are
 * reported as duplicates; a submission identical to the one it follows is a
 * repeat. The winner is then compared with the award: if the record already
 * says `claim: accepted` with the same visibility, the claim was applied
 * before (already done); with the other visibility it conflicts and is
 * refused. Loops only: an inbox may hold hundreds of thousands of lines.
 */
export function planClaims(
  records: readonly SubmissionRecord[],
  awards: readonly Award[],
  sources: ReadonlyMap<string, string>,
  secret: string,
): ClaimPlan {
  const byId = new Map<string, Award>();
  for (const award of awards) byId.set(award.id.toLowerCase(), award);
  const refused: RefusedClaim[] = [];
  const latest = new Map<string, AcceptedClaim>();
  let repeats = 0;
  // Awards with a valid claim in these records: a manage request after it changes that claim's choice.
  const claimedHere = new Set<string>();
  const nameRequests: NameRequest[] = [];
  for (const record of records) {
    const parsed = parseSubmission(record.fields);
    if (!parsed.ok) {
      refused.push({ source: record.source, problem: 'malformed', field: parsed.field });
      continue;
    }
    const { submission } = parsed;
    const checked = checkSubmission(submission, byId, secret);
    // Claimed, unclaimed or revoked awards are decided below, once the last choice for them is known.
    if (
      !checked.ok &&
      checked.problem !== 'already-claimed' &&
      checked.problem !== 'not-claimable' &&
      checked.problem !== 'not-claimed'
    ) {
      refused.push({ source: record.source, awardId: submission.award, problem: checked.problem });
      continue;
    }
    if (submission.choice === 'name') {
      if (checked.ok) nameRequests.push({ source: record.source, awardId: submission.award });
      else refused.push({ source: record.source, awardId: submission.award, problem: checked.problem });
      continue;
    }
    const manage = submission.purpose === 'manage';
    if (!manage) claimedHere.add(submission.award);
    const earlier = latest.get(submission.award);
    if (earlier?.visibility === submission.choice && Boolean(earlier.manage) === manage) {
      repeats += 1;
      continue;
    }
    if (earlier) refused.push({ source: earlier.source, awardId: earlier.awardId, problem: 'duplicate' });
    const award = byId.get(submission.award)!;
    latest.set(submission.award, {
      source: record.source,
      awardId: award.id,
      badge: award.badge,
      recipientName: award.recipient.name,
      visibility: submission.choice,
      file: sources.get(award.id) ?? '',
      ...(manage ? { manage } : {}),
    });
  }
  const accepted: AcceptedClaim[] = [];
  const alreadyDone: AcceptedClaim[] = [];
  for (const claim of latest.values()) {
    const award = byId.get(claim.awardId.toLowerCase())!;
    const id = claim.awardId.toLowerCase();
    if (award.claim === 'accepted' && award.visibility === claim.visibility) alreadyDone.push(claim);
    else if (award.revoked) refused.push({ source: claim.source, awardId: claim.awardId, problem: 'not-claimable' });
    // A manage request switches an accepted award (or one claimed in these records) to the other visibility.
    else if (claim.manage && (award.claim === 'accepted' || claimedHere.has(id))) accepted.push(claim);
    else if (claim.manage) refused.push({ source: claim.source, awardId: claim.awardId, problem: 'not-claimed' });
    else if (award.claim === 'accepted')
      refused.push({
        source: claim.source,
        awardId: claim.awardId,
        problem: 'already-claimed',
        current: award.visibility,
      });
    else accepted.push(claim);
  }
  return { accepted, refused, alreadyDone, repeats, nameRequests };
}

export type RecordEdit = { visibility: Choice };

/** The award records of a parsed content file: one record, a list, or `{ awards: [...] }`. */
function yamlRecords(doc: Document): YAMLMap[] {
  const root = doc.contents;
  if (isSeq(root)) return root.items.filter(isMap);
  if (isMap(root)) {
    const list = root.get('awards');
    if (isSeq(list)) return list.items.filter(isMap);
    return [root];
  }
  return [];
}

/**
 * Sets `claim: accepted` and `visibility` on the named records of a YAML file,
 * keeping comments, order and quoting of everything else. Returns the new
 * text and the ids it did not find.
 */
export function editYamlAwards(
  text: string,
  edits: ReadonlyMap<string, RecordEdit>,
): { text: string; missing: string[] } {
  const doc = parseDocument(text);
  const found = new Set<string>();
  for (const record of yamlRecords(doc)) {
    const id = String(record.get('id') ?? '').toLowerCase();
    const edit = edits.get(id);
    if (!edit) continue;
    record.set('claim', 'accepted');
    record.set('visibility', edit.visibility);
    found.add(id);
  }
  // lineWidth 0: never re-fold long lines the editor wrote on one line.
  return { text: doc.toString({ lineWidth: 0 }), missing: Array.from(edits.keys()).filter((id) => !found.has(id)) };
}

/** The same for a JSON file, re-serialized with the file's own indentation and final newline. */
export function editJsonAwards(
  text: string,
  edits: ReadonlyMap<string, RecordEdit>,
): { text: string; missing: string[] } {
  const data = JSON.parse(text) as unknown;
  const list: unknown[] = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray((data as { awards?: unknown }).awards)
      ? (data as { awards: unknown[] }).awards
      : [data];
  const found = new Set<string>();
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const record = item as Record<string, unknown>;
    const id = String(record.id ?? '').toLowerCase();
    const edit = edits.get(id);
    if (!edit) continue;
    record.claim = 'accepted';
    record.visibility = edit.visibility;
    found.add(id);
  }
  // The first indented line shows the file's indentation unit.
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  const out = JSON.stringify(data, null, indent) + (text.endsWith('\n') ? '\n' : '');
  return { text: out, missing: Array.from(edits.keys()).filter((id) => !found.has(id)) };
}

/** Groups accepted claims by content file. */
export function editsByFile(accepted: readonly AcceptedClaim[]): Map<string, Map<string, RecordEdit>> {
  const files = new Map<string, Map<string, RecordEdit>>();
  for (const claim of accepted) {
    let edits = files.get(claim.file);
    if (!edits) files.set(claim.file, (edits = new Map()));
    edits.set(claim.awardId.toLowerCase(), { visibility: claim.visibility });
  }
  return files;
}
