import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import * as vc from '@digitalbazaar/vc';
import sharp from 'sharp';
import { parseHeadersFile } from '../../../../scripts/lib/static-server.ts';
import { writeBakingArtwork } from '../../../../src/steps/credentials/baked-badges.ts';
import { loadSigningKey } from '../../../../src/steps/credentials/signing-key.ts';
import { bakeBadge, bakingArtworkPaths } from '../../../../src/lib/credentials/baked-badges.ts';
import {
  bakePng,
  bakeSvgAssertion,
  bakeSvgCredential,
  OB2_PNG_KEYWORD,
  OB3_PNG_KEYWORD,
  OB3_SVG_NAMESPACE,
  readBakedPng,
  readBakedSvg,
} from '../../../../src/lib/credentials/baking.ts';
import {
  bundledContexts,
  createDocumentLoader,
  didWebDocumentUrl,
} from '../../../../src/lib/credentials/document-loader.ts';
import {
  identityHash,
  identityMatches,
  recipientIdentity,
  recipientIdentityWith,
  recipientSalt,
} from '../../../../src/lib/credentials/identity.ts';
import {
  didDocument,
  generateSigningKey,
  parsePreviousKeys,
  parseSigningKey,
  siteDid,
} from '../../../../src/lib/credentials/keys.ts';
import { ob2Assertion, ob2BadgeClass, ob2Issuer, ob2RevocationList } from '../../../../src/lib/credentials/ob2.ts';
import type { JsonObject } from '../../../../src/lib/credentials/ob2.ts';
import {
  createCredentialSigner,
  ob3Credential,
  proofCacheKey,
  type ProofCache,
  type ProofCacheEntry,
} from '../../../../src/lib/credentials/ob3.ts';
import { STATUS_LIST_LENGTH, statusEntry, statusListCredential } from '../../../../src/lib/credentials/status-list.ts';
import { credentialHeaderRules, headersFile } from '../../../../src/lib/site/hosting.ts';
import type { Award, BadgeClass, Issuer } from '../../../../src/lib/content/schema.ts';
import type { PublishedAward } from '../../../../src/lib/site-model.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';
import type { SignTask, SignWorkerSetup } from '../../../../src/steps/credentials/sign-worker.ts';
import { runOnWorkers } from '../../../../src/steps/infrastructure/worker-pool.ts';

const urls = siteUrls('https://badges.example.org/');
const issuer: Issuer = {
  name: { ko: '누리테크', en: 'NuriTech' },
  description: { ko: '설명', en: 'About' },
  url: 'https://nuritech.example.org/',
  email: 'badges@nuritech.example.org',
  logo: '/images/issuer-logo.svg',
  defaultLocale: 'ko',
  locales: ['ko', 'en'],
  support: [],
  claims: { policy: 'pending' },
};
const badgeClass: BadgeClass = {
  id: 'cloud-fundamentals',
  kind: 'certification',
  code: 'NT-CF',
  name: { ko: '클라우드 기초', en: 'Cloud Fundamentals' },
  description: { ko: '기초 인증', en: 'A basic certification' },
  skills: [{ name: { ko: '클라우드', en: 'Cloud' } }],
  criteria: { text: { ko: '시험 합격', en: 'Pass the exam' }, url: 'https://nuritech.example.org/criteria' },
  image: '/images/badges/cloud-fundamentals.svg',
  requires: [],
  status: 'active',
  hasBadge: true,
};
function award(id: string, extra: Partial<Award> = {}): Award {
  return {
    id,
    recipient: { name: '김민지', email: 'Min.Ji@Mail.Example.com' },
    badge: 'cloud-fundamentals',
    issuedOn: '2025-03-14T10:20:00+09:00',
    evidence: [],
    visibility: 'public',
    claim: 'accepted',
    ...extra,
  };
}
const ID_A = '00000000-0000-4000-8000-00000000000a';
const ID_B = '00000000-0000-4000-8000-00000000000b';
const published = (a: Award, status: 'valid' | 'expired' | 'revoked' = 'valid'): PublishedAward<Award> => ({
  award: a,
  badgeClass,
  state: { status },
});

describe('recipient identity', () => {
  test('is sha256$ + hex(sha256(email + salt)), with the email trimmed and lower-cased', async () => {
    const salt = await recipientSalt(ID_A);
    const expected =
      'sha256$' +
      createHash('sha256')
        .update('min.ji@mail.example.com' + salt)
        .digest('hex');
    assert.equal(await identityHash(' Min.Ji@Mail.Example.com ', salt), expected);
    assert.ok(await identityMatches('min.ji@mail.example.com', salt, expected));
    assert.ok(!(await identityMatches('other@mail.example.com', salt, expected)));
  });

  test('salt is stable per award and differs between awards', async () => {
    assert.equal(await recipientSalt(ID_A), await recipientSalt(ID_A));
    assert.notEqual(await recipientSalt(ID_A), await recipientSalt(ID_B));
    assert.match(await recipientSalt(ID_A), /^[0-9a-f]{32}$/);
    const same = await recipientIdentity(ID_A, 'x@mail.example.com');
    const other = await recipientIdentity(ID_B, 'x@mail.example.com');
    assert.notEqual(same.hash, other.hash, 'the same person gets unlinkable hashes on two awards');
  });

  test("the build's synchronous identity (node:crypto) is the Web Crypto one the verify page checks against", async () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    for (const [id, email] of [
      [ID_A, 'min.ji@mail.example.com'],
      [ID_B, '  Mixed.Case@Mail.Example.COM '],
      [ID_A.toUpperCase(), '김민지@mail.example.com'],
    ] as const) {
      assert.deepEqual(recipientIdentityWith(sha256, id, email), await recipientIdentity(id, email));
    }
  });
});

describe('document loader', () => {
  test('serves every context our credentials use from the bundle', async () => {
    const load = createDocumentLoader();
    for (const url of [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/multikey/v1',
      'https://www.w3.org/ns/did/v1',
    ]) {
      const { document, documentUrl } = await load(url);
      assert.equal(documentUrl, url);
      assert.ok(document['@context'], `${url} has a @context`);
    }
    assert.ok(bundledContexts.size >= 10);
  });

  test('never fetches: unknown documents are refused', async () => {
    const load = createDocumentLoader();
    await assert.rejects(load('https://example.org/some-context.jsonld'), /not bundled/);
    await assert.rejects(load('did:web:example.org'), /no DID resolver/);
  });

  test('resolves a DID and its verification method through resolveDid', async () => {
    const did = 'did:web:badges.example.org';
    const key = await generateSigningKey();
    const doc = didDocument(did, key.publicKeyMultibase);
    const load = createDocumentLoader({ resolveDid: async () => doc });
    assert.equal((await load(did)).document.id, did);
    const method = (await load(`${did}#${key.publicKeyMultibase}`)).document;
    assert.equal(method.publicKeyMultibase, key.publicKeyMultibase);
    assert.equal(method.controller, did);
    assert.deepEqual(method['@context'], doc['@context']);
    await assert.rejects(load(`${did}#z6MkNotThere`), /no verification method/);
    const lying = createDocumentLoader({ resolveDid: async () => ({ ...doc, id: 'did:web:evil.example' }) });
    await assert.rejects(lying(did), /does not match/);
  });

  test('did:web document URLs follow the did:web rules', () => {
    assert.equal(didWebDocumentUrl('did:web:badges.example.org'), 'https://badges.example.org/.well-known/did.json');
    assert.equal(didWebDocumentUrl('did:web:localhost%3A8443'), 'https://localhost:8443/.well-known/did.json');
    assert.equal(didWebDocumentUrl('did:web:example.org:a:b'), 'https://example.org/a/b/did.json');
  });
});

describe('keys and DID', () => {
  test('site DID encodes the port and the base path', () => {
    assert.equal(siteDid(siteUrls('https://badges.example.org/')), 'did:web:badges.example.org');
    assert.equal(siteDid(siteUrls('https://localhost:8443/')), 'did:web:localhost%3A8443');
    assert.equal(siteDid(siteUrls('https://example.org/a/b/')), 'did:web:example.org:a:b');
    // Round trip: the DID leads back to where the build writes the document.
    assert.equal(didWebDocumentUrl(siteDid(siteUrls('https://example.org/a/b/'))), 'https://example.org/a/b/did.json');
  });

  test('the DID document lists earlier keys for assertions, current key first', async () => {
    const current = await generateSigningKey();
    const earlier = await generateSigningKey();
    const doc = didDocument('did:web:x.example', current.publicKeyMultibase, [
      earlier.publicKeyMultibase,
      current.publicKeyMultibase,
    ]);
    assert.deepEqual(doc.assertionMethod, [
      `did:web:x.example#${current.publicKeyMultibase}`,
      `did:web:x.example#${earlier.publicKeyMultibase}`,
    ]);
    assert.equal((doc.verificationMethod as unknown[]).length, 2);
    assert.ok(!JSON.stringify(doc).includes(current.secretKeyMultibase));
  });

  test('a key whose halves do not belong together is refused', async () => {
    const a = await generateSigningKey();
    const b = await generateSigningKey();
    assert.deepEqual(await parseSigningKey(JSON.stringify(a), 'test'), a);
    await assert.rejects(parseSigningKey(JSON.stringify({ ...a, secretKeyMultibase: b.secretKeyMultibase }), 'test'));
    await assert.rejects(parseSigningKey('not json', 'test'), /not JSON/);
    assert.throws(() => parsePreviousKeys('z6MkOK, nonsense'), /not an Ed25519 public Multikey/);
    assert.deepEqual(parsePreviousKeys(` ${a.publicKeyMultibase},${b.publicKeyMultibase} `), [
      a.publicKeyMultibase,
      b.publicKeyMultibase,
    ]);
  });
});

describe('signing key source', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'emblem-keys-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const quiet = () => {};

  test('production refuses to build without a key', async () => {
    await assert.rejects(
      loadSigningKey({ mode: 'production', env: {}, projectRoot: root, warn: quiet }),
      /without a signing key/,
    );
  });

  test('production refuses a key file inside the project', async () => {
    const file = path.join(root, 'key.json');
    writeFileSync(file, JSON.stringify(await generateSigningKey()));
    await assert.rejects(
      loadSigningKey({ mode: 'production', env: { EMBLEM_SIGNING_KEY_FILE: file }, projectRoot: root, warn: quiet }),
      /inside the project/,
    );
  });

  test('production takes the key from EMBLEM_SIGNING_KEY or a file outside the project', async () => {
    const key = await generateSigningKey();
    const fromEnv = await loadSigningKey({
      mode: 'production',
      env: { EMBLEM_SIGNING_KEY: JSON.stringify(key) },
      projectRoot: root,
      warn: quiet,
    });
    assert.deepEqual(fromEnv.key, key);
    assert.equal(fromEnv.development, false);
    const outside = mkdtempSync(path.join(tmpdir(), 'emblem-secret-'));
    writeFileSync(path.join(outside, 'k.json'), JSON.stringify(key));
    const fromFile = await loadSigningKey({
      mode: 'production',
      env: { EMBLEM_SIGNING_KEY_FILE: path.join(outside, 'k.json') },
      projectRoot: root,
      warn: quiet,
    });
    assert.deepEqual(fromFile.key, key);
    rmSync(outside, { recursive: true });
  });

  test('development creates one local key on first use, warns, and reuses it', async () => {
    const warnings: string[] = [];
    const first = await loadSigningKey({
      mode: 'development',
      env: {},
      projectRoot: root,
      warn: (m) => warnings.push(m),
    });
    const second = await loadSigningKey({
      mode: 'development',
      env: {},
      projectRoot: root,
      warn: (m) => warnings.push(m),
    });
    assert.deepEqual(first.key, second.key);
    assert.ok(first.development);
    assert.match(warnings[0]!, /DEVELOPMENT SIGNING KEY/);
    const stored = JSON.parse(readFileSync(path.join(root, '.emblem/keys/dev-signing-key.json'), 'utf8'));
    assert.equal(stored.publicKeyMultibase, first.key.publicKeyMultibase);
  });
});

describe('status list', () => {
  test('the list credential sets exactly the given bits', async () => {
    const revokedIndexes = [7, 4242, STATUS_LIST_LENGTH - 1];
    const credential = await statusListCredential({
      listUrl: 'https://badges.example.org/status/revocation.json',
      issuer: 'did:web:badges.example.org',
      revokedIndexes,
      validFrom: '2025-02-01T00:00:00Z',
    });
    const subject = credential.credentialSubject as { type: string; statusPurpose: string; encodedList: string };
    assert.equal(subject.type, 'BitstringStatusList');
    assert.equal(subject.statusPurpose, 'revocation');
    assert.match(subject.encodedList, /^u[A-Za-z0-9_-]+$/, 'multibase base64url without padding');
    const list = await decodeList({ encodedList: subject.encodedList });
    assert.equal(list.length, STATUS_LIST_LENGTH);
    const set: number[] = [];
    for (let i = 0; i < list.length; i++) if (list.getStatus(i)) set.push(i);
    assert.deepEqual(set, revokedIndexes);
    await assert.rejects(
      statusListCredential({
        listUrl: 'https://x.example/l.json',
        issuer: 'did:web:x.example',
        revokedIndexes: [STATUS_LIST_LENGTH],
        validFrom: '2025-02-01T00:00:00Z',
      }),
      /outside the list/,
    );
    assert.deepEqual(statusEntry('https://x.example/l.json', 42), {
      id: 'https://x.example/l.json#42',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '42',
      statusListCredential: 'https://x.example/l.json',
    });
  });
});

describe('baking', () => {
  const pngPromise = sharp({ create: { width: 4, height: 4, channels: 4, background: '#2f7de1' } })
    .png()
    .toBuffer();

  test('PNG: one uncompressed iTXt chunk that reads back as the same text, also non-ASCII', async () => {
    const png = new Uint8Array(await pngPromise);
    const text = JSON.stringify({ name: '클라우드 기초 ✓', id: 'https://x.example/a' });
    const baked = bakePng(png, OB3_PNG_KEYWORD, text);
    assert.equal(readBakedPng(baked, OB3_PNG_KEYWORD), text);
    assert.equal(readBakedPng(baked, OB2_PNG_KEYWORD), undefined);
    const again = bakePng(baked, OB3_PNG_KEYWORD, '{"v":2}');
    assert.equal(readBakedPng(again, OB3_PNG_KEYWORD), '{"v":2}', 're-baking replaces the old credential');
    assert.equal(
      Buffer.from(again).toString('latin1').split('iTXtopenbadgecredential').length - 1,
      1,
      'exactly one chunk',
    );
    const meta = await sharp(Buffer.from(again)).metadata();
    assert.equal(meta.width, 4, 'the baked file is still a valid PNG');
  });

  test('SVG: the credential sits in <openbadges:credential> right after <svg>, CDATA-safe', () => {
    const svg =
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    const json = JSON.stringify({ narrative: 'tricky ]]> text', name: '기초' });
    const baked = bakeSvgCredential(svg, json);
    assert.match(
      baked,
      new RegExp(
        `<svg xmlns:openbadges="${OB3_SVG_NAMESPACE}" xmlns="http://www.w3.org/2000/svg" width="10" height="10"><openbadges:credential><!\\[CDATA\\[`,
      ),
    );
    assert.equal(readBakedSvg(baked), json);
    assert.equal(readBakedSvg(bakeSvgCredential(baked, '{"v":2}')), '{"v":2}');
    const ob2 = bakeSvgAssertion(svg, 'https://x.example/a.json', '{"id":"https://x.example/a.json"}');
    assert.match(
      ob2,
      /<svg xmlns:openbadges="http:\/\/openbadges.org"[^>]*><openbadges:assertion verify="https:\/\/x.example\/a.json">/,
    );
    assert.equal(readBakedSvg(ob2, 'assertion'), '{"id":"https://x.example/a.json"}');
  });
});

describe('baked badges (one module for the award page and the build side)', () => {
  const credential = { id: 'urn:uuid:1', name: '클라우드 기초', narrative: 'tricky ]]> text' };
  const assertion = { id: 'https://badges.example.org/badges/a/assertion.json', type: 'Assertion' };

  test('PNG artwork: baked from the artwork itself, and the SVG from its wrapping, written once per badge class', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emblem-bake-'));
    try {
      const png = await sharp({ create: { width: 8, height: 6, channels: 4, background: '#2f7de1' } })
        .png()
        .toBuffer();
      mkdirSync(path.join(dir, 'images'));
      writeFileSync(path.join(dir, 'images/raster.png'), png);
      const badgeClass = { id: 'raster-badge', image: '/images/raster.png' };
      const paths = bakingArtworkPaths(badgeClass);
      assert.deepEqual(paths, { png: 'images/raster.png', svg: 'certifications/raster-badge/artwork.svg' });
      assert.equal(await writeBakingArtwork(dir, [badgeClass]), 1, 'only the format the artwork is not in is written');
      const svg = readFileSync(path.join(dir, paths.svg));
      assert.match(
        svg.toString('utf8'),
        /^<svg [^>]*width="8" height="6"[^>]*><image [^>]*href="data:image\/png;base64,/,
      );
      const documents = { assertion, credential };
      assert.equal(
        readBakedSvg(new TextDecoder().decode(bakeBadge('ob3-svg', svg, documents))),
        JSON.stringify(credential),
      );
      assert.equal(readBakedPng(bakeBadge('ob3-png', png, documents), OB3_PNG_KEYWORD), JSON.stringify(credential));
      assert.equal(readBakedPng(bakeBadge('ob2-png', png, documents), OB2_PNG_KEYWORD), JSON.stringify(assertion));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('SVG artwork is used as published, byte order mark included; a PNG is rasterized once per badge class', async () => {
    assert.deepEqual(bakingArtworkPaths({ id: 'vector', image: '/images/v.svg' }), {
      png: 'certifications/vector/artwork.png',
      svg: 'images/v.svg',
    });
    const svg = new TextEncoder().encode('\uFEFF<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>');
    const baked = bakeBadge('ob3-svg', svg, { assertion, credential });
    assert.deepEqual([...baked.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the artwork is copied as it is, BOM and all');
  });

  test('nothing is baked for a revoked award (its assertion is a tombstone)', async () => {
    const png = new Uint8Array(
      await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    assert.throws(
      () => bakeBadge('ob3-png', png, { assertion: { ...assertion, revoked: true }, credential }),
      /revoked/,
    );
  });
});

describe('Open Badges 2.0 documents', () => {
  test('ids are the URLs the files are served from; required fields present', async () => {
    const identity = await recipientIdentity(ID_A, 'min.ji@mail.example.com');
    const entry = published(
      award(ID_A, {
        expires: '2027-03-14T10:20:00+09:00',
        evidence: [{ url: 'https://e.example/1', narrative: 'Passed' }],
      }),
    );
    const assertion = ob2Assertion(entry, identity, urls);
    assert.equal(assertion.id, `https://badges.example.org/badges/${ID_A}/assertion.json`);
    assert.deepEqual(assertion.recipient, {
      type: 'email',
      hashed: true,
      salt: identity.salt,
      identity: identity.hash,
    });
    assert.equal(assertion.badge, 'https://badges.example.org/certifications/cloud-fundamentals/badgeclass.json');
    assert.deepEqual(assertion.verification, { type: 'hosted' });
    assert.equal(assertion.expires, '2027-03-14T10:20:00+09:00');
    assert.ok(!JSON.stringify(assertion).includes('mail.example.com'), 'no plain email');
    const badge = ob2BadgeClass(badgeClass, issuer, urls);
    for (const field of ['id', 'type', 'name', 'description', 'image', 'criteria', 'issuer'])
      assert.ok(badge[field], `BadgeClass.${field}`);
    assert.equal(badge.image, 'https://badges.example.org/images/badges/cloud-fundamentals.svg');
    const profile = ob2Issuer(issuer, urls);
    for (const field of ['id', 'type', 'name', 'url', 'email']) assert.ok(profile[field], `Issuer.${field}`);
    assert.equal(profile.id, 'https://badges.example.org/issuer.json');
    assert.equal(profile.revocationList, 'https://badges.example.org/revocations.json');
  });

  test('a revoked award answers revoked: true with the reason, and is on the revocation list', async () => {
    const identity = await recipientIdentity(ID_B, 'x@mail.example.com');
    const revoked = published(
      award(ID_B, { revoked: { on: '2025-10-01T12:00:00+09:00', reason: 'Withdrawn' } }),
      'revoked',
    );
    assert.deepEqual(ob2Assertion(revoked, identity, urls), {
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: `https://badges.example.org/badges/${ID_B}/assertion.json`,
      revoked: true,
      revocationReason: 'Withdrawn',
    });
    const list = ob2RevocationList([{ id: ID_B, reason: 'Withdrawn' }], urls);
    assert.deepEqual(list.revokedAssertions, [
      { id: `https://badges.example.org/badges/${ID_B}/assertion.json`, revocationReason: 'Withdrawn' },
    ]);
  });
});

describe('Open Badges 3.0 signing', async () => {
  const key = await generateSigningKey();
  const did = 'did:web:badges.example.org';
  const doc = didDocument(did, key.publicKeyMultibase);
  const documentLoader = createDocumentLoader({ resolveDid: async () => doc });
  const identity = await recipientIdentity(ID_A, 'min.ji@mail.example.com');
  const unsigned = ob3Credential({
    entry: published(award(ID_A)),
    issuer,
    identity,
    urls,
    did,
    credentialStatus: statusEntry('https://badges.example.org/status/revocation.json', 5),
  });
  const verify = (credential: JsonObject) =>
    vc.verifyCredential({
      credential,
      suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
      documentLoader,
      checkStatus: async () => ({ verified: true }),
    });
  const memoryCache = (): ProofCache & { size: () => number } => {
    const map = new Map<string, JsonObject>();
    return { get: async (k) => map.get(k), set: async (k, v) => void map.set(k, v), size: () => map.size };
  };

  test('the credential has the OB 3.0 shape', () => {
    assert.deepEqual(unsigned['@context'], [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    assert.deepEqual(unsigned.type, ['VerifiableCredential', 'OpenBadgeCredential']);
    const subject = unsigned.credentialSubject as { identifier: JsonObject[]; achievement: JsonObject };
    assert.deepEqual(subject.identifier, [
      {
        type: 'IdentityObject',
        identityHash: identity.hash,
        identityType: 'emailAddress',
        hashed: true,
        salt: identity.salt,
      },
    ]);
    assert.deepEqual(subject.achievement.type, ['Achievement']);
    assert.ok(!JSON.stringify(unsigned).includes('min.ji@'), 'no plain email');
  });

  test('awardedDate is on the credential, where OB 3.0 defines it (the subject keeps a deprecated copy)', () => {
    assert.equal(unsigned.awardedDate, unsigned.validFrom);
    assert.equal((unsigned.credentialSubject as JsonObject).awardedDate, unsigned.awardedDate);
    const keys = Object.keys(unsigned);
    assert.equal(
      keys.indexOf('awardedDate'),
      keys.indexOf('validFrom') + 1,
      'next to validFrom, whose original date it keeps',
    );
  });

  test('a credential whose awardedDate moved is signed again, not served a cached proof', async () => {
    const cache = memoryCache();
    const before = structuredClone(unsigned);
    delete before.awardedDate;
    const old = await createCredentialSigner({ key, did, documentLoader, cache });
    await old.sign(before);
    const next = await createCredentialSigner({ key, did, documentLoader, cache });
    const signed = await next.sign(unsigned);
    assert.deepEqual(next.stats, { signed: 1, reused: 0, rejected: 0 });
    assert.notEqual(
      await proofCacheKey(unsigned, `${did}#${key.publicKeyMultibase}`),
      await proofCacheKey(before, `${did}#${key.publicKeyMultibase}`),
    );
    assert.equal((await verify(signed)).verified, true);
  });

  test('signs with eddsa-rdfc-2022 and the signature verifies; tampering breaks it', async () => {
    const signer = await createCredentialSigner({ key, did, documentLoader });
    const signed = await signer.sign(unsigned);
    assert.ok(
      Array.isArray(signed.proof) && signed.proof.length === 1,
      'proof is an array of one (OB 3.0: unordered sets are arrays)',
    );
    const proof = (signed.proof as JsonObject[])[0]!;
    assert.equal(proof.type, 'DataIntegrityProof');
    assert.equal(proof.cryptosuite, 'eddsa-rdfc-2022');
    assert.equal(proof.proofPurpose, 'assertionMethod');
    assert.equal(proof.verificationMethod, `${did}#${key.publicKeyMultibase}`);
    assert.ok(!('proof' in unsigned), 'the unsigned credential is left untouched');
    const ok = await verify(signed);
    assert.equal(ok.verified, true, JSON.stringify(ok.error));
    const tampered = structuredClone(signed);
    (tampered.credentialSubject as JsonObject).name = 'Someone Else';
    assert.equal((await verify(tampered)).verified, false);
  });

  test('unchanged credentials reuse the cached proof: same bytes, nothing re-signed', async () => {
    const cache = memoryCache();
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const now = () => new Date((clock += 60_000));
    const first = await createCredentialSigner({ key, did, documentLoader, cache, now });
    const a = await first.sign(unsigned);
    const second = await createCredentialSigner({ key, did, documentLoader, cache, now });
    const b = await second.sign(structuredClone(unsigned));
    assert.equal(JSON.stringify(b), JSON.stringify(a));
    assert.deepEqual(second.stats, { signed: 0, reused: 1, rejected: 0 });
    const changed = await second.sign({ ...unsigned, name: 'Renamed' });
    const proofValue = (c: JsonObject) => (c.proof as JsonObject[])[0]!.proofValue;
    assert.notEqual(proofValue(changed), proofValue(a));
    assert.equal(second.stats.signed, 1);
    const otherKey = await generateSigningKey();
    const rotated = await createCredentialSigner({ key: otherKey, did, documentLoader, cache, now });
    await rotated.sign(unsigned);
    assert.deepEqual(
      rotated.stats,
      { signed: 1, reused: 0, rejected: 0 },
      'a new key never reuses proofs of the old one',
    );
  });

  test('a cached proof is checked before reuse: a corrupted, edited or misplaced entry is signed again', async () => {
    const cache = memoryCache();
    const first = await createCredentialSigner({ key, did, documentLoader, cache });
    const good = await first.sign(unsigned);
    const cacheKey = await proofCacheKey(unsigned, first.verificationMethod);
    const entry = (await cache.get(cacheKey)) as unknown as ProofCacheEntry;
    assert.deepEqual(entry.proof, (good.proof as JsonObject[])[0], 'the cache keeps the published proof');
    assert.match(entry.documentHash, /^[0-9a-f]{64}$/);
    const flip = (value: string, at = 20) => value.slice(0, at) + (value[at] === 'a' ? 'b' : 'a') + value.slice(at + 1);
    await first.sign({ ...unsigned, name: 'Another badge' });
    const otherEntry = (await cache.get(
      await proofCacheKey({ ...unsigned, name: 'Another badge' }, first.verificationMethod),
    ))!;
    const corruptions: [string, JsonObject][] = [
      [
        'one character of proofValue',
        { ...entry, proof: { ...entry.proof, proofValue: flip(entry.proof.proofValue as string) } },
      ],
      ['the creation time', { ...entry, proof: { ...entry.proof, created: '2020-01-01T00:00:00Z' } }],
      ['the stored credential hash', { ...entry, documentHash: flip(entry.documentHash, 5) }],
      ['the tag', { ...entry, tag: flip(entry.tag, 5) }],
      ['the entry of another credential', otherEntry],
      [
        'a proofValue swapped in from another credential',
        { ...entry, proof: { ...entry.proof, proofValue: (otherEntry.proof as JsonObject).proofValue! } },
      ],
      ['a truncated entry', { proof: { type: 'DataIntegrityProof' } }],
      [
        'an older bare proof with one character changed',
        { ...entry.proof, proofValue: flip(entry.proof.proofValue as string) },
      ],
    ];
    for (const [what, corrupted] of corruptions) {
      await cache.set(cacheKey, corrupted);
      const signer = await createCredentialSigner({ key, did, documentLoader, cache });
      const signed = await signer.sign(unsigned);
      assert.deepEqual(signer.stats, { signed: 1, reused: 0, rejected: 1 }, what);
      assert.equal((await verify(signed)).verified, true, `${what}: the re-signed credential verifies`);
    }
  });

  test('the tag covers the proof: a valid proof of the same credential swapped into an entry is refused', async () => {
    const cache = memoryCache();
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const now = () => new Date((clock += 60_000));
    const first = await createCredentialSigner({ key, did, documentLoader, cache, now });
    await first.sign(unsigned);
    const cacheKey = await proofCacheKey(unsigned, first.verificationMethod);
    const entry = (await cache.get(cacheKey)) as unknown as ProofCacheEntry;
    // Another proof that truly holds for this credential (signed a minute later), under the first entry's hash and tag.
    const later = (await first.createEntry(unsigned)).proof;
    assert.notEqual(later.proofValue, entry.proof.proofValue);
    await cache.set(cacheKey, { ...entry, proof: later });
    const second = await createCredentialSigner({ key, did, documentLoader, cache, now });
    await second.sign(unsigned);
    assert.deepEqual(second.stats, { signed: 1, reused: 0, rejected: 1 });
  });

  test('an entry of the previous cache version is checked once with its signature, reused, and re-tagged', async () => {
    const cache = memoryCache();
    const first = await createCredentialSigner({ key, did, documentLoader, cache });
    const good = await first.sign(unsigned);
    const cacheKey = await proofCacheKey(unsigned, first.verificationMethod);
    const entry = (await cache.get(cacheKey)) as unknown as ProofCacheEntry;
    // The version-1 tag: HMAC over the cache key and document hash only, with its own derived key.
    const version = 'emblem-proof-cache/1 eddsa-rdfc-2022 RDFC-1.0';
    const tagKey = createHash('sha256').update(`${version}\n${key.secretKeyMultibase}`).digest();
    const version1Tag = createHmac('sha256', tagKey)
      .update(`${version}\n${cacheKey}\n${entry.documentHash}`)
      .digest('hex');
    await cache.set(cacheKey, { ...entry, tag: version1Tag });
    const second = await createCredentialSigner({ key, did, documentLoader, cache });
    assert.equal(JSON.stringify(await second.sign(unsigned)), JSON.stringify(good), 'the same bytes');
    assert.deepEqual(second.stats, { signed: 0, reused: 1, rejected: 0 });
    assert.deepEqual(await cache.get(cacheKey), { ...entry }, 'stored again with the current tag');
    // A version-1 entry whose proof does not hold is refused.
    const flipped = { ...entry.proof, proofValue: `${(entry.proof.proofValue as string).slice(0, -2)}zz` };
    await cache.set(cacheKey, { ...entry, proof: flipped, tag: version1Tag });
    const third = await createCredentialSigner({ key, did, documentLoader, cache });
    await third.sign(unsigned);
    assert.deepEqual(third.stats, { signed: 1, reused: 0, rejected: 1 });
  });

  test('a bare proof from an older cache is checked the slow way, reused, and stored in the current format', async () => {
    const cache = memoryCache();
    const first = await createCredentialSigner({ key, did, documentLoader, cache });
    const good = await first.sign(unsigned);
    const cacheKey = await proofCacheKey(unsigned, first.verificationMethod);
    await cache.set(cacheKey, (good.proof as JsonObject[])[0]!);
    const second = await createCredentialSigner({ key, did, documentLoader, cache });
    assert.equal(JSON.stringify(await second.sign(unsigned)), JSON.stringify(good), 'the same bytes');
    assert.deepEqual(second.stats, { signed: 0, reused: 1, rejected: 0 });
    const migrated = (await cache.get(cacheKey))!;
    assert.ok(migrated.documentHash && migrated.tag, 'rewritten with hash and tag');
    const third = await createCredentialSigner({ key, did, documentLoader, cache });
    await third.sign(unsigned);
    assert.deepEqual(third.stats, { signed: 0, reused: 1, rejected: 0 });
  });

  test('signAll: cached proofs are reused, the rest are signed on worker threads and verify', async () => {
    const cache = memoryCache();
    const batch = ['Ada', 'Grace', 'Katherine'].map((name) => ({ ...unsigned, name: `${unsigned.name} ${name}` }));
    const warm = await createCredentialSigner({ key, did, documentLoader, cache });
    await warm.sign(batch[0]!);
    const setup: SignWorkerSetup = { key, did, didDocument: doc, created: new Date().toISOString() };
    let sentToWorkers = 0;
    const signer = await createCredentialSigner({
      key,
      did,
      documentLoader,
      cache,
      signMissing: async (missing) => {
        sentToWorkers += missing.length;
        return (
          await runOnWorkers<SignTask, ProofCacheEntry[]>(
            new URL('../../../../src/steps/credentials/sign-worker.ts', import.meta.url),
            [{ sign: missing }],
            {
              workerData: setup,
            },
          )
        ).flat();
      },
    });
    const signed = await signer.signAll(batch);
    assert.equal(sentToWorkers, 2, 'only the two uncached credentials leave the process');
    assert.deepEqual(signer.stats, { signed: 2, reused: 1, rejected: 0 });
    assert.deepEqual(
      signed.map((c) => c.name),
      batch.map((c) => c.name),
      'results keep their order',
    );
    for (const credential of signed) assert.equal((await verify(credential)).verified, true, String(credential.name));
    assert.equal(cache.size(), 3, 'worker proofs are cached by the build process');
  });
});

describe('hosting headers', () => {
  test('every credential document gets JSON and CORS headers; the file parses like the host will', () => {
    const rules = parseHeadersFile(headersFile(credentialHeaderRules('/')));
    const headersFor = (p: string) =>
      Object.fromEntries(rules.filter((r) => r.pattern.test(p)).flatMap((r) => r.headers));
    for (const p of [
      '/.well-known/did.json',
      '/status/revocation.json',
      '/revocations.json',
      '/issuer.json',
      `/badges/${ID_A}/assertion.json`,
      `/badges/${ID_A}/credential.json`,
      '/certifications/nt-900/badgeclass.json',
    ]) {
      const h = headersFor(p);
      assert.equal(h['Access-Control-Allow-Origin'], '*', p);
      assert.match(h['Content-Type'] ?? '', /^application\/json/, p);
    }
    assert.equal(headersFor('/images/badges/nt-900.svg')['Access-Control-Allow-Origin'], '*', 'achievement images');
    assert.equal(headersFor(`/badges/${ID_A}/`)['Content-Type'], undefined, 'pages keep their HTML type');
    assert.ok(
      credentialHeaderRules('/a/b/').some((r) => r.path === '/did.json'),
      'under a base path the DID document is did.json',
    );
  });
});
