/**
 * Open Badges 3.0: the OpenBadgeCredential of an award (VC data model 2.0 +
 * the OB 3.0.3 context), and signing with a DataIntegrityProof (eddsa-rdfc-2022).
 *
 * Signing goes through a proof cache keyed by the unsigned credential and the
 * verification method: a proof carries its creation time, so re-signing
 * unchanged credentials would change every file on every build.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
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

export interface CredentialSigner {
  verificationMethod: string;
  /** Signed copy of `unsigned` (a cached proof when there is one). */
  sign(unsigned: JsonObject): Promise<JsonObject>;
  /** Signed copies of many credentials, in order: cached proofs are reused, and
   * the rest go to `signMissing` when one was given (a worker pool), else are
   * signed here one by one. */
  signAll(unsigned: JsonObject[]): Promise<JsonObject[]>;
  stats: { signed: number; reused: number };
}

export async function createCredentialSigner(options: {
  key: SigningKey;
  did: string;
  documentLoader: DocumentLoader;
  cache?: ProofCache;
  /** Proof creation time (default: the moment of signing). */
  now?: () => Date;
  /** Signs credentials elsewhere (e.g. on worker threads) and returns their proofs, in order. */
  signMissing?: (unsigned: JsonObject[]) => Promise<JsonObject[]>;
}): Promise<CredentialSigner> {
  const { key, did, documentLoader, cache, now = () => new Date(), signMissing } = options;
  const pair = await keyPair(key, did);
  const verificationMethod = verificationMethodId(did, key.publicKeyMultibase);
  const stats = { signed: 0, reused: 0 };
  const newProof = async (unsigned: JsonObject): Promise<JsonObject> => {
    const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsaRdfc2022, date: now() });
    // vc.issue adds the proof to the object it is given: pass a copy.
    const signed = await vc.issue({ credential: structuredClone(unsigned), suite, documentLoader });
    return signed.proof as JsonObject;
  };
  const cachedProof = async (cacheKey: string): Promise<JsonObject | undefined> => {
    const cached = await cache?.get(cacheKey);
    return cached && cached.verificationMethod === verificationMethod ? cached : undefined;
  };
  const signer: CredentialSigner = {
    verificationMethod,
    stats,
    async sign(unsigned) {
      return (await signer.signAll([unsigned]))[0]!;
    },
    async signAll(unsigned) {
      const keys: string[] = [];
      const proofs: (JsonObject | undefined)[] = [];
      for (const u of unsigned) {
        keys.push(await proofCacheKey(u, verificationMethod));
        proofs.push(await cachedProof(keys.at(-1)!));
      }
      const missing = proofs.flatMap((proof, i) => (proof ? [] : [i]));
      stats.reused += unsigned.length - missing.length;
      const fresh = signMissing && missing.length > 1 ? await signMissing(missing.map((i) => unsigned[i]!)) : [];
      for (const [n, i] of missing.entries()) {
        const proof = fresh[n] ?? (await newProof(unsigned[i]!));
        await cache?.set(keys[i]!, proof);
        proofs[i] = proof;
        stats.signed++;
      }
      return unsigned.map((u, i) => ({ ...u, proof: proofs[i]! }));
    },
  };
  return signer;
}
