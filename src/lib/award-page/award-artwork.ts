/**
 * The award's artwork with its state drawn on it: an expired or revoked award
 * must not show the same artwork as a valid one (the check mark would say
 * "valid" to anyone who only glances at the picture). The image is greyed and
 * stamped EXPIRED / REVOKED by CSS (site.css, "Artwork state"), following the
 * state class of the award (`award--<status>` on an ancestor); the stamp's word
 * is a data attribute. The page carries the word of the state it was built in;
 * when the page's script finds another state, it adds that word
 * (src/browser/award-page.ts).
 */
import { html, type Html } from '../html.ts';
import type { AwardView } from './page-data.ts';

export type ArtworkView = Pick<AwardView, 'locale' | 'imageSrc' | 'imageAlt' | 'status' | 'statusLabel'>;

/** The artwork image and its (decorative) state stamp; the alt text names the state. */
export function awardArtwork(view: ArtworkView, size: number): Html {
  const valid = view.status === 'valid';
  const alt = valid ? view.imageAlt : `${view.imageAlt} (${view.statusLabel})`;
  return html`<div class="award-art"><img class="award-image" src="${view.imageSrc}" alt="${alt}" width="${size}" height="${size}"><span class="award-stamp" aria-hidden="true"${
    !valid && html` data-${view.status}="${view.statusLabel}"`
  }></span></div>`;
}
