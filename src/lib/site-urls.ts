/**
 * Every public URL of the site, derived from one setting: the site URL
 * (origin plus optional base path, e.g. https://badges.example.org/program/).
 * Pages link with `path()`, credentials and meta tags use absolute `url()`.
 */
export interface SiteUrls {
  /** Normalized site URL, always ending in "/". */
  readonly site: string;
  readonly origin: string;
  /** Base path, "/" or "/program/". */
  readonly base: string;
  /** Site-relative path → root-relative path including the base. */
  path(relative: string): string;
  /** Site-relative path → absolute URL. */
  url(relative: string): string;
}

export function siteUrls(siteUrl: string): SiteUrls {
  let parsed: URL;
  try {
    parsed = new URL(siteUrl);
  } catch {
    throw new Error(
      `Site URL "${siteUrl}" is not an absolute URL (set site.url in the issuer file or EMBLEM_SITE_URL, e.g. https://badges.example.org/)`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error(`Site URL "${siteUrl}" must be http(s)`);
  if (parsed.search || parsed.hash) throw new Error(`Site URL "${siteUrl}" must not have a query or fragment`);
  const base = parsed.pathname.endsWith('/') ? parsed.pathname : `${parsed.pathname}/`;
  const origin = parsed.origin;
  const strip = (p: string) => p.replace(/^\/+/, '');
  return {
    site: origin + base,
    origin,
    base,
    path: (relative) => base + strip(relative),
    url: (relative) => origin + base + strip(relative),
  };
}

/** Where each published file lives, relative to the site root. One table so
 * that pages, credentials, headers and tests agree. */
export const sitePaths = {
  home: (locale: string, defaultLocale: string) => (locale === defaultLocale ? '' : `${locale}/`),
  catalog: (locale: string, defaultLocale: string) => `${locale === defaultLocale ? '' : `${locale}/`}certifications/`,
  retiredCatalog: (locale: string, defaultLocale: string) =>
    `${locale === defaultLocale ? '' : `${locale}/`}retired-certifications/`,
  awardPage: (awardId: string) => `badges/${awardId}/`,
  ob2Assertion: (awardId: string) => `badges/${awardId}/assertion.json`,
  ob3Credential: (awardId: string) => `badges/${awardId}/credential.json`,
  awardCard: (awardId: string) => `badges/${awardId}/card.png`,
  certificationPage: (id: string, locale: string, defaultLocale: string) =>
    `${locale === defaultLocale ? '' : `${locale}/`}certifications/${id}/`,
  certificationCard: (id: string) => `certifications/${id}/card.png`,
  /** The badge artwork as a small PNG (embeds, JSON-LD: places that take no SVG). */
  badgeImagePng: (id: string) => `certifications/${id}/badge.png`,
  /** The badge artwork converted into the format it is not in, for baking in the browser (src/lib/credentials/baked-badges.ts). */
  bakingArtwork: (id: string, format: 'png' | 'svg') => `certifications/${id}/artwork.${format}`,
  ob2BadgeClass: (id: string) => `certifications/${id}/badgeclass.json`,
  ob2Issuer: () => 'issuer.json',
  ob2RevocationList: () => 'revocations.json',
  statusList: () => 'status/revocation.json',
  /** did:web DID document: a root site is `did:web:host` → /.well-known/did.json;
   * under a base path it is `did:web:host:a:b` → /a/b/did.json (site-relative "did.json"). */
  didDocument: (base: string) => (base === '/' ? '.well-known/did.json' : 'did.json'),
  /** The entry a known-issuer registry lists (credentials/registry-entry.ts), next to the DID document. */
  registryEntry: (base: string) =>
    base === '/' ? '.well-known/emblem-registry-entry.json' : 'emblem-registry-entry.json',
  /** The issuer's key history with each key's window (credentials/key-history.ts), next to the DID document. */
  keyHistory: (base: string) => (base === '/' ? '.well-known/emblem-keys.json' : 'emblem-keys.json'),
  verifyPage: (locale: string, defaultLocale: string) => `${locale === defaultLocale ? '' : `${locale}/`}verify/`,
  /** The claim page: generic, the award comes in the URL fragment (never sent to a server). */
  claimPage: (locale: string, defaultLocale: string) => `${locale === defaultLocale ? '' : `${locale}/`}claim/`,
  /** An editor's MDX page (FAQ, claim guide, …) by its translation key. */
  contentPage: (translationKey: string, locale: string, defaultLocale: string) =>
    `${locale === defaultLocale ? '' : `${locale}/`}${translationKey}/`,
  /** An earner's profile page (opt-in): the id is random, never the email or the name. */
  profilePage: (profileId: string, locale: string, defaultLocale: string) =>
    `${locale === defaultLocale ? '' : `${locale}/`}profiles/${profileId}/`,
  profileCard: (profileId: string) => `profiles/${profileId}/card.png`,
  /** The site's own link-preview card (pages that are not about one award or certification), one per language. */
  siteCard: (locale: string, defaultLocale: string) => `${locale === defaultLocale ? '' : `${locale}/`}card.png`,
  /** PNG icons made from the issuer logo at build time, next to the logo itself (browsers and iOS that take no SVG icon). */
  faviconPng: () => 'favicon-32.png',
  appleTouchIcon: () => 'apple-touch-icon.png',
} as const;

/** The file of the site a content link names ("/images/logo.svg"), or undefined for an absolute URL (a file elsewhere). */
export function siteFile(link: string): string | undefined {
  return link.startsWith('/') && !link.startsWith('//') ? link : undefined;
}
