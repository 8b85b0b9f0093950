/**
 * The verifier's trust anchor: the site it speaks for. The site's issuer is
 * did:web of the site's host and base path, and every file the verifier reads
 * (credentials, DID document, status list, OB 2.0 documents) must be under
 * the site URL.
 */
import { siteDid } from '../credentials/keys.ts';
import type { Locale } from '../content/schema.ts';
import { sitePaths, siteUrls, type SiteUrls } from '../site-urls.ts';

export interface VerifierSite {
  urls: SiteUrls;
  /** did:web of this site, e.g. did:web:badges.example.org or did:web:example.org:program. */
  did: string;
  /** Where this site publishes its DID document (did:web rules, but on the site's own scheme). */
  didDocumentUrl: string;
  /** Where it publishes its key history (each key's window: credentials/key-history.ts). */
  keyHistoryUrl: string;
  /** Where it publishes the entry a known-issuer registry lists (credentials/registry-entry.ts). */
  registryEntryUrl: string;
  /** The issuer's name per language, when the caller knows it (VerifyOptions.siteIssuerName). */
  issuerName?: Partial<Record<Locale, string>>;
  /** True when the URL is one of this site's files. */
  owns(url: string): boolean;
}

export function verifierSite(siteUrl: string): VerifierSite {
  const urls = siteUrls(siteUrl);
  const did = siteDid(urls);
  return {
    urls,
    did,
    didDocumentUrl: urls.url(sitePaths.didDocument(urls.base)),
    keyHistoryUrl: urls.url(sitePaths.keyHistory(urls.base)),
    registryEntryUrl: urls.url(sitePaths.registryEntry(urls.base)),
    owns(url) {
      try {
        const parsed = new URL(url);
        return parsed.origin === urls.origin && parsed.pathname.startsWith(urls.base);
      } catch {
        return false;
      }
    },
  };
}
