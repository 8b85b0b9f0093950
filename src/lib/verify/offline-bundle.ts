/**
 * The offline verification bundle: one JSON file that lets anyone check an
 * award years later, or where the issuer's site cannot be reached. It holds
 * the signed credential and copies of the site's files a verifier reads for
 * it, as they were when the bundle was made: the DID document (with every key
 * that may have signed it), the key history, the signed status list (whose
 * bits say "revoked or not" as of `retrieved`; a later revocation is not in
 * it) and the known-issuer registry entry, plus instructions.
 *
 * The award page makes it on demand in the browser from the published files
 * (src/browser/award-actions.ts), like the baked badges; the CLI
 * (`npm run verify -- FILE --offline`) and any verifier with an injectable
 * document loader and clock check it with no network: bundleFetch answers the
 * verify core's requests from the bundle and refuses every other.
 */
import { sitePaths, siteUrls } from '../site-urls.ts';

// Not input.ts's: that one brings the step messages (the whole i18n table) into the award page's download chunk.
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value == null ? [] : [value]);

export const OFFLINE_BUNDLE_TYPE = 'EmblemOfflineVerificationBundle';

export interface OfflineBundle {
  type: typeof OFFLINE_BUNDLE_TYPE;
  version: 1;
  /** What the file is and how to check it, per language. */
  instructions: Record<string, string>;
  /** The site whose issuer signed the credential (its did:web is derived from it). */
  site: string;
  /** When the documents were copied: the status list says "revoked or not" as of this moment. */
  retrieved: string;
  credential: Json;
  /** URL → the document served there when the bundle was made. */
  documents: Record<string, Json>;
}

/** The site (origin and base path) a credential's published address belongs to: the address without its
 * path on the site (sitePaths.ob3Credential); undefined for any other address. */
export function siteOfCredentialUrl(url: string): string | undefined {
  const match = /^(https?:\/\/[^/]+\/(?:[^?#]*\/)?)badges\/[^/?#]+\/credential\.json$/.exec(url);
  return match?.[1];
}

/** The site files a verifier of this credential reads (the status list among them, from the credential). */
export function bundleSources(credential: Json, site: string): { required: string[]; optional: string[] } {
  const urls = siteUrls(site);
  const lists = asArray(credential.credentialStatus)
    .map((entry) => (isObject(entry) ? entry.statusListCredential : undefined))
    .filter((url): url is string => typeof url === 'string' && url.startsWith(urls.site));
  return {
    required: [urls.url(sitePaths.didDocument(urls.base)), ...new Set(lists)],
    // Absent on a site with a single key and no history, or without a registry entry.
    optional: [urls.url(sitePaths.keyHistory(urls.base)), urls.url(sitePaths.registryEntry(urls.base))],
  };
}

/** Makes the bundle from the credential and the site's files (read through `fetchJson`; undefined for a missing optional file). */
export async function makeOfflineBundle(options: {
  credential: Json;
  site: string;
  now: Date;
  instructions: Record<string, string>;
  fetchJson: (url: string) => Promise<Json | undefined>;
}): Promise<OfflineBundle> {
  const { credential, site } = options;
  const { required, optional } = bundleSources(credential, site);
  const documents: Record<string, Json> = {};
  const read = await Promise.all([...required, ...optional].map((url) => options.fetchJson(url)));
  [...required, ...optional].forEach((url, i) => {
    const document = read[i];
    if (document) documents[url] = document;
    else if (required.includes(url)) throw new Error(`${url} could not be read for the offline bundle`);
  });
  return {
    type: OFFLINE_BUNDLE_TYPE,
    version: 1,
    instructions: options.instructions,
    site: siteUrls(site).site,
    retrieved: options.now.toISOString(),
    credential,
    documents,
  };
}

/** The bundle in a parsed JSON value, or the field that makes it not one. */
export function readOfflineBundle(value: unknown): { bundle: OfflineBundle } | { problem: string } {
  if (!isObject(value) || value.type !== OFFLINE_BUNDLE_TYPE) return { problem: 'type' };
  if (value.version !== 1) return { problem: 'version' };
  if (typeof value.site !== 'string' || !URL.canParse(value.site)) return { problem: 'site' };
  if (typeof value.retrieved !== 'string' || Number.isNaN(Date.parse(value.retrieved))) return { problem: 'retrieved' };
  if (!isObject(value.credential)) return { problem: 'credential' };
  if (!isObject(value.documents) || !Object.values(value.documents).every(isObject)) return { problem: 'documents' };
  return { bundle: value as unknown as OfflineBundle };
}

/** A fetch that answers from the bundle's documents only: nothing leaves the machine. */
export function bundleFetch(bundle: OfflineBundle): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = input instanceof Request ? input.url : String(input);
    const document = Object.hasOwn(bundle.documents, url) ? bundle.documents[url] : undefined;
    if (!document) return new Response('not in the offline bundle', { status: 404 });
    return Response.json(document);
  }) as typeof fetch;
}
