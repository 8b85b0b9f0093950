/**
 * Open Badges 3.0: the OpenBadgeCredential of an award (VC data model 2.0 +
 * the OB 3.0.3 context), and signing with a DataIntegrityProof (eddsa-rdfc-2022).
 *
 * Signing goes through a proof cache keyed by the unsigned credential and the
 * verification method: a proof carries its creation time, so re-signing
 * unchanged credentials would change every file on every build. A cached
 * proof is reused only after its signature is checked against the current key
 * and the unsigned credential (a corrupted or stale entry is signed again).
 *
 * `proof` is published as an array even when there is one proof: OB 3.0 makes
 * unordered 0..* sets JSON arrays, and 1EdTech's AchievementCredential JSON
 * schema requires it.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { Ed25519KeyPair } from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import type { Award, Issuer } from '../schema.ts';
import { pick, type PublishedAward } from '../site-model.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';
import type { DocumentLoader } from './document-loader.ts';
import type { RecipientIdentity } from './identity.ts';
import { keyPair, verificationMethodId, type SigningKey } from './keys.ts';
import { assetUrl, ob2Criteria, type JsonObject } from './ob2.ts';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

export function ob3IssuerProfile(issuer: Issuer, urls: SiteUrls, did: string): JsonObject {
  const locale = issuer.defaultLocale;
  return {
    id: did,
    type: ['Profile'],
    name: pick(issuer.name, locale),
    description: pick(issuer.description, locale),
    url: issuer.url,
    email: issuer.email,
    image: { id: assetUrl(urls, issuer.logo), type: 'Image' },
  };
}

export function ob3Credential(options: {
  entry: PublishedAward<Award>;
  issuer: Issuer;
  identity: RecipientIdentity;
  urls: SiteUrls;
  did: string;
  credentialStatus: JsonObject;
}): JsonObject {
  const { entry, issuer, identity, urls, did, credentialStatus } = options;
  const { award, badgeClass } = entry;
  const locale = issuer.defaultLocale;
  const skills = badgeClass.skills.map((s) => pick(s, locale)).filter(Boolean);
  const evidence = award.evidence.map((e) => ({ ...(e.url ? { id: e.url } : {}), type: ['Evidence'], ...(e.narrative ? { narrative: e.narrative } : {}) }));
  const name = pick(badgeClass.name, locale);
  return {
    '@context': [VC_V2_CONTEXT, OB3_CONTEXT],
    id: urls.url(sitePaths.ob3Credential(award.id)),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name,
    issuer: ob3IssuerProfile(issuer, urls, did),
    validFrom: award.issuedOn,
    ...(award.expires ? { validUntil: award.expires } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      name: award.recipient.name,
      identifier: [{ type: 'IdentityObject', identityHash: identity.hash, identityType: 'emailAddress', hashed: true, salt: identity.salt }],
      awardedDate: award.issuedOn,
      achievement: {
        id: urls.url(sitePaths.ob2BadgeClass(badgeClass.id)),
        type: ['Achievement'],
        achievementType: badgeClass.kind === 'exam' ? 'Assessment' : 'Certification',
        name,
        description: pick(badgeClass.description, locale),
        criteria: ob2Criteria(badgeClass, locale),
        image: { id: assetUrl(urls, badgeClass.image), type: 'Image' },
        ...(badgeClass.code ? { humanCode: badgeClass.code } : {}),
        ...(skills.length ? { tag: skills } : {}),
      },
    },
    ...(evidence.length ? { evidence } : {}),
    credentialStatus,
  };
}

/** Where proofs are kept between builds (a folder in the build, a Map in tests). */
export interface ProofCache {
  get(key: string): Promise<JsonObject | undefined>;
  set(key: string, proof: JsonObject): Promise<void>;
}

/** JSON with object keys sorted, so equal credentials give equal cache keys. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export async function proofCacheKey(unsigned: JsonObject, verificationMethod: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${verificationMethod}\n${stableJson(unsigned)}`);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A cached proof and the unsigned credential it should belong to. */
export interface CachedProof {
  unsigned: JsonObject;
  proof: JsonObject;
}

export interface CredentialSigner {
  verificationMethod: string;
  /** A new proof for `unsigned` (no cache): what worker threads return. */
  createProof(unsigned: JsonObject): Promise<JsonObject>;
  /** True when the proof's signature holds for `unsigned` with the current key. */
  proofHolds(entry: CachedProof): Promise<boolean>;
  /** Signed copy of `unsigned` (a cached proof when there is one that holds). */
  sign(unsigned: JsonObject): Promise<JsonObject>;
  /** Signed copies of many credentials, in order: cached proofs are checked and
   * reused, the rest signed. Both go to `checkCached` / `signMissing` when given
   * (a worker pool), else are done here one by one. */
  signAll(unsigned: JsonObject[]): Promise<JsonObject[]>;
  /** signed: new proofs; reused: cached proofs that verified; rejected: cached proofs that did not (re-signed). */
  stats: { signed: number; reused: number; rejected: number };
}

export async function createCredentialSigner(options: {
  key: SigningKey;
  did: string;
  documentLoader: DocumentLoader;
  cache?: ProofCache;
  /** Proof creation time (default: the moment of signing). */
  now?: () => Date;
  /** Signs credentials elsewhere (e.g. on worker threads) and returns their proofs, in order;
   * an empty answer means "do it here". */
  signMissing?: (unsigned: JsonObject[]) => Promise<JsonObject[]>;
  /** Checks cached proofs elsewhere (e.g. on worker threads), answering in order; empty means "do it here". */
  checkCached?: (entries: CachedProof[]) => Promise<boolean[]>;
}): Promise<CredentialSigner> {
  const { key, did, documentLoader, cache, now = () => new Date(), signMissing, checkCached } = options;
  const pair = await keyPair(key, did);
  const verificationMethod = verificationMethodId(did, key.publicKeyMultibase);
  const stats = { signed: 0, reused: 0, rejected: 0 };
  const newProof = async (unsigned: JsonObject): Promise<JsonObject> => {
    const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsaRdfc2022, date: now() });
    // vc.issue adds the proof to the object it is given: pass a copy.
    const signed = await vc.issue({ credential: structuredClone(unsigned), suite, documentLoader });
    return signed.proof as JsonObject;
  };
  const holds = cachedProofCheck(pair, verificationMethod, documentLoader);
  const signer: CredentialSigner = {
    verificationMethod,
    stats,
    createProof: newProof,
    proofHolds: ({ unsigned, proof }) => holds(unsigned, proof),
    async sign(unsigned) {
      return (await signer.signAll([unsigned]))[0]!;
    },
    async signAll(unsigned) {
      const keys = await Promise.all(unsigned.map((u) => proofCacheKey(u, verificationMethod)));
      const proofs: (JsonObject | undefined)[] = [];
      for (const cacheKey of keys) proofs.push(await cache?.get(cacheKey));
      // Every cached proof is checked before it is reused; one that fails is signed again.
      const cached = proofs.flatMap((proof, i) => (proof ? [i] : []));
      const entries = cached.map((i) => ({ unsigned: unsigned[i]!, proof: proofs[i]! }));
      const remote = checkCached && entries.length > 1 ? await checkCached(entries) : [];
      for (const [n, i] of cached.entries()) {
        const ok = remote[n] ?? (await holds(unsigned[i]!, proofs[i]!));
        if (ok) stats.reused++;
        else {
          stats.rejected++;
          proofs[i] = undefined;
        }
      }
      const missing = proofs.flatMap((proof, i) => (proof ? [] : [i]));
      const fresh = signMissing && missing.length > 1 ? await signMissing(missing.map((i) => unsigned[i]!)) : [];
      for (const [n, i] of missing.entries()) {
        const proof = fresh[n] ?? (await newProof(unsigned[i]!));
        await cache?.set(keys[i]!, proof);
        proofs[i] = proof;
        stats.signed++;
      }
      return unsigned.map((u, i) => ({ ...u, proof: [proofs[i]!] }));
    },
  };
  return signer;
}

/**
 * Checks a cached proof the cheap way: the Ed25519 signature over the same
 * hashes signing would produce (canonical proof options + canonical unsigned
 * credential), with the current key. Proof options repeat across a build (one
 * key, creation times to the second), so their hash is kept per distinct value.
 */
function cachedProofCheck(
  pair: Ed25519KeyPair,
  verificationMethod: string,
  documentLoader: DocumentLoader,
): (unsigned: JsonObject, proof: JsonObject) => Promise<boolean> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }) as unknown as VerifyingSuite;
  const publicKey = pair.export({ publicKey: true, includeContext: true });
  const optionHashes = new Map<string, Promise<Uint8Array>>();
  return async (unsigned, proof) => {
    const { proofValue: _value, ...options } = proof;
    if (
      options.type !== 'DataIntegrityProof' ||
      options.cryptosuite !== 'eddsa-rdfc-2022' ||
      options.proofPurpose !== 'assertionMethod' ||
      options.verificationMethod !== verificationMethod
    ) {
      return false;
    }
    try {
      const optionsKey = `${stableJson(unsigned['@context'])}\n${stableJson(options)}`;
      let optionsHash = optionHashes.get(optionsKey);
      if (!optionsHash) {
        optionsHash = suite.canonizeProof(options, { document: unsigned, documentLoader }).then(sha256);
        optionHashes.set(optionsKey, optionsHash);
      }
      const documentHash = suite.canonize(unsigned, { documentLoader, base: null, safe: true }).then(sha256);
      const verifyData = new Uint8Array(64);
      verifyData.set(await optionsHash, 0);
      verifyData.set(await documentHash, 32);
      return await suite.verifySignature({ verifyData, verificationMethod: await publicKey, proof });
    } catch {
      return false;
    }
  };
}

/** The parts of DataIntegrityProof (data-integrity 2.x) that checking a signature by hand uses. */
interface VerifyingSuite {
  canonize(document: JsonObject, options: Record<string, unknown>): Promise<string>;
  canonizeProof(proof: JsonObject, options: { document: JsonObject; documentLoader: DocumentLoader }): Promise<string>;
  verifySignature(options: { verifyData: Uint8Array; verificationMethod: Record<string, unknown>; proof: JsonObject }): Promise<boolean>;
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}
