/**
 * This site's badges and issuer named in one language, keyed by the ids a
 * credential gives them. Credentials carry the names in the issuer's default
 * language only; the verify page in another language shows these instead, once
 * a credential has proved to come from this site (so the names are the
 * issuer's own, not whatever a credential claims).
 */
import { siteDid } from '../credentials/keys.ts';
import type { Locale } from '../content/schema.ts';
import { pick, type SiteModel } from '../site-model.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';

export interface LocalNames {
  /** OB 3.0 achievement id / OB 2.0 BadgeClass URL → name. */
  badges: Record<string, string>;
  /** OB 3.0 issuer DID / OB 2.0 Issuer URL → name. */
  issuers: Record<string, string>;
  /** The issuer's name in every language, for the verifier's step messages (VerifyOptions.siteIssuerName). */
  issuerName: Partial<Record<Locale, string>>;
}

export function localNames(model: SiteModel, urls: SiteUrls, locale: Locale): LocalNames {
  const fallback = model.issuer.defaultLocale;
  const badges: Record<string, string> = {};
  for (const badgeClass of model.catalog) {
    if (model.decisions.get(badgeClass.id)?.hasBadge)
      badges[urls.url(sitePaths.ob2BadgeClass(badgeClass.id))] = pick(badgeClass.name, locale, fallback);
  }
  const issuer = pick(model.issuer.name, locale, fallback);
  const issuerName = Object.fromEntries(model.issuer.locales.map((l) => [l, pick(model.issuer.name, l, fallback)]));
  return { badges, issuers: { [siteDid(urls)]: issuer, [urls.url(sitePaths.ob2Issuer())]: issuer }, issuerName };
}
