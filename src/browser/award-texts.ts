/**
 * The award page script's texts for one part of the page: those of the language
 * version (.award-locale) the element is in (src/lib/award-page/award-page-texts.ts).
 */
import type { AwardTexts, AwardTextTable } from '../lib/award-page/award-page-texts.ts';
import type { Locale } from '../lib/content/schema.ts';

export function textsFor(table: AwardTextTable, element: Element): AwardTexts {
  const locale = element.closest<HTMLElement>('.award-locale')?.dataset.locale;
  const texts = locale ? table[locale as Locale] : undefined;
  if (!texts) throw new Error(`no award page texts for the language ${locale ?? '(none)'}`);
  return texts;
}

/** A new element with a class (if any) and text (if any). */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text?: string | null,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text != null) el.textContent = text;
  return el;
}
