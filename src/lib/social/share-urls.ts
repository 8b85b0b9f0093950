/**
 * Share and add-to-profile addresses of an award page, from plain inputs (no
 * i18n, no site model): the build (src/lib/social/share-links.ts) and the page's
 * script (src/browser/award-actions.ts) make the same links with the same code.
 * The page carries the award's inputs once, as data-* attributes, rather than
 * five long links per language.
 */

export type ShareTarget = 'linkedin-profile' | 'linkedin' | 'x' | 'facebook' | 'email';

/** In the order the page lists them. */
export const SHARE_TARGETS: readonly ShareTarget[] = ['linkedin-profile', 'linkedin', 'x', 'facebook', 'email'];

/** Year and month (1–12) as written in an ISO date-time, i.e. in the award's
 * own time zone: an award issued on 1 March in Seoul is a March award. */
export function yearMonth(isoDateTime: string): { year: number; month: number } {
  const match = /^(\d{4})-(\d{2})/.exec(isoDateTime);
  if (!match) throw new Error(`not an ISO date: ${isoDateTime}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/**
 * A query value as it goes into an href: what must be percent-encoded is, and
 * nothing more. ASCII outside RFC 3986's query characters, and the delimiters
 * of a query (& = + #) and "%", are encoded; ":" and "/" of an address and
 * letters beyond ASCII (Hangul, say) stay as they are. Browsers send such an
 * address UTF-8 percent-encoded, exactly as if it had been written that way
 * (the URL standard allows these code points in a valid URL), and the page
 * carries a Hangul syllable in 3 bytes instead of 9. Only the URL standard's
 * code points from U+00A0 on (not surrogates or noncharacters) are kept.
 */
export function encodeQueryValue(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    const keep =
      code < 0x80
        ? /[A-Za-z0-9\-._~!$()*,;:@/?]/.test(char)
        : code >= 0xa0 &&
          !(code >= 0xd800 && code <= 0xdfff) &&
          !(code >= 0xfdd0 && code <= 0xfdef) &&
          (code & 0xfffe) !== 0xfffe;
    // encodeURIComponent leaves "'" as is; in an HTML attribute it would be escaped to 5 bytes.
    out += keep ? char : char === "'" ? '%27' : encodeURIComponent(char);
  }
  return out;
}

/** `base?name=value&…`, values encoded by encodeQueryValue. */
function withQuery(base: string, params: [string, string][]): string {
  return `${base}?${params.map(([name, value]) => `${name}=${encodeQueryValue(value)}`).join('&')}`;
}

export interface AddToProfileInput {
  name: string;
  organizationId?: string;
  organizationName: string;
  issuedOn: string;
  expires?: string;
  certUrl: string;
  certId: string;
}

/** LinkedIn "Add to profile" (certification section), the documented form
 * `profile/add?startTask=CERTIFICATION_NAME&…`. The organization id links the
 * entry to the issuer's LinkedIn page; without it the name is used. */
export function linkedInAddToProfileUrl(input: AddToProfileInput): string {
  const params: [string, string][] = [
    ['startTask', 'CERTIFICATION_NAME'],
    ['name', input.name],
  ];
  if (input.organizationId) params.push(['organizationId', input.organizationId]);
  else params.push(['organizationName', input.organizationName]);
  const issued = yearMonth(input.issuedOn);
  params.push(['issueYear', String(issued.year)], ['issueMonth', String(issued.month)]);
  if (input.expires) {
    const expires = yearMonth(input.expires);
    params.push(['expirationYear', String(expires.year)], ['expirationMonth', String(expires.month)]);
  }
  params.push(['certUrl', input.certUrl], ['certId', input.certId]);
  return withQuery('https://www.linkedin.com/profile/add', params);
}

export function linkedInPostUrl(pageUrl: string): string {
  // share-offsite reads only `url`; the post text comes from the page's Open Graph tags.
  return withQuery('https://www.linkedin.com/sharing/share-offsite/', [['url', pageUrl]]);
}

export function xPostUrl(pageUrl: string, text: string): string {
  return withQuery('https://x.com/intent/post', [
    ['text', text],
    ['url', pageUrl],
  ]);
}

export function facebookShareUrl(pageUrl: string): string {
  return withQuery('https://www.facebook.com/sharer/sharer.php', [['u', pageUrl]]);
}

/** mailto: with percent-encoding (not "+" for spaces, which mail clients show as is). */
export function emailShareUrl(subject: string, body: string): string {
  return withQuery('mailto:', [
    ['subject', subject],
    ['body', body],
  ]);
}

/** What one language's share links are made from. */
export interface ShareInput {
  /** The award page's address as shared from this language's view. */
  pageUrl: string;
  badge: string;
  /** The issuer's LinkedIn organization id; without it LinkedIn gets the issuer's name. */
  organizationId?: string;
  organizationName: string;
  issuedOn: string;
  expires?: string;
  awardId: string;
  /** What the earner says (X post, email body). */
  text: string;
  emailSubject: string;
}

/** Web share pages open in a new tab; email opens the mail program. */
export function opensNewTab(target: ShareTarget): boolean {
  return target !== 'email';
}

export function shareHref(target: ShareTarget, input: ShareInput): string {
  switch (target) {
    case 'linkedin-profile':
      return linkedInAddToProfileUrl({
        name: input.badge,
        organizationId: input.organizationId,
        organizationName: input.organizationName,
        issuedOn: input.issuedOn,
        expires: input.expires,
        certUrl: input.pageUrl,
        certId: input.awardId,
      });
    case 'linkedin':
      return linkedInPostUrl(input.pageUrl);
    case 'x':
      return xPostUrl(input.pageUrl, input.text);
    case 'facebook':
      return facebookShareUrl(input.pageUrl);
    case 'email':
      return emailShareUrl(input.emailSubject, `${input.text}\n\n${input.pageUrl}\n`);
  }
}

/**
 * Where the page carries the award's inputs, as data-* attributes of its root element (names
 * after "data-"), once for every language (data-award-id and data-expires serve the live
 * status and the certificate too). Those of one language are the page's own words: its
 * script takes them from what that language's version shows and its text table
 * (src/lib/award-page/award-page-texts.ts), and the address from the version's field to copy.
 */
const AWARD_DATA = {
  organizationId: 'org-id',
  issuedOn: 'issued',
  expires: 'expires',
  awardId: 'award-id',
} as const satisfies Partial<Record<keyof ShareInput, string>>;

type AwardKey = keyof typeof AWARD_DATA;

/** The inputs of one language: the page address as shared from its view, and its words. */
export type ShareLanguageInput = Pick<ShareInput, 'pageUrl' | 'badge' | 'organizationName' | 'text' | 'emailSubject'>;

/** The award's inputs as [name, value] pairs for the page's root element; absent ones are left out. */
export function shareAwardData(input: ShareInput): [string, string][] {
  return (Object.entries(AWARD_DATA) as [AwardKey, string][]).flatMap(([key, name]) =>
    input[key] === undefined ? [] : [[name, input[key]] as [string, string]],
  );
}

/** Reads the award's inputs back (the inverse of shareAwardData) through `attribute`, and adds one language's. */
export function shareInputFromData(
  attribute: (name: string) => string | null,
  language: ShareLanguageInput,
): ShareInput {
  const read = (key: AwardKey) => attribute(`data-${AWARD_DATA[key]}`) ?? undefined;
  const required = (key: AwardKey) => {
    const value = read(key);
    if (value === undefined) throw new Error(`the page has no data-${AWARD_DATA[key]} for its share links`);
    return value;
  };
  return {
    ...language,
    organizationId: read('organizationId'),
    issuedOn: required('issuedOn'),
    expires: read('expires'),
    awardId: required('awardId'),
  };
}
