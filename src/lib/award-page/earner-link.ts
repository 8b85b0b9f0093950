/**
 * The award page address the earner's own emails link to: the page with a
 * `#for-earner` fragment, which opens the page's "For the earner" section
 * (src/browser/award-earner.ts). A fragment, not a query: it never reaches the
 * server, its logs or analytics, and the page's canonical address stays the one
 * everybody else sees. The page script takes it out of the address bar once read.
 */
export const EARNER_FRAGMENT = 'for-earner';

/** `pageUrl` as the earner's email links to it. */
export function earnerPageUrl(pageUrl: string): string {
  return `${pageUrl}#${EARNER_FRAGMENT}`;
}
