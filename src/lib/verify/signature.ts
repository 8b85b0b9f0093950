/**
 * Checks the embedded eddsa-rdfc-2022 Data Integrity proofs of a document
 * with the Digital Bazaar libraries: the document is RDF-canonicalized with
 * bundled contexts and each Ed25519 signature is checked with the key its
 * proof names. Keys are taken from this site's DID document, or from a
 * did:key itself (no fetch); any other DID is reported as "published
 * elsewhere", never fetched.
 *
 * A proof set is judged proof by proof: jsonld-signatures accepts a set when
 * any one proof verifies, so an attacker could add their own signature over a
 * changed document next to the site's (now broken) one. Here every proof must
 * verify on its own, and a site-DID key must be listed in the DID document's
 * assertionMethod. A proof in a chain (previousProof, VC Data Integrity 1.0
 * §4.4) is checked over the document carrying the proofs it names, as it was
 * signed.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import { createDocumentLoader, type DocumentLoader } from '../credentials/document-loader.ts';
import { asArray, FetchFailure, fetchSiteJson, isObject, type Json } from './input.ts';
import type { VerifierSite } from './site.ts';

export const CRYPTOSUITE = 'eddsa-rdfc-2022';

export class KeyElsewhere extends Error {
  did: string;
  constructor(did: string) {
    super(`${did} is not this site's ${did.startsWith('did:') ? 'DID' : 'key document'}; its key is not fetched`);
    this.did = did;
  }
}

/** This site's keys: a document loader for signatures, and the DID document itself. */
export interface SiteKeys {
  site: VerifierSite;
  documentLoader: DocumentLoader;
  didDocument(): Promise<Json>;
  /** The site's published key history, or undefined when it publishes none (read once, only for a key that is
   * not the site's current one). */
  keyHistory?(): Promise<Json | undefined>;
}

/** Resolves this site's DID (from the site, read once) and did:key (locally), and nothing else. */
export function siteKeys(site: VerifierSite, fetchImpl: typeof fetch): SiteKeys {
  let siteDidDocument: Promise<Json> | undefined;
  const didDocument = () => (siteDidDocument ??= fetchSiteJson(site, fetchImpl, site.didDocumentUrl));
  let history: Promise<Json | undefined> | undefined;
  // A site that publishes no history (one key, or keys listed by EMBLEM_PREVIOUS_KEYS only) has no windows to hold keys to.
  const keyHistory = () => (history ??= fetchSiteJson(site, fetchImpl, site.keyHistoryUrl).catch(() => undefined));
  const documentLoader = createDocumentLoader({
    resolveDid: async (did) => {
      if (did === site.did) return didDocument();
      if (did.startsWith('did:key:')) return didKeyDocument(did);
      throw new KeyElsewhere(did);
    },
  });
  return { site, documentLoader, didDocument, keyHistory };
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

export type ProofFailureReason =
  | 'unsigned'
  | 'malformed'
  | 'unsupported'
  | 'key-elsewhere'
  | 'unknown-key'
  | 'did-unavailable'
  | 'invalid-signature'
  /** Made with a key the DID document lists as revoked (compromised) from a date: at or after it, or before it. */
  | 'key-compromised'
  | 'key-compromised-earlier'
  /** Made with a retired key after it was retired, or with a key before its first use (the key history). */
  | 'key-retired'
  | 'key-not-yet-valid';

export interface ProofFailure {
  reason: ProofFailureReason;
  /** 1-based position of the proof that failed, and how many proofs there are. */
  index: number;
  count: number;
  /** The proof's verification method and the DID it belongs to, when it names one. */
  verificationMethod?: string;
  signer?: string;
  /** What is wrong with a malformed proof, or its unsupported type. */
  field?: string;
  /** Library error text. */
  error?: string;
  /** For key-history failures: when the proof says it was made, and the date of the key's window it broke. */
  created?: string;
  from?: string;
}

export interface SignedBy {
  verificationMethod: string;
  /** The DID the key belongs to (the verification method without its fragment). */
  signer: string;
}

export type ProofsCheck = { verified: true; proofs: SignedBy[] } | { verified: false; failure: ProofFailure };

/** The DID part of a DID URL (`did:web:host#key` → `did:web:host`). */
export function didOf(verificationMethod: string): string {
  return verificationMethod.split('#')[0]!;
}

/**
 * Verifies every proof of the document, each on its own. The first proof that
 * fails decides the answer; a document passes only when all of them verify.
 */
export async function checkProofs(document: Json, keys: SiteKeys): Promise<ProofsCheck> {
  const proofs = asArray(document.proof);
  const count = proofs.length;
  if (count === 0) return { verified: false, failure: { reason: 'unsigned', index: 0, count } };
  const signedBy: SignedBy[] = [];
  for (const [i, proof] of proofs.entries()) {
    const index = i + 1;
    if (!isObject(proof)) return { verified: false, failure: { reason: 'malformed', index, count, field: 'proof' } };
    if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== CRYPTOSUITE) {
      const type = [proof.type, proof.cryptosuite].filter((v) => typeof v === 'string').join(' / ') || 'unknown';
      return { verified: false, failure: { reason: 'unsupported', index, count, field: type } };
    }
    const verificationMethod = proof.verificationMethod;
    if (typeof verificationMethod !== 'string' || !/^(did|https?):/.test(verificationMethod)) {
      return { verified: false, failure: { reason: 'malformed', index, count, field: 'verificationMethod' } };
    }
    const signer = didOf(verificationMethod);
    const named = { verificationMethod, signer };
    // A key in a controller document on the web (Controlled Identifiers 1.0) is legal, but never this site's.
    if (!signer.startsWith('did:')) {
      return {
        verified: false,
        failure: { reason: 'key-elsewhere', index, count, ...named, error: new KeyElsewhere(signer).message },
      };
    }
    // A DID alone names a document, not a key (Controlled Identifiers 1.0 §3.3: the fragment selects the method).
    if (!verificationMethod.includes('#'))
      return { verified: false, failure: { reason: 'malformed', index, count, ...named, field: 'verificationMethod' } };
    const previous = previousProofs(proof, proofs);
    if (!previous)
      return { verified: false, failure: { reason: 'malformed', index, count, ...named, field: 'previousProof' } };
    if (signer === keys.site.did) {
      let didDocument: Json;
      try {
        didDocument = await keys.didDocument();
      } catch (error) {
        const detail = error instanceof FetchFailure ? `${error.url}: ${error.message}` : errorMessage(error);
        return { verified: false, failure: { reason: 'did-unavailable', index, count, ...named, error: detail } };
      }
      const keyProblem = await keyHistoryProblem(didDocument, proof, verificationMethod, keys);
      if (keyProblem) return { verified: false, failure: { ...keyProblem, index, count, ...named } };
    } else if (!signer.startsWith('did:key:')) {
      return {
        verified: false,
        failure: { reason: 'key-elsewhere', index, count, ...named, error: new KeyElsewhere(signer).message },
      };
    }
    const error = await verifyOneProof({ ...document, proof }, previous, keys.documentLoader);
    if (error !== undefined) {
      const elsewhere = findError(error, (e) => e instanceof KeyElsewhere) as KeyElsewhere | undefined;
      if (elsewhere)
        return {
          verified: false,
          failure: { reason: 'key-elsewhere', index, count, ...named, error: elsewhere.message },
        };
      return {
        verified: false,
        failure: { reason: 'invalid-signature', index, count, ...named, error: errorMessage(error) },
      };
    }
    signedBy.push(named);
  }
  return { verified: true, proofs: signedBy };
}

/**
 * Why this site's key may not assert this proof: not listed for assertions (unknown, or listed
 * as revoked: compromised), or a retired key used outside its window in the published key
 * history. The proof's `created` is the moment checked (a credential re-signed after a
 * rotation keeps its validFrom, so validFrom is only the fallback).
 */
async function keyHistoryProblem(
  didDocument: Json,
  proof: Json,
  verificationMethod: string,
  keys: SiteKeys,
): Promise<Pick<ProofFailure, 'reason' | 'created' | 'from'> | undefined> {
  const created = typeof proof.created === 'string' ? proof.created : undefined;
  if (!listedForAssertion(didDocument, verificationMethod)) {
    const method = asArray(didDocument.verificationMethod).find((m) => isObject(m) && m.id === verificationMethod);
    const revoked = isObject(method) && typeof method.revoked === 'string' ? method.revoked : undefined;
    if (!revoked) return { reason: 'unknown-key' };
    // Compromised: refused either way; the message says whether the proof claims to predate the leak.
    const earlier = created !== undefined && Date.parse(created) < Date.parse(revoked);
    return {
      reason: earlier ? 'key-compromised-earlier' : 'key-compromised',
      from: revoked,
      ...(created ? { created } : {}),
    };
  }
  // The current key (listed first) signs today's credentials: its window is open by definition.
  if (asArray(didDocument.assertionMethod)[0] === verificationMethod || !created) return undefined;
  const history = await keys.keyHistory?.();
  const record = asArray(history?.keys).find((k) => isObject(k) && k.id === verificationMethod) as Json | undefined;
  if (!record) return undefined;
  const at = Date.parse(created);
  if (typeof record.validFrom === 'string' && at < Date.parse(record.validFrom))
    return { reason: 'key-not-yet-valid', created, from: record.validFrom };
  if (typeof record.retiredOn === 'string' && at >= Date.parse(record.retiredOn))
    return { reason: 'key-retired', created, from: record.retiredOn };
  return undefined;
}

/** True when the DID document lists the key for assertions (by reference or embedded). */
function listedForAssertion(didDocument: Json, verificationMethod: string): boolean {
  return asArray(didDocument.assertionMethod).some((m) => (isObject(m) ? m.id : m) === verificationMethod);
}

/** The proofs a chained proof names in previousProof (none for a proof that names none);
 * undefined when one of them is not in the document. */
function previousProofs(proof: Json, proofs: unknown[]): Json[] | undefined {
  const ids = asArray(proof.previousProof);
  const found: Json[] = [];
  for (const id of ids) {
    const match = proofs.find((p) => isObject(p) && p !== proof && p.id === id);
    if (typeof id !== 'string' || !isObject(match)) return undefined;
    found.push(match);
  }
  return found;
}

/** Data Integrity proof whose signed data is the document with the earlier proofs of its chain. */
class ChainedProof extends DataIntegrityProof {
  #previous: Json[];
  constructor(previous: Json[]) {
    super({ cryptosuite });
    this.#previous = previous;
  }
  override createVerifyData(options: {
    document: Json;
    proof: Json;
    documentLoader: DocumentLoader;
  }): Promise<Uint8Array> {
    const document = this.#previous.length > 0 ? { ...options.document, proof: this.#previous } : options.document;
    return super.createVerifyData({ ...options, document });
  }
}

/** Undefined when the document's single proof verifies (over the document with the proofs
 * it chains to, if any), else the error. */
async function verifyOneProof(document: Json, previous: Json[], documentLoader: DocumentLoader): Promise<unknown> {
  try {
    const result = await jsigs.verify(document, {
      suite: new ChainedProof(previous),
      purpose: new jsigs.purposes.AssertionProofPurpose(),
      documentLoader,
    });
    if (result.verified) return undefined;
    return result.error ?? result.results?.find((r) => r.error)?.error ?? new Error('signature not valid');
  } catch (thrown) {
    return thrown ?? new Error('signature not valid');
  }
}

function errorMessage(error: unknown): string {
  const root = findError(error, (e) => !hasInnerErrors(e)) ?? error;
  return root instanceof Error ? root.message : String(root ?? 'signature not valid');
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
