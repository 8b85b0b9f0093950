/**
 * The award page's copy buttons (page address, embed code): shown only when
 * this runs and the browser can copy; without it the fields stay selectable.
 */
export function startCopyButtons(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy-button]')) {
    const group = button.closest('[data-copy-group]');
    const source = group?.querySelector<HTMLInputElement | HTMLTextAreaElement>('[data-copy-source]');
    const status = group?.querySelector<HTMLElement>('[data-copy-status]');
    // The messages are on the share section, once for its buttons.
    const messages: DOMStringMap = button.closest<HTMLElement>('[data-copied]')?.dataset ?? {};
    if (!source || !status || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(source.value);
        status.textContent = messages.copied ?? '';
      } catch {
        source.select();
        status.textContent = messages.failed ?? '';
      }
    });
  }
}
