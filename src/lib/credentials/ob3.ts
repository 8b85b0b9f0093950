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
import { createHash, createHmac } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { Ed25519KeyPair } from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import type { Award, Issuer } from '../content/schema.ts';
import { pick, type PublishedAward } from '../site-model.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';
import type { DocumentLoader } from './document-loader.ts';
import type { RecipientIdentity } from './identity.ts';
import { keyPair, verificationMethodId, type SigningKey } from './keys.ts';
import { ob3Alignment } from './alignment.ts';
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
  const skills = badgeClass.skills.map((s) => pick(s.name, locale)).filter(Boolean);
  const alignment = ob3Alignment(badgeClass, locale);
  const evidence = award.evidence.map((e) => ({
    ...(e.url ? { id: e.url } : {}),
    type: ['Evidence'],
    ...(e.narrative ? { narrative: e.narrative } : {}),
  }));
  const name = pick(badgeClass.name, locale);
  return {
    '@context': [VC_V2_CONTEXT, OB3_CONTEXT],
    id: urls.url(sitePaths.ob3Credential(award.id)),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name,
    issuer: ob3IssuerProfile(issuer, urls, did),
    validFrom: award.issuedOn,
    // OB 3.0 defines awardedDate on the AchievementCredential (its JSON schema and the 3.0.3 context).
    awardedDate: award.issuedOn,
    ...(award.expires ? { validUntil: award.expires } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      name: award.recipient.name,
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: identity.hash,
          identityType: 'emailAddress',
          hashed: true,
          salt: identity.salt,
        },
      ],
      // Deprecated copy where Emblem put it before (wallet and portal templates read credentialSubject.awardedDate);
      // drop at the next major version.
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
        ...(alignment.length ? { alignment } : {}),
      },
    },
    ...(evidence.length ? { evidence } : {}),
    credentialStatus,
  };
}

/** Where proofs are kept between builds (a folder in the build, a Map in tests). */
export interface ProofCache {
  get(key: string): Promise<JsonObject | undefined>;
  set(key: string, entry: JsonObject): Promise<void>;
}

/**
 * What the proof cache keeps per credential: the proof; the SHA-256 of the
 * canonicalized unsigned credential it signs (the expensive half of what is
 * signed); and a tag (HMAC with a key derived from the signing key) over this
 * entry's cache key, that hash and the proof itself. Only the holder of the
 * signing key can make a tag, and the proof was made with that key for the
 * credential the cache key names, so a matching tag is enough to reuse the
 * proof: no Ed25519 verification per entry. An entry copied or edited
 * without the key is refused (and signed again).
 */
export interface ProofCacheEntry {
  proof: JsonObject;
  documentHash: string;
  tag: string;
}

/** Changes when the way credentials are canonicalized or entries are tagged changes; entries of another version are checked the slow way. */
const PROOF_CACHE_VERSION = 'emblem-proof-cache/2 eddsa-rdfc-2022 RDFC-1.0';
/** Entries of version 1 were tagged over the cache key and document hash only: checked once with one Ed25519 verification, then re-tagged. */
const PROOF_CACHE_VERSION_1 = 'emblem-proof-cache/1 eddsa-rdfc-2022 RDFC-1.0';

/** JSON with object keys sorted, so equal credentials give equal cache keys. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export async function proofCacheKey(unsigned: JsonObject, verificationMethod: string): Promise<string> {
  // node:crypto, not Web Crypto: one key per award on every build, and Web Crypto's digest is a thread-pool round trip each.
  return createHash('sha256')
    .update(`${verificationMethod}\n${stableJson(unsigned)}`)
    .digest('hex');
}

/** A cached entry and the unsigned credential it should belong to. */
export interface CachedProof {
  unsigned: JsonObject;
  entry: JsonObject;
}

export interface CredentialSigner {
  verificationMethod: string;
  /** A new proof for `unsigned`, as a cache entry (no cache): what worker threads return. */
  createEntry(unsigned: JsonObject): Promise<ProofCacheEntry>;
  /** The entry's proof when it holds for `unsigned` with the current key (an entry in the
   * current format, or a bare proof from an older cache, checked the slow way). */
  checkEntry(cached: CachedProof): Promise<boolean>;
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
  /** Signs credentials elsewhere (e.g. on worker threads) and returns their cache entries, in order;
   * an empty answer means "do it here". */
  signMissing?: (unsigned: JsonObject[]) => Promise<ProofCacheEntry[]>;
  /** Checks cached entries that need canonicalization (bare proofs from an older cache) elsewhere,
   * e.g. on worker threads, answering in order; empty means "do it here". */
  checkCached?: (entries: CachedProof[]) => Promise<boolean[]>;
}): Promise<CredentialSigner> {
  const { key, did, documentLoader, cache, now = () => new Date(), signMissing, checkCached } = options;
  const pair = await keyPair(key, did);
  const verificationMethod = verificationMethodId(did, key.publicKeyMultibase);
  const stats = { signed: 0, reused: 0, rejected: 0 };
  // node:crypto, not Web Crypto: one tag per award on every build, and a Web Crypto call is a thread-pool round trip each.
  const hmacKey = (version: string) => createHash('sha256').update(`${version}\n${key.secretKeyMultibase}`).digest();
  const tagKey = hmacKey(PROOF_CACHE_VERSION);
  const tagKey1 = hmacKey(PROOF_CACHE_VERSION_1);
  const hmac = async (tagKey: Buffer, message: string) => createHmac('sha256', tagKey).update(message).digest('hex');
  const tagOf = (cacheKey: string, documentHash: string, proof: JsonObject) =>
    hmac(tagKey, `${PROOF_CACHE_VERSION}\n${cacheKey}\n${documentHash}\n${stableJson(proof)}`);
  const version1TagOf = (cacheKey: string, documentHash: string) =>
    hmac(tagKey1, `${PROOF_CACHE_VERSION_1}\n${cacheKey}\n${documentHash}`);

  const createEntry = async (unsigned: JsonObject): Promise<ProofCacheEntry> => {
    const suite = new DataIntegrityProof({
      signer: pair.signer(),
      cryptosuite: eddsaRdfc2022,
      date: now(),
    }) as unknown as VerifyingSuite;
    // What gets signed is hash(canonical proof options) + hash(canonical credential): keep the second half.
    let signed: Uint8Array | undefined;
    const sign = suite.sign.bind(suite);
    suite.sign = (args) => {
      signed = args.verifyData;
      return sign(args);
    };
    // vc.issue adds the proof to the object it is given: pass a copy.
    const credential = await vc.issue({ credential: structuredClone(unsigned), suite, documentLoader });
    if (signed?.length !== 64) throw new Error('eddsa-rdfc-2022 signed something other than two SHA-256 hashes');
    const documentHash = hex(signed.subarray(32));
    const proof = credential.proof as JsonObject;
    return {
      proof,
      documentHash,
      tag: await tagOf(await proofCacheKey(unsigned, verificationMethod), documentHash, proof),
    };
  };

  const signatureHolds = proofSignatureCheck(pair, verificationMethod, documentLoader);
  /** 'current': the tag of this version holds (reuse as is); 'outdated': it held the older way (reuse, re-tag); 'refused'. */
  const entryState = async (
    { unsigned, entry }: CachedProof,
    knownKey?: string,
  ): Promise<'current' | 'outdated' | 'refused'> => {
    const { proof, documentHash, tag } = entry as Partial<ProofCacheEntry>;
    if (isJsonObject(proof) && typeof documentHash === 'string' && typeof tag === 'string') {
      const cacheKey = knownKey ?? (await proofCacheKey(unsigned, verificationMethod));
      if (tag === (await tagOf(cacheKey, documentHash, proof))) return 'current';
      // A version-1 entry: its tag did not cover the proof, so the signature is checked once.
      if (tag !== (await version1TagOf(cacheKey, documentHash))) return 'refused';
      return (await signatureHolds(unsigned, proof, fromHex(documentHash))) ? 'outdated' : 'refused';
    }
    // A bare proof (a cache written before entries carried the hash): canonicalize to check it.
    return (await signatureHolds(unsigned, entry)) ? 'outdated' : 'refused';
  };
  const checkEntry = async (cached: CachedProof): Promise<boolean> => (await entryState(cached)) !== 'refused';

  const signer: CredentialSigner = {
    verificationMethod,
    stats,
    createEntry,
    checkEntry,
    async sign(unsigned) {
      return (await signer.signAll([unsigned]))[0]!;
    },
    async signAll(unsigned) {
      const keys = await Promise.all(unsigned.map((u) => proofCacheKey(u, verificationMethod)));
      const entries: (JsonObject | undefined)[] = [];
      for (const cacheKey of keys) entries.push(await cache?.get(cacheKey));
      // Every cached proof is checked before it is reused; one that fails is signed again.
      // Entries in the current format are checked here (one HMAC each);
      // bare proofs need canonicalization, which goes to `checkCached` when there are many.
      const cached = entries.flatMap((entry, i) => (entry ? [i] : []));
      const toCheck = cached.map((i) => ({ unsigned: unsigned[i]!, entry: entries[i]! }));
      const slow = toCheck.flatMap((c, n) => (isJsonObject(c.entry.proof) ? [] : [n]));
      const slowAnswers = checkCached && slow.length > 1 ? await checkCached(slow.map((n) => toCheck[n]!)) : [];
      const remote = new Map(
        slow.flatMap((n, k) => (slowAnswers[k] === undefined ? [] : [[n, slowAnswers[k]!] as const])),
      );
      const proofs: (JsonObject | undefined)[] = entries.map(() => undefined);
      for (const [n, i] of cached.entries()) {
        const answer = remote.get(n);
        const state = answer === undefined ? await entryState(toCheck[n]!, keys[i]) : answer ? 'outdated' : 'refused';
        if (state !== 'refused') {
          stats.reused++;
          const entry = entries[i]!;
          const proof = isJsonObject(entry.proof) ? entry.proof : entry;
          proofs[i] = proof;
          if (state === 'outdated') {
            const known =
              typeof entry.documentHash === 'string' && isJsonObject(entry.proof) ? entry.documentHash : undefined;
            await cache?.set(keys[i]!, { ...(await createEntryFor(unsigned[i]!, proof, known)) });
          }
        } else stats.rejected++;
      }
      const missing = proofs.flatMap((proof, i) => (proof ? [] : [i]));
      const fresh = signMissing && missing.length > 1 ? await signMissing(missing.map((i) => unsigned[i]!)) : [];
      for (const [n, i] of missing.entries()) {
        const entry = fresh[n] ?? (await createEntry(unsigned[i]!));
        await cache?.set(keys[i]!, { ...entry });
        proofs[i] = entry.proof;
        stats.signed++;
      }
      return unsigned.map((u, i) => ({ ...u, proof: [proofs[i]!] }));
    },
  };

  /** A current-format entry for an older cached proof that was just checked (the same proof, with its hash and tag). */
  const createEntryFor = async (
    unsigned: JsonObject,
    proof: JsonObject,
    checkedHash?: string,
  ): Promise<ProofCacheEntry> => {
    const documentHash = checkedHash ?? hex(await canonicalHash(unsigned, documentLoader));
    return {
      proof,
      documentHash,
      tag: await tagOf(await proofCacheKey(unsigned, verificationMethod), documentHash, proof),
    };
  };
  return signer;
}

/**
 * Checks a proof by hand: the Ed25519 signature over what signing signed,
 * hash(canonical proof options) + hash(canonical unsigned credential), with the
 * current key. The credential's hash is computed unless given (from a checked
 * cache entry); proof options repeat across a build (one key, creation times to
 * the second), so their hash is kept per distinct value.
 */
function proofSignatureCheck(
  pair: Ed25519KeyPair,
  verificationMethod: string,
  documentLoader: DocumentLoader,
): (unsigned: JsonObject, proof: JsonObject, documentHash?: Uint8Array) => Promise<boolean> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }) as unknown as VerifyingSuite;
  const publicKey = pair.export({ publicKey: true, includeContext: true });
  const optionHashes = new Map<string, Promise<Uint8Array>>();
  return async (unsigned, proof, documentHash) => {
    const { proofValue: _value, ...options } = proof;
    if (
      options.type !== 'DataIntegrityProof' ||
      options.cryptosuite !== 'eddsa-rdfc-2022' ||
      options.proofPurpose !== 'assertionMethod' ||
      options.verificationMethod !== verificationMethod ||
      (documentHash && documentHash.length !== 32)
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
      const verifyData = new Uint8Array(64);
      verifyData.set(await optionsHash, 0);
      verifyData.set(documentHash ?? (await canonicalHash(unsigned, documentLoader)), 32);
      return await suite.verifySignature({ verifyData, verificationMethod: await publicKey, proof });
    } catch {
      return false;
    }
  };
}

/** SHA-256 of the RDF-canonicalized document, as eddsa-rdfc-2022 hashes it. */
async function canonicalHash(document: JsonObject, documentLoader: DocumentLoader): Promise<Uint8Array> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }) as unknown as VerifyingSuite;
  return sha256(await suite.canonize(document, { documentLoader, base: null, safe: true }));
}

/** The parts of DataIntegrityProof (data-integrity 2.x) that signing and checking by hand use. */
interface VerifyingSuite {
  canonize(document: JsonObject, options: Record<string, unknown>): Promise<string>;
  canonizeProof(proof: JsonObject, options: { document: JsonObject; documentLoader: DocumentLoader }): Promise<string>;
  sign(options: { verifyData: Uint8Array; proof: JsonObject }): Promise<JsonObject>;
  verifySignature(options: {
    verifyData: Uint8Array;
    verificationMethod: Record<string, unknown>;
    proof: JsonObject;
  }): Promise<boolean>;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function sha256(text: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(text: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(text)) return new Uint8Array(0);
  return Uint8Array.from(text.match(/../g)!, (pair) => Number.parseInt(pair, 16));
}
