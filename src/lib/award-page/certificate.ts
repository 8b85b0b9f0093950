/**
 * The printable certificate of an award: what one printed page says (who,
 * what, from whom, when, status, the award's address) and a QR code to the
 * award page. The page does not carry it as markup: the page's script
 * (src/browser/award-certificate.ts) makes it, in every language, from what
 * the page already shows (the award's facts and status) plus the few words
 * only the certificate says (the script's text table, src/lib/award-page/award-page-texts.ts)
 * and the QR code's modules, which the page carries as a data attribute. The print stylesheet (site.css, "Print: the award
 * certificate") then prints it alone, in the language being viewed. This keeps
 * about 6 KB per award page out of the site; without JavaScript, printing gives
 * the page itself (its print hint says how).
 *
 * Award pages are rendered by the thousand on a worker pool, so the QR code
 * must be cheap: it is made once per page (not per language), in byte mode
 * with a fixed mask pattern (letting the library try all eight masks costs
 * about ten times as much; any mask is a valid code).
 */
import QRCode from 'qrcode';
import { packQrModules, type QrSvg, qrSvgPath } from './certificate-qr.ts';
import { html, type Html } from '../html.ts';
import type { PublishedAward } from '../site-model.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';

export { qrSvgMarkup } from './certificate-qr.ts';

/** Any of the eight masks gives a valid code; fixing one skips the library's costly penalty search. */
const QR_MASK = 2;

/** The QR code of `text` (error correction M), its modules packed (certificate-qr.ts). */
export function qrModules(text: string): string {
  const qr = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
    maskPattern: QR_MASK,
  });
  return packQrModules(qr.modules.size, qr.modules.data);
}

/** The QR code of `text` as the page's script draws it. */
export function qrCode(text: string): QrSvg {
  return qrSvgPath(qrModules(text));
}

/** What every language's certificate shares: the QR code to the award's address, and the award id printed below it. */
export function certificateCodeAttributes(entry: PublishedAward, urls: SiteUrls): Html {
  return html` data-certificate-code="${qrModules(urls.url(sitePaths.awardPage(entry.award.id)))}" data-award-id="${entry.award.id}"`;
}
