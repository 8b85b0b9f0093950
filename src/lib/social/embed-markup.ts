/**
 * The embed snippet's markup from plain inputs (no i18n, no site model): the
 * build (src/lib/social/embed.ts) and the award page's script, which draws the
 * preview from the page's data, make it with the same code. As no built file
 * holds the snippet, the site's Content-Security-Policy takes the hashes of its
 * style attributes from here (src/steps/site-files/hosting-files.ts). Plain HTML with
 * inline styles (mail clients drop <style> and scripts), a PNG image (many
 * mail clients show no SVG) and a link to the award page.
 */
import { escapeHtml } from '../html.ts';

export const EMBED_IMAGE_SIZE = 96;

export interface EmbedParts {
  /** The award page's address as shared from one language's view. */
  pageUrl: string;
  /** Absolute address of the badge's PNG image. */
  image: string;
  /** The link's title (a tooltip). */
  title: string;
  alt: string;
  badge: string;
  issuer: string;
}

export function embedMarkup(parts: EmbedParts): string {
  const e = (name: keyof EmbedParts) => escapeHtml(parts[name]);
  return (
    `<a href="${e('pageUrl')}" title="${e('title')}" style="display:inline-block;text-decoration:none;color:#1b1f24;font:14px/1.4 sans-serif">` +
    `<img src="${e('image')}" alt="${e('alt')}" width="${EMBED_IMAGE_SIZE}" height="${EMBED_IMAGE_SIZE}" style="border:0;vertical-align:middle">` +
    ` <span style="display:inline-block;vertical-align:middle;max-width:260px">${e('badge')}<br><span style="color:#5b6470">${e('issuer')}</span></span>` +
    `</a>`
  );
}
