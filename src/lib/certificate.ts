/**
 * The printable certificate of an award: what one printed page says (who,
 * what, from whom, when, status, the award's address) and a QR code to the
 * award page. It is part of every award page, hidden on screen and shown by the
 * print stylesheet (site.css, "Print: the award certificate"), so printing or
 * "save as PDF" gives a one-page certificate in the language being viewed.
 *
 * Award pages are rendered by the thousand on a worker pool, so the QR code
 * must be cheap: it is made once per page (not per language), in byte mode
 * with a fixed mask pattern (letting the library try all eight masks costs
 * about ten times as much; any mask is a valid code), and drawn by the
 * library's SVG renderer as a single <path>.
 */
import QRCode from 'qrcode';
import { render as renderQrSvg } from 'qrcode/lib/renderer/svg-tag.js';
import { awardArtwork } from './award-artwork.ts';
import { html, rawHtml, type Html } from './html.ts';
import { t } from './i18n.ts';
import { awardView, type AwardView } from './page-data.ts';
import type { Locale } from './schema.ts';
import type { PublishedAward, SiteModel } from './site-model.ts';
import { sitePaths, type SiteUrls } from './site-urls.ts';

/** Modules of quiet zone around the code (the QR standard asks for 4). */
const QR_MARGIN = 4;
/** Any of the eight masks gives a valid code; fixing one skips the library's costly penalty search. */
const QR_MASK = 2;

export interface QrSvg {
  /** Side of the code in modules, quiet zone included (the SVG's viewBox). */
  size: number;
  /** The dark modules as one SVG path (drawn with a stroke of width 1). */
  path: string;
}

/** The QR code of `text` (error correction M), as the path the qrcode library draws. */
export function qrCode(text: string): QrSvg {
  const qr = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: QR_MASK });
  const svg = renderQrSvg(qr, { margin: QR_MARGIN, color: { dark: '#000000', light: '#0000' } });
  // Keep only what we need from the library's markup, and only if it is what we expect:
  // path data made of moves and horizontal lines, nothing else reaches the page.
  const match = /^<svg [^>]*viewBox="0 0 (\d+) \1"[^>]*><path stroke="#000000" d="([Mmh0-9. ]+)"\/><\/svg>\s*$/.exec(svg);
  if (!match) throw new Error(`qrcode's SVG renderer returned unexpected markup: ${svg.slice(0, 120)}`);
  return { size: Number(match[1]), path: match[2]! };
}

/** Inline SVG of the QR code: one path, decorative (the address is printed next to it). */
export function qrSvgMarkup(text: string): string {
  const { size, path } = qrCode(text);
  return `<svg class="certificate-qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges" aria-hidden="true" focusable="false"><path stroke="#000" d="${path}"/></svg>`;
}

/** What a printed certificate says, in one language. */
export interface CertificateData {
  view: AwardView;
  issuerLogo: string;
  /** The award page's public address (what the QR code holds). */
  awardUrl: string;
}

export function certificateData(
  model: SiteModel,
  entry: PublishedAward,
  urls: SiteUrls,
  locale: Locale,
  view = awardView(model, entry, urls, locale),
): CertificateData {
  const logo = model.issuer.logo;
  return {
    view,
    issuerLogo: /^https?:/.test(logo) ? logo : urls.path(logo),
    awardUrl: urls.url(sitePaths.awardPage(entry.award.id)),
  };
}

/** The certificate in one language (inside that language's part of the page). */
export function certificateHtml(data: CertificateData): Html {
  const { view } = data;
  const l = view.locale;
  return html`<section class="certificate award--${view.status}" aria-labelledby="certificate-title-${l}" data-certificate>
<header class="certificate-header"><img src="${data.issuerLogo}" alt="" width="40" height="40"><span>${view.issuerName}</span></header>
<p class="certificate-kicker" id="certificate-title-${l}">${t(l, 'certificate.kicker')}</p>
${awardArtwork(view, 160)}
<p class="certificate-intro">${t(l, 'certificate.intro')}</p>
<p class="certificate-recipient">${view.recipientName}</p>
<p class="certificate-badge">${view.badgeName}</p>
<p class="certificate-kind">${view.kindLabel}${view.code && ` · ${view.code}`}${view.levelLabel && ` · ${view.levelLabel}`}</p>
<dl class="certificate-facts">
<div><dt>${t(l, 'award.issuedBy')}</dt><dd>${view.issuerName}</dd></div>
<div><dt>${t(l, 'award.issuedOn')}</dt><dd>${view.issuedOn}</dd></div>
<div><dt data-expiry-label data-label-expired="${t(l, 'award.expired')}">${view.status === 'expired' ? t(l, 'award.expired') : t(l, 'award.expires')}</dt><dd>${view.expires ?? t(l, 'award.noExpiry')}</dd></div>
<div><dt>${t(l, 'award.status')}</dt><dd><span class="status status--${view.status}" data-status="${view.status}" data-label-expired="${t(l, 'award.status.expired')}" data-label-revoked="${t(l, 'award.status.revoked')}">${view.statusLabel}</span></dd></div>
</dl>
<div class="certificate-status"><p data-certificate-note>${view.statusNote}</p>${
    view.revocationReason && html`<p class="certificate-reason"><strong>${t(l, 'award.revocationReason')}:</strong> ${view.revocationReason}</p>`
  }${view.retiredNote && html`<p>${view.retiredNote}</p>`}<p class="as-of" data-certificate-as-of>${view.stateAsOf}</p></div>
<p class="certificate-verify">${t(l, 'certificate.verifyAt')}</p>
</section>`;
}

/** The part every language's certificate shares, printed below it: the QR code, the address and the award id. */
export function certificateQrHtml(entry: PublishedAward, urls: SiteUrls): Html {
  const url = urls.url(sitePaths.awardPage(entry.award.id));
  return html`<div class="certificate-qr" data-certificate-qr>${rawHtml(qrSvgMarkup(url))}<p><span class="certificate-url" data-certificate-url>${url}</span><br><span class="certificate-id">${entry.award.id}</span></p></div>`;
}
