/**
 * For child processes that run third-party verifiers: refuse every request to
 * a host other than this machine before it is sent. verifier-core fetches
 * Open Badges JSON schemas from purl.imsglobal.org; tests must never reach
 * outside (its schema check then reports "INVALID_SCHEMA", which the tests
 * ignore: signature, issuer key, status list and expiry are all on loopback).
 * Call before importing the verifier. `documents` (URL → JSON) are answered
 * from memory instead, e.g. a W3C example context that no package bundles.
 */
export function refuseNonLoopbackFetch(documents: Record<string, unknown> = {}): void {
  const fetchOnLoopback = globalThis.fetch;
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (Object.hasOwn(documents, url.href)) {
      return Promise.resolve(
        Response.json(documents[url.href], { headers: { 'content-type': 'application/ld+json' } }),
      );
    }
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      return Promise.reject(new TypeError(`offline test: refused request to ${url.origin}`));
    }
    return fetchOnLoopback(input, init);
  };
}
