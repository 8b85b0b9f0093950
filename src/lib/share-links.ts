/**
 * Share and add-to-profile links of an award page. Plain links (no platform
 * scripts): they work without JavaScript and leak nothing until clicked.
 * Revoked awards get none; expired ones say so in the text they share.
 */
import { formatDate, t } from './i18n.ts';
import type { Locale } from './schema.ts';
import { pick, type PublishedAward, type SiteModel } from './site-model.ts';
import { sitePaths, type SiteUrls } from './site-urls.ts';

export type ShareTarget = 'linkedin-profile' | 'linkedin' | 'x' | 'facebook' | 'email';

export interface ShareLink {
  target: ShareTarget;
  href: string;
  label: string;
}

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
        : code >= 0xa0 && !(code >= 0xd800 && code <= 0xdfff) && !(code >= 0xfdd0 && code <= 0xfdef) && (code & 0xfffe) !== 0xfffe;
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

/** What the earner says when sharing, in the reader's language. */
export function shareText(model: SiteModel, entry: PublishedAward, locale: Locale): string {
  const fallback = model.issuer.defaultLocale;
  const vars = { badge: pick(entry.badgeClass.name, locale, fallback), issuer: pick(model.issuer.name, locale, fallback) };
  return entry.state.status === 'expired'
    ? t(locale, 'share.text.expired', { ...vars, date: formatDate(locale, entry.award.expires!) })
    : t(locale, 'share.text.valid', vars);
}

/**
 * The award page's address as shared from the view in `locale`: the plain URL for
 * the issuer's default language (each reader's browser then picks), `#<locale>`
 * for another, so what an earner shares from the English view opens in English
 * (with or without JavaScript: the fragment is the page's language switch).
 */
export function localizedAwardUrl(model: SiteModel, awardId: string, urls: SiteUrls, locale: Locale): string {
  const url = urls.url(sitePaths.awardPage(awardId));
  return locale === model.issuer.defaultLocale ? url : `${url}#${locale}`;
}

/** Every share link of an award page, or none for a revoked award. */
export function shareLinks(model: SiteModel, entry: PublishedAward, urls: SiteUrls, locale: Locale): ShareLink[] {
  if (entry.state.status === 'revoked') return [];
  const fallback = model.issuer.defaultLocale;
  const pageUrl = localizedAwardUrl(model, entry.award.id, urls, locale);
  const badge = pick(entry.badgeClass.name, locale, fallback);
  const text = shareText(model, entry, locale);
  return [
    // Expired awards keep this link: LinkedIn shows the expiry month it is given.
    {
      target: 'linkedin-profile',
      label: t(locale, 'share.addToProfile'),
      href: linkedInAddToProfileUrl({
        name: badge,
        organizationId: model.issuer.linkedinOrganizationId,
        organizationName: pick(model.issuer.name, locale, fallback),
        issuedOn: entry.award.issuedOn,
        expires: entry.award.expires,
        certUrl: pageUrl,
        certId: entry.award.id,
      }),
    },
    { target: 'linkedin', label: t(locale, 'share.linkedin'), href: linkedInPostUrl(pageUrl) },
    { target: 'x', label: t(locale, 'share.x'), href: xPostUrl(pageUrl, text) },
    { target: 'facebook', label: t(locale, 'share.facebook'), href: facebookShareUrl(pageUrl) },
    { target: 'email', label: t(locale, 'share.email'), href: emailShareUrl(t(locale, 'share.emailSubject', { badge }), `${text}\n\n${pageUrl}\n`) },
  ];
}
