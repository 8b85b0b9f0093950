/**
 * The award page's "Print / save as PDF" buttons: shown only when this runs
 * (CSP allows only the site's own script files); they open the browser's print
 * dialog, and the print stylesheet turns the page into a one-page certificate.
 * Without this script the buttons stay hidden and a hint says how to print.
 */
export function startPrintButtons(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-print-button]')) {
    if (typeof window.print !== 'function') continue;
    button.hidden = false;
    button.addEventListener('click', () => window.print());
    const hint = button.parentElement?.querySelector<HTMLElement>('[data-print-hint]');
    if (hint) hint.hidden = true;
  }
}
