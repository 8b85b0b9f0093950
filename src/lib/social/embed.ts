/**
 * The embed snippet earners paste into a web page or an email signature, in
 * one of the page's languages (markup: src/lib/social/embed-markup.ts).
 */
import { embedMarkup, type EmbedParts } from './embed-markup.ts';
import { t } from '../i18n.ts';
import type { Locale } from '../content/schema.ts';
import { localizedAwardUrl } from './share-links.ts';
import { pick, type PublishedAward, type SiteModel } from '../site-model.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';

export { EMBED_IMAGE_SIZE } from './embed-markup.ts';

/** What the snippet in `locale` is made from, or undefined for a revoked award (nothing to show off). */
export function embedParts(
  model: SiteModel,
  entry: PublishedAward,
  urls: SiteUrls,
  locale: Locale,
): EmbedParts | undefined {
  if (entry.state.status === 'revoked') return undefined;
  const fallback = model.issuer.defaultLocale;
  const badge = pick(entry.badgeClass.name, locale, fallback);
  return {
    pageUrl: localizedAwardUrl(model, entry.award.id, urls, locale),
    image: urls.url(sitePaths.badgeImagePng(entry.badgeClass.id)),
    title: t(locale, 'embed.linkTitle', { badge, recipient: entry.award.recipient.name }),
    alt: t(locale, 'award.badgeImageAlt', { name: badge }),
    badge,
    issuer: pick(model.issuer.name, locale, fallback),
  };
}

/** The snippet, or undefined for a revoked award. */
export function embedSnippet(
  model: SiteModel,
  entry: PublishedAward,
  urls: SiteUrls,
  locale: Locale,
): string | undefined {
  const parts = embedParts(model, entry, urls, locale);
  return parts && embedMarkup(parts);
}
