/**
 * A claim submission: what the claim page sends to the issuer (form POST to
 * `claims.endpoint`, or the lines of a prefilled email). Fields:
 *
 *   v       format version, "1"
 *   award   award id
 *   badge   badge id
 *   token   claim token from the link
 *   choice  "public" (accept and publish) or "private" (accept, keep private)
 *   locale  the earner's language (ko, en), for the confirmation
 *   purpose "claim" (default: the first acceptance, from the claim link) or
 *           "manage" (later, from the manage link: a switch of visibility,
 *           or choice "name", a name correction request)
 *   name    with choice "name": the name as it should appear
 *
 * Encoded as application/x-www-form-urlencoded (form POST), or one
 * "field: value" per line (email body). Collected submissions are stored as
 * JSON objects with these fields (JSONL), or as CSV with these column names.
 */
import { isValidToken, type TokenPurpose } from './token.ts';

export { submissionEmailBody } from './claim-link.ts';

export const SUBMISSION_FIELDS = ['v', 'award', 'badge', 'token', 'choice', 'locale', 'purpose', 'name'] as const;
export type Choice = 'public' | 'private';

export interface ClaimSubmission {
  award: string;
  badge: string;
  token: string;
  /** "name": a name correction request (manage only), staff review it. */
  choice: Choice | 'name';
  locale?: string;
  /** Absent: a claim. */
  purpose?: 'manage';
  /** With choice "name". */
  name?: string;
}

/** Longest requested name (characters), as the claim link's preview name. */
export const MAX_NAME_LENGTH = 200;

export type SubmissionProblem =
  | 'malformed'
  | 'bad-token'
  | 'unknown-award'
  | 'already-claimed'
  | 'not-claimable'
  /** A manage request for an award not accepted yet (the claim link comes first). */
  | 'not-claimed';

/** Reads loose fields (form data, CSV row, JSON object) into a submission, or says which field is wrong. */
export function parseSubmission(
  fields: Record<string, unknown>,
): { ok: true; submission: ClaimSubmission } | { ok: false; field: string } {
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string).trim() : '');
  const award = text('award').toLowerCase();
  const badge = text('badge');
  const token = text('token');
  // "visibility" is accepted as a synonym: staff may name the column after the award field.
  const choice = text('choice') || text('visibility');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(award))
    return { ok: false, field: 'award' };
  if (!/^[a-z0-9][a-z0-9-]*$/.test(badge)) return { ok: false, field: 'badge' };
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, field: 'token' };
  const purpose = text('purpose') || 'claim';
  if (purpose !== 'claim' && purpose !== 'manage') return { ok: false, field: 'purpose' };
  if (choice !== 'public' && choice !== 'private' && !(choice === 'name' && purpose === 'manage'))
    return { ok: false, field: 'choice' };
  const name = choice === 'name' ? text('name').normalize('NFC') : '';
  // Control characters never belong in a name (and would break the lines of logs and mail).
  if (choice === 'name' && (!name || name.length > MAX_NAME_LENGTH || /\p{Cc}/u.test(name)))
    return { ok: false, field: 'name' };
  const locale = text('locale');
  return {
    ok: true,
    submission: {
      award,
      badge,
      token,
      choice,
      ...(locale ? { locale } : {}),
      ...(purpose === 'manage' ? { purpose } : {}),
      ...(name ? { name } : {}),
    },
  };
}

/** What the issuer knows of an award, enough to check a submission. */
export interface ClaimableAward {
  id: string;
  badge: string;
  claim: 'pending' | 'accepted';
  revoked?: unknown;
  visibility?: Choice;
}

export function submissionPurpose(submission: ClaimSubmission): TokenPurpose {
  return submission.purpose ?? 'claim';
}

/** Checks a submission's token and the award's state. */
export function checkSubmission(
  submission: ClaimSubmission,
  awards: ReadonlyMap<string, ClaimableAward>,
  secret: string,
): { ok: true; award: ClaimableAward } | { ok: false; problem: SubmissionProblem } {
  // The token is checked first and against the submitted ids: a forged link
  // learns nothing about which award ids exist.
  // The token's purpose must match the submission's: a claim link cannot manage, a manage link cannot claim.
  if (!isValidToken(submissionPurpose(submission), secret, submission.award, submission.badge, submission.token))
    return { ok: false, problem: 'bad-token' };
  const award = awards.get(submission.award);
  if (!award || award.badge !== submission.badge) return { ok: false, problem: 'unknown-award' };
  if (award.revoked) return { ok: false, problem: 'not-claimable' };
  // A manage request changes an accepted award's visibility; a claim accepts a pending one.
  if (submission.purpose === 'manage') {
    // A name can be corrected before the badge is accepted (the earner saw it in the preview).
    if (award.claim !== 'accepted' && submission.choice !== 'name') return { ok: false, problem: 'not-claimed' };
  } else if (award.claim === 'accepted') return { ok: false, problem: 'already-claimed' };
  return { ok: true, award };
}

/** Reads "field: value" lines (a forwarded claim email) into loose fields. */
export function fieldsFromEmailBody(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(v|award|badge|token|choice|locale|purpose)\s*:\s*(\S*)\s*$/.exec(line);
    if (match) fields[match[1]!] = match[2]!;
  }
  return fields;
}
