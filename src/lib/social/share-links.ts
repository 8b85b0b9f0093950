/**
 * Share and add-to-profile links of an award page, in the page's languages.
 * Plain links (no platform scripts), which leak nothing until clicked. The
 * addresses are made by src/lib/social/share-urls.ts, here and in the page's script
 * (the page carries their inputs, not the links). Revoked awards get none;
 * expired ones say so in the text they share.
 */
import { formatDate, t } from '../i18n.ts';
import type { Locale } from '../content/schema.ts';
import { pick, type PublishedAward, type SiteModel } from '../site-model.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';
import { SHARE_TARGETS, shareHref, type ShareInput, type ShareTarget } from './share-urls.ts';

export {
  emailShareUrl,
  encodeQueryValue,
  facebookShareUrl,
  linkedInAddToProfileUrl,
  linkedInPostUrl,
  type ShareTarget,
  xPostUrl,
  yearMonth,
} from './share-urls.ts';

export interface ShareLink {
  target: ShareTarget;
  href: string;
  label: string;
}

/** What the earner says when sharing, in the reader's language. */
export function shareText(model: SiteModel, entry: PublishedAward, locale: Locale): string {
  const fallback = model.issuer.defaultLocale;
  const vars = {
    badge: pick(entry.badgeClass.name, locale, fallback),
    issuer: pick(model.issuer.name, locale, fallback),
  };
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

/** What an award page's share links in `locale` are made from, or undefined for a revoked award. */
export function shareInput(
  model: SiteModel,
  entry: PublishedAward,
  urls: SiteUrls,
  locale: Locale,
): ShareInput | undefined {
  if (entry.state.status === 'revoked') return undefined;
  const fallback = model.issuer.defaultLocale;
  const badge = pick(entry.badgeClass.name, locale, fallback);
  return {
    pageUrl: localizedAwardUrl(model, entry.award.id, urls, locale),
    badge,
    organizationId: model.issuer.linkedinOrganizationId,
    organizationName: pick(model.issuer.name, locale, fallback),
    issuedOn: entry.award.issuedOn,
    // Expired awards keep the add-to-profile link: LinkedIn shows the expiry month it is given.
    expires: entry.award.expires,
    awardId: entry.award.id,
    text: shareText(model, entry, locale),
    emailSubject: t(locale, 'share.emailSubject', { badge }),
  };
}

const LABEL_KEYS = {
  'linkedin-profile': 'share.addToProfile',
  linkedin: 'share.linkedin',
  x: 'share.x',
  facebook: 'share.facebook',
  email: 'share.email',
} as const satisfies Record<ShareTarget, string>;

/** The label of a share link in `locale`. */
export function shareLabel(locale: Locale, target: ShareTarget): string {
  return t(locale, LABEL_KEYS[target]);
}

/** Every share link of an award page, or none for a revoked award. */
export function shareLinks(model: SiteModel, entry: PublishedAward, urls: SiteUrls, locale: Locale): ShareLink[] {
  const input = shareInput(model, entry, urls, locale);
  if (!input) return [];
  return SHARE_TARGETS.map((target) => ({ target, label: shareLabel(locale, target), href: shareHref(target, input) }));
}
