/**
 * The award page frame ("shell"): Astro renders the award route once with
 * marker slots instead of an award (so the frame — head, navigation, footer,
 * styles, scripts — is exactly what every other page gets), and the award
 * pages step fills the slots for every award.
 */
import { escapeHtml } from '../html.ts';
import type { AwardPageParts } from './award-page-html.ts';

/** Route id of the shell page (it never becomes a real URL: the step removes it). */
export const AWARD_SHELL_ID = 'emblem-award-shell';

const SLOTS = {
  id: AWARD_SHELL_ID,
  title: 'EMBLEM-SLOT-TITLE',
  description: 'EMBLEM-SLOT-DESCRIPTION',
  head: '<!--EMBLEM-SLOT-HEAD-->',
  main: '<!--EMBLEM-SLOT-MAIN-->',
} as const;
type Slot = keyof typeof SLOTS;

/** What the shell page renders in place of an award. */
export const shellParts: AwardPageParts = {
  title: SLOTS.title,
  description: SLOTS.description,
  head: SLOTS.head,
  main: SLOTS.main,
};

export type ShellFiller = (id: string, parts: AwardPageParts) => string;

/** Splits the shell once; the returned function fills it for one award. */
export function compileShell(shell: string): ShellFiller {
  const markers = Object.entries(SLOTS) as [Slot, string][];
  const pattern = new RegExp(markers.map(([, marker]) => marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const slotOf = new Map(markers.map(([slot, marker]) => [marker, slot]));
  const text: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const match of shell.matchAll(pattern)) {
    text.push(shell.slice(last, match.index));
    slots.push(slotOf.get(match[0])!);
    last = match.index + match[0].length;
  }
  text.push(shell.slice(last));
  for (const required of ['id', 'title', 'head', 'main'] as const) {
    if (!slots.includes(required)) throw new Error(`award page shell has no ${required} slot (${SLOTS[required]})`);
  }
  return (id, parts) => {
    const values: Record<Slot, string> = {
      id,
      title: escapeHtml(parts.title),
      description: escapeHtml(parts.description),
      head: parts.head,
      main: parts.main,
    };
    let out = text[0]!;
    for (let i = 0; i < slots.length; i++) out += values[slots[i]!] + text[i + 1]!;
    return out;
  };
}
