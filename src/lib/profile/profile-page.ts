/**
 * An earner's profile page (opt-in, content/profiles.yaml): their public awards on one page, at a URL made from
 * a random id. What the page, its card and its JSON-LD show comes from one summary per profile, made where the
 * awards are known (the content loader, the cards step) and handed to the page as data: a build's Astro pages
 * hold no awards (src/content.config.ts).
 *
 * Nothing here names an earner without a profile, and a profile lists only what anyone could already open:
 * the earner's published, unrevoked award pages.
 */
import { z } from 'zod';
import type { Locale } from '../content/schema.ts';
import type { AwardStatus } from '../eligibility.ts';
import { formatDate, t } from '../i18n.ts';
import { issuerJsonLd } from '../social/json-ld.ts';
import { clampText, type CardData } from '../social/og-card.ts';
import { socialTags, type MetaTag } from '../social/social-meta.ts';
import { pick, type EarnerProfile, type SiteModel } from '../site-model.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';

export const profileSummarySchema = z.strictObject({
  id: z.string(),
  indexed: z.boolean(),
  since: z.string(),
  /** As on the newest award (names on older awards may be spelt otherwise). */
  name: z.string(),
  awards: z.array(
    z.strictObject({
      id: z.string(),
      badge: z.string(),
      issuedOn: z.string(),
      expires: z.string().optional(),
      status: z.enum(['valid', 'expired', 'revoked'] satisfies AwardStatus[]),
    }),
  ),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

export function profileSummary(profile: EarnerProfile): ProfileSummary {
  return {
    id: profile.id,
    indexed: profile.indexed,
    since: profile.since,
    name: profile.awards[0]!.award.recipient.name,
    awards: profile.awards.map(({ award, state }) => ({
      id: award.id,
      badge: award.badge,
      issuedOn: award.issuedOn,
      ...(award.expires && { expires: award.expires }),
      status: state.status,
    })),
  };
}

export interface ProfileAwardView {
  href: string;
  badgeName: string;
  image: string;
  kind: string;
  code?: string;
  issued: string;
  issuedOn: string;
  status: AwardStatus;
  statusLabel: string;
}

/** What the profile page shows in one language. */
export function profileView(model: SiteModel, summary: ProfileSummary, urls: SiteUrls, locale: Locale) {
  const d = model.issuer.defaultLocale;
  const issuer = pick(model.issuer.name, locale, d);
  const awards: ProfileAwardView[] = summary.awards.map((award) => {
    const badgeClass = model.badgeClassById.get(award.badge)!;
    return {
      href: urls.path(sitePaths.awardPage(award.id)),
      badgeName: pick(badgeClass.name, locale, d),
      image: urls.path(badgeClass.image),
      kind: t(locale, `kind.${badgeClass.kind}`),
      code: badgeClass.code,
      issued: formatDate(locale, award.issuedOn),
      issuedOn: award.issuedOn,
      status: award.status,
      statusLabel: t(locale, `award.status.${award.status}`),
    };
  });
  return {
    path: sitePaths.profilePage(summary.id, locale, d),
    title: t(locale, 'profile.title', { name: summary.name }),
    description: t(locale, 'profile.description', { name: summary.name, issuer, count: awards.length }),
    count: t(locale, 'profile.count', { count: awards.length }),
    issuer,
    awards,
    /** Off unless the earner chose to be found by search engines. */
    noindex: !summary.indexed,
  };
}

/** A Person who holds each listed credential, recognized by the issuer; the award pages carry the details. */
export function profileJsonLd(model: SiteModel, summary: ProfileSummary, urls: SiteUrls, locale: Locale) {
  const d = model.issuer.defaultLocale;
  const pageUrl = urls.url(sitePaths.profilePage(summary.id, locale, d));
  const organization = issuerJsonLd(model, urls, locale);
  return {
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'ProfilePage',
        '@id': pageUrl,
        url: pageUrl,
        inLanguage: locale,
        mainEntity: { '@id': `${pageUrl}#person` },
      },
      {
        '@type': 'Person',
        '@id': `${pageUrl}#person`,
        name: summary.name,
        hasCredential: summary.awards.map((award) => {
          const badgeClass = model.badgeClassById.get(award.badge)!;
          const awardUrl = urls.url(sitePaths.awardPage(award.id));
          return {
            '@type': 'EducationalOccupationalCredential',
            '@id': `${awardUrl}#credential`,
            name: pick(badgeClass.name, locale, d),
            credentialCategory: badgeClass.kind,
            url: awardUrl,
            dateCreated: award.issuedOn,
            ...(award.expires && { expires: award.expires }),
            recognizedBy: { '@id': organization['@id'] },
          };
        }),
      },
      organization,
    ],
  };
}

/** The profile's link preview: its own card (the earner's name and newest badge), in the page's language. */
export function profileSocialTags(
  model: SiteModel,
  summary: ProfileSummary,
  urls: SiteUrls,
  locale: Locale,
): MetaTag[] {
  const view = profileView(model, summary, urls, locale);
  return socialTags({
    title: view.title,
    description: view.description,
    url: urls.url(view.path),
    type: 'profile',
    siteName: view.issuer,
    locale,
    alternateLocales: model.issuer.locales.filter((l) => l !== locale),
    image: urls.url(sitePaths.profileCard(summary.id)),
    imageAlt: view.title,
  });
}

/** The profile's card: the earner's name large, how many public badges, their newest badge's artwork. */
export function profileCardData(model: SiteModel, summary: ProfileSummary, urls: SiteUrls): CardData {
  const locale = model.issuer.defaultLocale;
  return {
    locale,
    issuer: clampText(pick(model.issuer.name, locale, locale), 80),
    title: clampText(summary.name, 120),
    facts: [t(locale, 'profile.cardFacts', { count: summary.awards.length })],
    states: [],
    footer: new URL(urls.site).host,
    mutedArtwork: false,
  };
}
