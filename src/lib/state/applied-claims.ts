/**
 * The applied-claims record: content/state/applied-claims.jsonl, an
 * append-only state log (append-log.ts) committed with the content. One line
 * per claim `claims:apply --write` applied: the award id, the choice and
 * when. The award records say what is claimed now; this says when each
 * claim arrived, and survives the machine or CI run that applied it.
 * Ids only: no name, no address, no token.
 */

export const APPLIED_CLAIMS_FILE = 'state/applied-claims.jsonl';

export interface AppliedClaimLine {
  [field: string]: string | undefined;
  award: string;
  choice: 'public' | 'private';
  at: string;
}

export function appliedClaimLine(
  claim: { awardId: string; visibility: 'public' | 'private' },
  at: string,
): AppliedClaimLine {
  return { award: claim.awardId, choice: claim.visibility, at };
}

/** A problem with one line's fields (naming the field), or undefined. */
export function appliedClaimProblem(entry: Record<string, unknown>): string | undefined {
  for (const field of ['award', 'at'] as const)
    if (typeof entry[field] !== 'string' || !entry[field]) return `field ${field} must be a non-empty string`;
  if (entry.choice !== 'public' && entry.choice !== 'private') return 'field choice must be public or private';
  for (const field of Object.keys(entry))
    if (!['award', 'choice', 'at', 'check'].includes(field))
      return `field ${field} is not allowed (the record holds ids only)`;
  return undefined;
}
