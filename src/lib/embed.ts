/**
 * The embed snippet earners paste into a web page or an email signature:
 * plain HTML with inline styles (mail clients drop <style> and scripts), a PNG
 * image (many mail clients show no SVG) and a link to the award page.
 */
import { escapeHtml } from './html.ts';
import { t } from './i18n.ts';
import type { Locale } from './schema.ts';
import { localizedAwardUrl } from './share-links.ts';
import { pick, type PublishedAward, type SiteModel } from './site-model.ts';
import { sitePaths, type SiteUrls } from './site-urls.ts';

export const EMBED_IMAGE_SIZE = 96;

/** The snippet, or undefined for a revoked award (nothing to show off). */
export function embedSnippet(model: SiteModel, entry: PublishedAward, urls: SiteUrls, locale: Locale): string | undefined {
  if (entry.state.status === 'revoked') return undefined;
  const fallback = model.issuer.defaultLocale;
  const badge = pick(entry.badgeClass.name, locale, fallback);
  const issuer = pick(model.issuer.name, locale, fallback);
  const pageUrl = localizedAwardUrl(model, entry.award.id, urls, locale);
  const image = urls.url(sitePaths.badgeImagePng(entry.badgeClass.id));
  const title = t(locale, 'embed.linkTitle', { badge, recipient: entry.award.recipient.name });
  const alt = t(locale, 'award.badgeImageAlt', { name: badge });
  return (
    `<a href="${escapeHtml(pageUrl)}" title="${escapeHtml(title)}" style="display:inline-block;text-decoration:none;color:#1b1f24;font:14px/1.4 sans-serif">` +
    `<img src="${escapeHtml(image)}" alt="${escapeHtml(alt)}" width="${EMBED_IMAGE_SIZE}" height="${EMBED_IMAGE_SIZE}" style="border:0;vertical-align:middle">` +
    ` <span style="display:inline-block;vertical-align:middle;max-width:260px">${escapeHtml(badge)}<br><span style="color:#5b6470">${escapeHtml(issuer)}</span></span>` +
    `</a>`
  );
}
