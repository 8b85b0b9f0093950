/**
 * DOM helpers shared by the page scripts (verify, claim): text that marks its
 * Korean parts with `lang="ko"` on pages in another language, and dates as
 * <time datetime>.
 */
import { koreanRuns } from '../lib/content/text-language.ts';

/** Fills `element` with `text`; on a page not in Korean, the Korean parts of it become <span lang="ko">. */
export function setText(element: HTMLElement, text: string, pageLocale: string): void {
  if (pageLocale === 'ko') {
    element.textContent = text;
    return;
  }
  const runs = koreanRuns(text);
  // All of it Korean: the element itself says so.
  if (runs.length === 1 && runs[0]!.korean) {
    element.textContent = text;
    element.lang = 'ko';
    return;
  }
  element.removeAttribute('lang');
  element.replaceChildren(
    ...runs.map((run) => {
      if (!run.korean) return run.text;
      const span = document.createElement('span');
      span.lang = 'ko';
      span.textContent = run.text;
      return span;
    }),
  );
}

/** A <time> showing `text` for the date-time `value` (its calendar day, as the text shows it). */
export function timeElement(value: string, text: string): HTMLTimeElement {
  const time = document.createElement('time');
  time.dateTime = value.slice(0, 10);
  time.textContent = text;
  return time;
}
