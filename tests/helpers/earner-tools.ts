/**
 * The award page's "For the earner" section is closed for a plain visit (a <details>):
 * tests of the tools in it open it first, as a reader does (it opens without script too).
 */
import type { Locator } from 'playwright';

/** Opens the section in `version` (an .award-locale, or the page when one version is shown). */
export async function openEarnerTools(version: Locator): Promise<void> {
  const section = version.locator('details[data-earner-tools]:visible');
  if (!(await section.evaluate((d: HTMLDetailsElement) => d.open))) await section.locator(':scope > summary').click();
}
