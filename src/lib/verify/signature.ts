/**
 * Checks an embedded eddsa-rdfc-2022 Data Integrity proof with the Digital
 * Bazaar libraries: the document is RDF-canonicalized with bundled contexts and
 * the Ed25519 signature is checked with the key its proof names. Keys are
 * taken from this site's DID document, or from a did:key itself (no fetch);
 * any other DID is reported as "published elsewhere", never fetched.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import { createDocumentLoader, type DocumentLoader } from '../credentials/document-loader.ts';
import { fetchSiteJson, isObject, type Json } from './input.ts';
import type { VerifierSite } from './site.ts';

export const CRYPTOSUITE = 'eddsa-rdfc-2022';

export class KeyElsewhere extends Error {
  did: string;
  constructor(did: string) {
    super(`${did} is not this site's DID; its key is not fetched`);
    this.did = did;
  }
}

export interface ProofCheck {
  verified: boolean;
  /** Verification method id named by the proof. */
  verificationMethod?: string;
  /** Set when the key lives under a DID this verifier does not fetch. */
  keyElsewhere?: string;
  error?: string;
}

/** A loader that resolves this site's DID (from the site) and did:key (locally), and nothing else. */
export function siteDocumentLoader(site: VerifierSite, fetchImpl: typeof fetch): DocumentLoader {
  let siteDidDocument: Promise<Json> | undefined;
  return createDocumentLoader({
    resolveDid: async (did) => {
      if (did === site.did) return (siteDidDocument ??= fetchSiteJson(site, fetchImpl, site.didDocumentUrl));
      if (did.startsWith('did:key:')) return didKeyDocument(did);
      throw new KeyElsewhere(did);
    },
  });
}

/** The DID document a did:key stands for (Ed25519 Multikey only). */
export function didKeyDocument(did: string): Json {
  const fingerprint = did.slice('did:key:'.length);
  if (!fingerprint.startsWith('z6Mk')) throw new Error(`${did} is not an Ed25519 did:key`);
  const id = `${did}#${fingerprint}`;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{ id, type: 'Multikey', controller: did, publicKeyMultibase: fingerprint }],
    assertionMethod: [id],
    authentication: [id],
  };
}

export function proofsOf(document: Json): Json[] {
  const proof = document.proof;
  if (Array.isArray(proof)) return proof.filter(isObject);
  return isObject(proof) ? [proof] : [];
}

export async function checkProof(document: Json, documentLoader: DocumentLoader): Promise<ProofCheck> {
  const proof = proofsOf(document)[0];
  const verificationMethod = typeof proof?.verificationMethod === 'string' ? proof.verificationMethod : undefined;
  const did = verificationMethod?.split('#')[0];
  try {
    const result = await jsigs.verify(document, {
      suite: new DataIntegrityProof({ cryptosuite }),
      purpose: new jsigs.purposes.AssertionProofPurpose(),
      documentLoader,
    });
    if (result.verified) return { verified: true, ...(verificationMethod ? { verificationMethod } : {}) };
    const error = firstError(result.error) ?? firstError(result.results?.find((r) => r.error)?.error);
    if (error instanceof KeyElsewhere) return { verified: false, keyElsewhere: error.did, error: error.message };
    return { verified: false, ...(verificationMethod ? { verificationMethod } : {}), error: describe(error) ?? 'signature not valid' };
  } catch (error) {
    if (error instanceof KeyElsewhere) return { verified: false, keyElsewhere: error.did, error: error.message };
    if (did && !did.startsWith('did:key:') && did !== undefined && /not this site/.test(describe(error) ?? '')) {
      return { verified: false, keyElsewhere: did, error: describe(error) };
    }
    return { verified: false, error: describe(error) ?? 'signature not valid' };
  }
}

/** jsonld-signatures wraps errors (VerificationError with an `errors` list); find the root one. */
function firstError(error: unknown): unknown {
  if (!error) return undefined;
  const nested = (error as { errors?: unknown[] }).errors;
  if (Array.isArray(nested) && nested.length) return firstError(nested[0]) ?? nested[0];
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof KeyElsewhere) return cause;
  return error;
}

function describe(error: unknown): string | undefined {
  if (!error) return undefined;
  return error instanceof Error ? error.message : String(error);
}
