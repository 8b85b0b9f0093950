/**
 * The award page's "For the earner" section (a <details>, closed for a plain visit):
 *
 *   - opened when the earner arrives from their email's link, whose address ends in
 *     `#for-earner` (src/lib/notify/compose.ts); the marker is then taken out of the
 *     address, so an address the earner copies from the bar opens the recruiter's view;
 *   - the wallet section's copy button, and the Learner Credential Wallet's request link,
 *     made from the credential (fetched from this site) the first time the section opens,
 *     so a recruiter's visit fetches nothing for it.
 */
import type { AwardTexts, AwardTextTable } from '../lib/award-page/award-page-texts.ts';
import { EARNER_FRAGMENT } from '../lib/award-page/earner-link.ts';
import { lcwRequestLink } from '../lib/award-page/wallet-link.ts';
import { addCopyButton } from './award-copy.ts';
import { element, textsFor } from './award-texts.ts';

export function startEarnerTools(table: AwardTextTable): void {
  const sections = [...document.querySelectorAll<HTMLDetailsElement>('details[data-earner-tools]')];
  for (const wallet of document.querySelectorAll<HTMLElement>('[data-wallet]')) {
    const texts = textsFor(table, wallet);
    const group = wallet.querySelector<HTMLElement>('[data-copy-group]');
    if (group) addCopyButton(group, texts.copyLink, texts);
  }
  let linked = false;
  const addLinks = () => {
    if (linked) return;
    linked = true;
    void addLcwLinks(table);
  };
  for (const section of sections) section.addEventListener('toggle', () => section.open && addLinks());
  if (location.hash === `#${EARNER_FRAGMENT}`) {
    for (const section of sections) section.open = true;
    history.replaceState(history.state, '', location.pathname + location.search);
  }
}

/** The LCW link in each language's wallet section, if the credential fits one (wallet-link.ts). */
async function addLcwLinks(table: AwardTextTable): Promise<void> {
  const root = document.querySelector<HTMLElement>('[data-live-status]');
  const path = root?.dataset.credential;
  if (!path) return;
  let link: string | undefined;
  try {
    const response = await fetch(new URL(path, location.href));
    if (!response.ok) return;
    link = lcwRequestLink((await response.json()) as Record<string, unknown>);
  } catch {
    return; // the QR code and the address still hand the credential over
  }
  if (!link) return;
  for (const wallet of document.querySelectorAll<HTMLElement>('[data-wallet]')) {
    const texts: AwardTexts = textsFor(table, wallet);
    const anchor = element('a', 'button', texts.lcwLink);
    anchor.href = link;
    anchor.dataset.lcwLink = '';
    const line = element('p');
    line.append(anchor);
    wallet.querySelector('[data-copy-group]')?.after(line);
  }
}
