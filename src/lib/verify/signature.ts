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
  const method = typeof proof?.verificationMethod === 'string' ? { verificationMethod: proof.verificationMethod } : {};
  let error: unknown;
  try {
    const result = await jsigs.verify(document, {
      suite: new DataIntegrityProof({ cryptosuite }),
      purpose: new jsigs.purposes.AssertionProofPurpose(),
      documentLoader,
    });
    if (result.verified) return { verified: true, ...method };
    error = result.error ?? result.results?.find((r) => r.error)?.error;
  } catch (thrown) {
    error = thrown;
  }
  const elsewhere = findError(error, (e) => e instanceof KeyElsewhere) as KeyElsewhere | undefined;
  if (elsewhere) return { verified: false, ...method, keyElsewhere: elsewhere.did, error: elsewhere.message };
  const root = findError(error, (e) => !hasInnerErrors(e)) ?? error;
  return { verified: false, ...method, error: root instanceof Error ? root.message : String(root ?? 'signature not valid') };
}

/** jsonld-signatures wraps failures (VerificationError with `errors`, or `cause`); search them. */
function findError(error: unknown, match: (e: unknown) => boolean, depth = 0): unknown {
  if (!error || depth > 5) return undefined;
  if (match(error)) return error;
  const { errors, cause } = error as { errors?: unknown[]; cause?: unknown };
  for (const inner of [...(Array.isArray(errors) ? errors : []), cause]) {
    const found = findError(inner, match, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function hasInnerErrors(error: unknown): boolean {
  const { errors, cause } = (error ?? {}) as { errors?: unknown[]; cause?: unknown };
  return (Array.isArray(errors) && errors.length > 0) || cause instanceof Error;
}
