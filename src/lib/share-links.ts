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
  const url = new URL('https://www.linkedin.com/profile/add');
  const params = url.searchParams;
  params.set('startTask', 'CERTIFICATION_NAME');
  params.set('name', input.name);
  if (input.organizationId) params.set('organizationId', input.organizationId);
  else params.set('organizationName', input.organizationName);
  const issued = yearMonth(input.issuedOn);
  params.set('issueYear', String(issued.year));
  params.set('issueMonth', String(issued.month));
  if (input.expires) {
    const expires = yearMonth(input.expires);
    params.set('expirationYear', String(expires.year));
    params.set('expirationMonth', String(expires.month));
  }
  params.set('certUrl', input.certUrl);
  params.set('certId', input.certId);
  return url.href;
}

export function linkedInPostUrl(pageUrl: string): string {
  // share-offsite reads only `url`; the post text comes from the page's Open Graph tags.
  return `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(pageUrl)}`;
}

export function xPostUrl(pageUrl: string, text: string): string {
  return `https://x.com/intent/post?text=${encodeURIComponent(text)}&url=${encodeURIComponent(pageUrl)}`;
}

export function facebookShareUrl(pageUrl: string): string {
  return `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(pageUrl)}`;
}

/** mailto: with percent-encoding (not "+" for spaces, which mail clients show as is). */
export function emailShareUrl(subject: string, body: string): string {
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
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
