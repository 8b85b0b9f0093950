/**
 * The award's artwork with its state drawn on it: an expired or revoked award
 * must not show the same artwork as a valid one (the check mark would say
 * "valid" to anyone who only glances at the picture). The image is greyed and
 * stamped EXPIRED / REVOKED by CSS (site.css, "Artwork state"); the stamp text
 * comes from data attributes, so it follows the state class of the award
 * (`award--<status>` on an ancestor) rather than being fixed in the markup.
 */
import { html, type Html } from './html.ts';
import { t } from './i18n.ts';
import type { AwardView } from './page-data.ts';

export type ArtworkView = Pick<AwardView, 'locale' | 'imageSrc' | 'imageAlt' | 'status' | 'statusLabel'>;

/** The artwork image and its (decorative) state stamp; the alt text names the state. */
export function awardArtwork(view: ArtworkView, size: number): Html {
  const l = view.locale;
  const alt = view.status === 'valid' ? view.imageAlt : `${view.imageAlt} (${view.statusLabel})`;
  return html`<div class="award-art" data-artwork-state="${view.status}"><img class="award-image" src="${view.imageSrc}" alt="${alt}" width="${size}" height="${size}"><span class="award-stamp" aria-hidden="true" data-expired="${t(l, 'award.status.expired')}" data-revoked="${t(l, 'award.status.revoked')}"></span></div>`;
}
