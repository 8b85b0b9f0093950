/**
 * schema.org JSON-LD for award pages, for search engines and scrapers (and for
 * the home page: the issuer and the site; and certification pages: the
 * credential the catalog describes, recognized by the issuer).
 *
 * schema.org has no "award of a credential to a person", so the page describes
 * a Person who `hasCredential` an EducationalOccupationalCredential (a
 * CreativeWork: it carries dateCreated, expires, identifier), recognized by
 * the issuing Organization, with the Open Badges files as its encodings.
 */
import type { Locale } from '../content/schema.ts';
import { pick, type PublishedAward, type SiteModel } from '../site-model.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';

type JsonLd = Record<string, unknown>;

export function issuerJsonLd(model: SiteModel, urls: SiteUrls, locale: Locale): JsonLd {
  const { issuer } = model;
  const sameAs = issuer.linkedinOrganizationId
    ? [`https://www.linkedin.com/company/${issuer.linkedinOrganizationId}/`]
    : undefined;
  return {
    '@type': 'Organization',
    '@id': `${issuer.url}#organization`,
    name: pick(issuer.name, locale, issuer.defaultLocale),
    url: issuer.url,
    logo: urls.url(issuer.logo),
    ...(sameAs && { sameAs }),
  };
}

/** The award as JSON-LD, or undefined for a revoked award: search engines
 * should not be told that anyone holds it. */
export function awardJsonLd(model: SiteModel, entry: PublishedAward, urls: SiteUrls): JsonLd | undefined {
  if (entry.state.status === 'revoked') return undefined;
  const { award, badgeClass } = entry;
  const locale = model.issuer.defaultLocale;
  const pageUrl = urls.url(sitePaths.awardPage(award.id));
  const organization = issuerJsonLd(model, urls, locale);
  const credential: JsonLd = {
    '@type': 'EducationalOccupationalCredential',
    '@id': `${pageUrl}#credential`,
    name: pick(badgeClass.name, locale, locale),
    description: pick(badgeClass.description, locale, locale),
    credentialCategory: badgeClass.kind,
    ...(badgeClass.level && { educationalLevel: badgeClass.level }),
    ...(badgeClass.skills.length && { competencyRequired: badgeClass.skills.map((s) => pick(s.name, locale, locale)) }),
    identifier: award.id,
    url: pageUrl,
    image: urls.url(sitePaths.badgeImagePng(badgeClass.id)),
    dateCreated: award.issuedOn,
    ...(award.expires && { expires: award.expires }),
    recognizedBy: { '@id': organization['@id'] },
    about: urls.url(sitePaths.certificationPage(badgeClass.id, locale, model.issuer.defaultLocale)),
    encoding: [
      {
        '@type': 'MediaObject',
        name: 'Open Badges 3.0 credential',
        contentUrl: urls.url(sitePaths.ob3Credential(award.id)),
        encodingFormat: 'application/ld+json',
      },
      {
        '@type': 'MediaObject',
        name: 'Open Badges 2.0 assertion',
        contentUrl: urls.url(sitePaths.ob2Assertion(award.id)),
        encodingFormat: 'application/ld+json',
      },
    ],
  };
  return {
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'WebPage',
        '@id': pageUrl,
        url: pageUrl,
        name: `${credential.name} · ${award.recipient.name}`,
        inLanguage: model.issuer.locales,
        mainEntity: { '@id': credential['@id'] },
      },
      {
        '@type': 'Person',
        '@id': `${pageUrl}#recipient`,
        name: award.recipient.name,
        hasCredential: { '@id': credential['@id'] },
      },
      credential,
      organization,
    ],
  };
}

/** The home page: the site (in the page's language), published by the issuing Organization. */
export function homeJsonLd(model: SiteModel, urls: SiteUrls, locale: Locale): JsonLd {
  const organization = issuerJsonLd(model, urls, locale);
  const d = model.issuer.defaultLocale;
  const siteUrl = urls.url(sitePaths.home(d, d));
  return {
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'WebSite',
        '@id': `${siteUrl}#website`,
        url: urls.url(sitePaths.home(locale, d)),
        name: pick(model.issuer.name, locale, d),
        inLanguage: locale,
        publisher: { '@id': organization['@id'] },
      },
      organization,
    ],
  };
}

/** A certification page: the credential as the catalog describes it (no one's award), recognized by the issuer. */
export function certificationJsonLd(model: SiteModel, id: string, urls: SiteUrls, locale: Locale): JsonLd {
  const entry = model.badgeClassById.get(id)!;
  const d = model.issuer.defaultLocale;
  const pageUrl = urls.url(sitePaths.certificationPage(id, locale, d));
  const organization = issuerJsonLd(model, urls, locale);
  const hasBadge = model.decisions.get(id)?.hasBadge ?? false;
  return {
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'EducationalOccupationalCredential',
        '@id': `${pageUrl}#credential`,
        name: pick(entry.name, locale, d),
        description: pick(entry.description, locale, d),
        credentialCategory: entry.kind,
        ...(entry.code && { identifier: entry.code }),
        ...(entry.level && { educationalLevel: entry.level }),
        ...(entry.skills.length && { competencyRequired: entry.skills.map((s) => pick(s.name, locale, d)) }),
        url: pageUrl,
        inLanguage: locale,
        ...(hasBadge && { image: urls.url(sitePaths.badgeImagePng(id)) }),
        recognizedBy: { '@id': organization['@id'] },
      },
      organization,
    ],
  };
}

const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g;
const SCRIPT_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON for the inside of a `<script type="application/ld+json">`: `<` is
 * escaped so no value can close the tag or open a comment, and the line
 * separators JavaScript once treated as line ends are escaped too. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(SCRIPT_UNSAFE, (ch) => SCRIPT_ESCAPES[ch]!);
}
