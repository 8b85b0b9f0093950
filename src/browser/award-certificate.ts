/**
 * The award page's printable certificate, made here from what the page shows
 * (src/lib/award-page/certificate.ts says why it is not in the page's markup): for each
 * language, the award's facts and status as that language's part of the page
 * states them, the words only the certificate says (the script's text table), and
 * once for all languages the QR code to the award's address, drawn from the
 * modules the page carries. The print stylesheet prints it; on screen it is
 * hidden. Made once, at load, so that printing from the browser's menu
 * (Ctrl+P) finds it as the print button does; the status script then keeps it
 * current like the rest of the page.
 */
import type { AwardTexts, AwardTextTable } from '../lib/award-page/award-page-texts.ts';
import { qrSvgMarkup } from '../lib/award-page/certificate-qr.ts';
import { element, textsFor } from './award-texts.ts';

/** The children of the first `selector` in `from`, copied. */
function copiedChildren(from: ParentNode, selector: string): Node[] {
  return [...(from.querySelector(selector)?.childNodes ?? [])].map((node) => node.cloneNode(true));
}

function certificateFor(version: HTMLElement, logo: string | undefined, texts: AwardTexts): HTMLElement | undefined {
  const hero = version.querySelector<HTMLElement>('.award-hero');
  const notice = version.querySelector<HTMLElement>('[data-status-notice]');
  const article = version.querySelector<HTMLElement>('article.award');
  if (!hero || !notice || !article) return undefined;
  const l = version.lang;
  const status = [...article.classList].find((c) => c.startsWith('award--')) ?? 'award--valid';
  const section = element('section', `certificate ${status}`);
  section.setAttribute('aria-labelledby', `certificate-title-${l}`);
  section.dataset.certificate = '';

  const header = element('header', 'certificate-header');
  if (logo) {
    const img = document.createElement('img');
    Object.assign(img, { src: logo, alt: '', width: 40, height: 40 });
    header.append(img);
  }
  const issuer = hero.querySelector('.facts a')?.textContent ?? '';
  header.append(element('span', '', issuer));
  const kicker = element('p', 'certificate-kicker', texts.certificateKicker);
  kicker.id = `certificate-title-${l}`;

  const art = hero.querySelector('.award-art')?.cloneNode(true) as HTMLElement | undefined;
  art?.querySelector('img')?.setAttribute('width', '160');
  art?.querySelector('img')?.setAttribute('height', '160');

  // The facts as the page lists them, less the recipient (named above them); the issuer as text.
  const facts = hero.querySelector('dl.facts')?.cloneNode(true) as HTMLElement | undefined;
  if (facts) {
    facts.className = 'certificate-facts';
    facts.querySelector('.recipient')?.parentElement?.remove();
    for (const link of facts.querySelectorAll('a')) link.replaceWith(link.textContent ?? '');
  }

  const state = element('div', 'certificate-status');
  const note = element('p', '');
  note.dataset.certificateNote = '';
  note.append(...copiedChildren(notice, '[data-status-note]'));
  state.append(note);
  const reason = notice.querySelector('.revocation-reason')?.parentElement?.cloneNode(true) as HTMLElement | undefined;
  if (reason) {
    reason.className = 'certificate-reason';
    for (const span of reason.querySelectorAll('.revocation-reason')) span.replaceWith(span.textContent ?? '');
    state.append(reason);
  }
  const retired = notice.querySelector('.retired-note')?.cloneNode(true);
  if (retired) state.append(retired);
  const asOf = element('p', 'as-of');
  asOf.dataset.certificateAsOf = '';
  asOf.append(...copiedChildren(notice, '[data-status-as-of]'));
  state.append(asOf);

  section.append(
    header,
    kicker,
    ...(art ? [art] : []),
    element('p', 'certificate-intro', texts.certificateIntro),
    element('p', 'certificate-recipient', hero.querySelector('.recipient')?.textContent),
    element('p', 'certificate-badge', hero.querySelector('h1')?.textContent),
    element('p', 'certificate-kind', hero.querySelector('.eyebrow')?.textContent),
    ...(facts ? [facts] : []),
    state,
    element('p', 'certificate-verify', texts.certificateVerify),
  );
  return section;
}

/** Makes the certificate of every language of the page, and the QR block they share (once). */
export function makeCertificates(root: HTMLElement, table: AwardTextTable): void {
  const code = root.dataset.certificateCode;
  if (!code || document.querySelector('[data-certificate]')) return;
  const url = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href ?? location.href.split('#')[0]!;
  const logo = document.querySelector<HTMLImageElement>('.site-header .brand img')?.src;
  for (const version of root.querySelectorAll<HTMLElement>('.award-locale')) {
    const certificate = certificateFor(version, logo, textsFor(table, version));
    if (certificate) version.append(certificate);
  }
  const block = element('div', 'certificate-qr');
  block.dataset.certificateQr = '';
  // The markup of one <path> of moves and horizontal lines (checked in certificate-qr.ts).
  block.innerHTML = qrSvgMarkup(code);
  const text = document.createElement('p');
  const address = element('span', 'certificate-url', url);
  address.dataset.certificateUrl = '';
  text.append(address, document.createElement('br'), element('span', 'certificate-id', root.dataset.awardId));
  block.append(text);
  root.after(block);
}
