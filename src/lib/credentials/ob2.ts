/**
 * Open Badges 2.0 hosted documents: Issuer Profile, BadgeClass, Assertion and
 * RevocationList. Each document's `id` is the exact URL it is published at
 * (from sitePaths), which is what hosted verification checks.
 */
import type { Award, BadgeClass, Issuer, Locale } from '../content/schema.ts';
import { pick, type PublishedAward } from '../site-model.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';
import type { RecipientIdentity } from './identity.ts';
import { ob2Alignment } from './alignment.ts';

export const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';

export type JsonObject = Record<string, unknown>;

/** A site-relative asset path ("/images/x.svg") or an absolute URL → absolute URL. */
export function assetUrl(urls: SiteUrls, link: string): string {
  return link.startsWith('/') ? urls.url(link) : link;
}

export function ob2Issuer(issuer: Issuer, urls: SiteUrls): JsonObject {
  const locale = issuer.defaultLocale;
  return {
    '@context': OB2_CONTEXT,
    type: 'Issuer',
    id: urls.url(sitePaths.ob2Issuer()),
    name: pick(issuer.name, locale),
    description: pick(issuer.description, locale),
    url: issuer.url,
    email: issuer.email,
    image: assetUrl(urls, issuer.logo),
    revocationList: urls.url(sitePaths.ob2RevocationList()),
    // Hosted assertions must live under this site; saying so explicitly also
    // covers a site under a base path (the default would allow the whole host).
    verification: { type: 'VerificationObject', startsWith: urls.site },
  };
}

export function ob2Criteria(badgeClass: BadgeClass, locale: Locale): JsonObject {
  const narrative = pick(badgeClass.criteria.text, locale);
  return {
    ...(badgeClass.criteria.url ? { id: badgeClass.criteria.url } : {}),
    ...(narrative ? { narrative } : {}),
  };
}

export function ob2BadgeClass(badgeClass: BadgeClass, issuer: Issuer, urls: SiteUrls): JsonObject {
  const locale = issuer.defaultLocale;
  const tags = badgeClass.skills.map((s) => pick(s.name, locale)).filter(Boolean);
  const alignment = ob2Alignment(badgeClass, locale);
  return {
    '@context': OB2_CONTEXT,
    type: 'BadgeClass',
    id: urls.url(sitePaths.ob2BadgeClass(badgeClass.id)),
    name: pick(badgeClass.name, locale),
    description: pick(badgeClass.description, locale),
    image: assetUrl(urls, badgeClass.image),
    criteria: ob2Criteria(badgeClass, locale),
    issuer: urls.url(sitePaths.ob2Issuer()),
    ...(tags.length ? { tags } : {}),
    ...(alignment.length ? { alignment } : {}),
  };
}

/** The assertion as published. A revoked award is answered with the short
 * revoked form (a static host cannot send 410 Gone). */
export function ob2Assertion(entry: PublishedAward<Award>, identity: RecipientIdentity, urls: SiteUrls): JsonObject {
  const { award, badgeClass } = entry;
  const id = urls.url(sitePaths.ob2Assertion(award.id));
  if (entry.state.status === 'revoked') return ob2Tombstone(award.id, award.revoked!.reason, urls);
  const evidence = award.evidence.map((e) => ({
    ...(e.url ? { id: e.url } : {}),
    ...(e.narrative ? { narrative: e.narrative } : {}),
  }));
  return {
    '@context': OB2_CONTEXT,
    type: 'Assertion',
    id,
    recipient: { type: 'email', hashed: true, salt: identity.salt, identity: identity.hash },
    badge: urls.url(sitePaths.ob2BadgeClass(badgeClass.id)),
    verification: { type: 'hosted' },
    issuedOn: award.issuedOn,
    ...(award.expires ? { expires: award.expires } : {}),
    ...(evidence.length ? { evidence } : {}),
  };
}

/** A revoked award's hosted assertion: id, revoked and the reason, nothing
 * personal. Also what stays of a revoked award that is no longer published. */
export function ob2Tombstone(awardId: string, reason: string, urls: SiteUrls): JsonObject {
  return {
    '@context': OB2_CONTEXT,
    type: 'Assertion',
    id: urls.url(sitePaths.ob2Assertion(awardId)),
    revoked: true,
    revocationReason: reason,
  };
}

/** Every revoked award that was ever published (from the ledger: a revoked
 * award later hidden, deleted or erased stays on the list). A withheld award
 * that was never published has no ledger entry and is never named. */
export function ob2RevocationList(revoked: readonly { id: string; reason: string }[], urls: SiteUrls): JsonObject {
  return {
    '@context': OB2_CONTEXT,
    type: 'RevocationList',
    id: urls.url(sitePaths.ob2RevocationList()),
    issuer: urls.url(sitePaths.ob2Issuer()),
    revokedAssertions: revoked.map((r) => ({ id: urls.url(sitePaths.ob2Assertion(r.id)), revocationReason: r.reason })),
  };
}
