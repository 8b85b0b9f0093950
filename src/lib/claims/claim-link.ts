/**
 * The claim link: `<site>/claim/#<fragment>`. Everything after "#" stays in
 * the earner's browser (browsers never send it in requests, so it is in no
 * server log). The fragment is URL-encoded form data:
 *
 *   v   format version, "1"
 *   a   award id
 *   b   badge (certification or exam) id
 *   t   claim token (see token.ts)
 *   n   recipient name, shown in the preview
 *   c   badge name in the earner's language, shown in the preview
 *   d   issue date, YYYY-MM-DD
 *   l   the earner's language (ko, en)
 *   p   "m" in a manage link (change the visibility of an accepted badge;
 *       its token is the manage token), absent in a claim link
 *
 * Only `a`, `b` and `t` matter to the issuer: the token binds the award and
 * badge ids, and the preview fields are display only.
 *
 * Pure, and shared with the browser (src/browser/claim-page.ts): no Node APIs.
 */
export const CLAIM_LINK_VERSION = '1';

export interface ClaimLinkData {
  awardId: string;
  badgeId: string;
  token: string;
  recipientName: string;
  badgeName: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  locale: string;
  /** A manage link (token.ts's "manage" purpose) rather than a claim link. */
  purpose?: 'manage';
}

export function claimFragment(data: ClaimLinkData): string {
  return new URLSearchParams({
    v: CLAIM_LINK_VERSION,
    a: data.awardId,
    b: data.badgeId,
    t: data.token,
    n: data.recipientName,
    c: data.badgeName,
    d: data.issuedOn.slice(0, 10),
    l: data.locale,
    ...(data.purpose === 'manage' ? { p: 'm' } : {}),
  }).toString();
}

/** `claimPageUrl` is the absolute URL of the claim page in the earner's language. */
export function claimLink(claimPageUrl: string, data: ClaimLinkData): string {
  return `${claimPageUrl}#${claimFragment(data)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type ParsedClaimLink =
  | { ok: true; data: ClaimLinkData }
  | { ok: false; reason: 'missing' | 'broken' }
  /** Every field well formed, but the date is not on the calendar (2026-13-45): changed by hand. */
  | { ok: false; reason: 'bad-date'; date: string };

/** Whether a YYYY-MM-DD string names a real calendar day. */
export function isCalendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Reads a fragment (with or without the leading "#"). Checks shape only: the
 * token itself can only be checked by the issuer, who has the secret. */
export function parseClaimFragment(fragment: string): ParsedClaimLink {
  const text = fragment.replace(/^#/, '');
  if (!text || text === 'done') return { ok: false, reason: 'missing' };
  const params = new URLSearchParams(text);
  const get = (key: string) => params.get(key)?.trim() ?? '';
  const data: ClaimLinkData = {
    awardId: get('a').toLowerCase(),
    badgeId: get('b'),
    token: get('t'),
    recipientName: get('n'),
    badgeName: get('c'),
    issuedOn: get('d'),
    locale: get('l'),
    ...(get('p') === 'm' ? { purpose: 'manage' as const } : {}),
  };
  const valid =
    get('v') === CLAIM_LINK_VERSION &&
    (get('p') === '' || get('p') === 'm') &&
    UUID.test(data.awardId) &&
    SLUG.test(data.badgeId) &&
    TOKEN.test(data.token) &&
    data.recipientName.length > 0 &&
    data.recipientName.length <= 200 &&
    data.badgeName.length > 0 &&
    data.badgeName.length <= 300 &&
    DATE.test(data.issuedOn);
  if (!valid) return { ok: false, reason: 'broken' };
  return isCalendarDate(data.issuedOn) ? { ok: true, data } : { ok: false, reason: 'bad-date', date: data.issuedOn };
}

/** The email body the claim page prefills when the program has no endpoint:
 * a sentence for the people who read it (optional), then one "field: value"
 * per line for claims:apply (see submission.ts for the fields). */
export function submissionEmailBody(
  submission: { award: string; badge: string; token: string; choice: string; locale?: string; purpose?: string },
  sentence?: string,
): string {
  const lines = [
    'v: 1',
    `award: ${submission.award}`,
    `badge: ${submission.badge}`,
    `token: ${submission.token}`,
    `choice: ${submission.choice}`,
    `locale: ${submission.locale ?? ''}`,
    ...(submission.purpose === 'manage' ? ['purpose: manage'] : []),
  ].join('\n');
  return sentence ? `${sentence}\n\n${lines}` : lines;
}
