/**
 * The award page's "Print / save as PDF" buttons: made only when this runs (CSP
 * allows only the site's own script files); they open the browser's print
 * dialog, and the print stylesheet turns the page into a one-page certificate.
 * Without this script the page has no button, and a hint says how to print.
 */
import type { AwardTextTable } from '../lib/award-page/award-page-texts.ts';
import { element, textsFor } from './award-texts.ts';

export function startPrintButtons(table: AwardTextTable): void {
  if (typeof window.print !== 'function') return;
  for (const place of document.querySelectorAll<HTMLElement>('.print-action')) {
    const button = element('button', '', textsFor(table, place).print);
    button.type = 'button';
    button.dataset.printButton = '';
    button.addEventListener('click', () => window.print());
    place.prepend(button);
    const hint = place.querySelector<HTMLElement>('[data-print-hint]');
    if (hint) hint.hidden = true;
  }
}
