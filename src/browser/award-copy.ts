/**
 * The award page's copy buttons (page address, embed code): made only when this
 * runs and the browser can copy; without them the fields stay selectable.
 */
import type { AwardTexts } from '../lib/award-page/award-page-texts.ts';
import { element } from './award-texts.ts';

/** Adds a copy button for the group's [data-copy-source] field, and the status line it speaks through. */
export function addCopyButton(group: HTMLElement, label: string, texts: AwardTexts): void {
  const source = group.querySelector<HTMLInputElement | HTMLTextAreaElement>('[data-copy-source]');
  if (!source || !navigator.clipboard) return;
  const button = element('button', 'button', label);
  button.type = 'button';
  button.dataset.copyButton = '';
  const status = element('span', 'copy-status');
  status.setAttribute('role', 'status');
  status.dataset.copyStatus = '';
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(source.value);
      status.textContent = texts.copied;
    } catch {
      source.select();
      status.textContent = texts.copyFailed;
    }
  });
  group.append(button, status);
}
