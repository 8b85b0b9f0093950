/**
 * The verification core against a small site signed with the project's own
 * credential modules and served over HTTP on loopback (the core maps the
 * site's own did:web to the site URL, so no TLS is needed here; the build and
 * e2e tests use HTTPS).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import sharp from 'sharp';
import { serveStatic, type StaticServer } from '../../../../scripts/lib/static-server.ts';
import {
  bakePng,
  bakeSvgAssertion,
  bakeSvgCredential,
  OB2_PNG_KEYWORD,
  OB3_PNG_KEYWORD,
} from '../../../../src/lib/credentials/baking.ts';
import { createDocumentLoader } from '../../../../src/lib/credentials/document-loader.ts';
import { didDocument, generateSigningKey, siteDid, type SigningKey } from '../../../../src/lib/credentials/keys.ts';
import { createCredentialSigner, type CredentialSigner } from '../../../../src/lib/credentials/ob3.ts';
import { statusEntry, statusListCredential } from '../../../../src/lib/credentials/status-list.ts';
import { LOCALES } from '../../../../src/lib/content/schema.ts';
import { sitePaths, siteUrls, type SiteUrls } from '../../../../src/lib/site-urls.ts';
import {
  verifyBadge,
  type Step,
  type StepId,
  type VerifyInput,
  type VerifyResult,
} from '../../../../src/lib/verify/index.ts';
import { credentialAddress } from '../../../../src/lib/verify/input.ts';
import { verifierSite } from '../../../../src/lib/verify/site.ts';
import { isAuthentic, outcomeOf } from '../../../../src/lib/verify/types.ts';

type Json = Record<string, unknown>;
const ID = {
  valid: 'aaaaaaaa-0000-4000-8000-000000000001',
  revoked: 'aaaaaaaa-0000-4000-8000-000000000002',
  expired: 'aaaaaaaa-0000-4000-8000-000000000003',
  future: 'aaaaaaaa-0000-4000-8000-000000000004',
  nostatus: 'aaaaaaaa-0000-4000-8000-000000000005',
};
const INDEX: Record<string, number> = { [ID.valid]: 11, [ID.revoked]: 22, [ID.expired]: 33, [ID.future]: 44 };

interface TestSite {
  server: StaticServer;
  root: string;
  urls: SiteUrls;
  did: string;
  signer: CredentialSigner;
  credentials: Map<string, Json>;
  assertions: Map<string, Json>;
  close(): Promise<void>;
}

function unsignedCredential(urls: SiteUrls, issuer: string, id: string, extra: Json = {}): Json {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: urls.url(sitePaths.ob3Credential(id)),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Cloud Fundamentals',
    issuer: { id: issuer, type: ['Profile'], name: 'Test Issuer' },
    validFrom: '2025-03-14T10:20:00+09:00',
    credentialSubject: {
      type: ['AchievementSubject'],
      name: '김민지',
      identifier: [
        { type: 'IdentityObject', identityHash: 'sha256$00', identityType: 'emailAddress', hashed: true, salt: 'aa' },
      ],
      achievement: {
        id: urls.url(sitePaths.ob2BadgeClass('cloud-fundamentals')),
        type: ['Achievement'],
        name: 'Cloud Fundamentals',
        description: 'Basics of cloud computing.',
        criteria: { narrative: 'Pass the exam.' },
      },
    },
    ...(INDEX[id] !== undefined ? { credentialStatus: statusEntry(urls.url(sitePaths.statusList()), INDEX[id]!) } : {}),
    ...extra,
  };
}

function write(root: string, relative: string, data: string | Uint8Array) {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
}

/** A site with a DID document, a signed status list, OB 3.0 credentials and OB 2.0 hosted documents. */
async function startSite(base = '/'): Promise<TestSite> {
  const root = mkdtempSync(path.join(tmpdir(), 'emblem-verify-'));
  const server = await serveStatic({ root, base });
  const urls = siteUrls(`${server.origin}${base}`);
  const did = siteDid(urls);
  const key: SigningKey = await generateSigningKey();
  const didDoc = didDocument(did, key.publicKeyMultibase);
  write(root, sitePaths.didDocument(urls.base), JSON.stringify(didDoc));
  const documentLoader = createDocumentLoader({ resolveDid: async () => didDoc });
  const signer = await createCredentialSigner({ key, did, documentLoader });

  const listUrl = urls.url(sitePaths.statusList());
  const list = await statusListCredential({
    listUrl,
    issuer: did,
    revokedIndexes: [INDEX[ID.revoked]!],
    validFrom: '2025-01-01T00:00:00Z',
    length: 131_072,
  });
  write(root, sitePaths.statusList(), JSON.stringify(await signer.sign(list)));

  const credentials = new Map<string, Json>();
  const extras: Record<string, Json> = {
    [ID.expired]: { validFrom: '2024-05-20T13:30:00+09:00', validUntil: '2025-05-20T13:30:00+09:00' },
    [ID.future]: { validFrom: '2099-01-01T00:00:00Z' },
  };
  for (const id of Object.values(ID)) {
    const credential = await signer.sign(unsignedCredential(urls, did, id, extras[id]));
    credentials.set(id, credential);
    write(root, sitePaths.ob3Credential(id), JSON.stringify(credential, null, 2));
  }

  // Open Badges 2.0 hosted documents.
  const issuerUrl = urls.url(sitePaths.ob2Issuer());
  const badgeUrl = urls.url(sitePaths.ob2BadgeClass('cloud-fundamentals'));
  write(
    root,
    sitePaths.ob2Issuer(),
    JSON.stringify({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Issuer',
      id: issuerUrl,
      name: 'Test Issuer',
      url: 'https://issuer.example.org/',
      email: 'badges@issuer.example.org',
    }),
  );
  write(
    root,
    sitePaths.ob2BadgeClass('cloud-fundamentals'),
    JSON.stringify({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'BadgeClass',
      id: badgeUrl,
      name: 'Cloud Fundamentals',
      description: 'Basics.',
      image: urls.url('badge.png'),
      criteria: { narrative: 'Pass.' },
      issuer: issuerUrl,
    }),
  );
  const assertions = new Map<string, Json>();
  for (const id of [ID.valid, ID.expired]) {
    const assertion = {
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: urls.url(sitePaths.ob2Assertion(id)),
      recipient: { type: 'email', hashed: true, salt: 'aa', identity: 'sha256$00' },
      badge: badgeUrl,
      verification: { type: 'hosted' },
      issuedOn: id === ID.expired ? '2024-05-20T13:30:00+09:00' : '2025-03-14T10:20:00+09:00',
      ...(id === ID.expired ? { expires: '2025-05-20T13:30:00+09:00' } : {}),
    };
    assertions.set(id, assertion);
    write(root, sitePaths.ob2Assertion(id), JSON.stringify(assertion));
  }
  const revokedAssertion = {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: urls.url(sitePaths.ob2Assertion(ID.revoked)),
    revoked: true,
    revocationReason: 'Result withdrawn.',
  };
  assertions.set(ID.revoked, revokedAssertion);
  write(root, sitePaths.ob2Assertion(ID.revoked), JSON.stringify(revokedAssertion));
  write(root, 'index.html', '<!doctype html><html><body>home</body></html>');

  return {
    server,
    root,
    urls,
    did,
    signer,
    credentials,
    assertions,
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Real fetch, with every requested URL written down. */
function recordingFetch(): { fetch: typeof fetch; requested: string[] } {
  const requested: string[] = [];
  return {
    requested,
    fetch: (input, init) => {
      requested.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    },
  };
}

const NOW = new Date('2026-11-26T00:00:00Z');

async function check(
  site: TestSite,
  input: VerifyInput,
  now = NOW,
): Promise<VerifyResult & { requested: string[]; announced: Step[] }> {
  const { fetch, requested } = recordingFetch();
  const announced: Step[] = [];
  const result = await verifyBadge(input, { siteUrl: site.urls.site, fetch, now, onStep: (s) => announced.push(s) });
  return { ...result, requested, announced };
}

function statusOf(result: VerifyResult, id: StepId): string | undefined {
  return result.steps.find((s) => s.id === id)?.status;
}

const json = (value: unknown): VerifyInput => ({ kind: 'text', text: JSON.stringify(value) });

async function plainPng(): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width: 8, height: 8, channels: 4, background: '#3366cc' } })
      .png()
      .toBuffer(),
  );
}

/** A did:key signer: a key that is not this site's. */
async function otherKeySigner() {
  const pair = await Ed25519Multikey.generate();
  const did = `did:key:${pair.publicKeyMultibase}`;
  const keyed = await Ed25519Multikey.from({
    type: 'Multikey',
    id: `${did}#${pair.publicKeyMultibase}`,
    controller: did,
    publicKeyMultibase: pair.publicKeyMultibase,
    secretKeyMultibase: pair.secretKeyMultibase,
  });
  const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
  const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const vc = await import('@digitalbazaar/vc');
  const loader = createDocumentLoader();
  return {
    did,
    sign: (credential: Json) =>
      vc.issue({
        credential: structuredClone(credential),
        suite: new DataIntegrityProof({ signer: keyed.signer(), cryptosuite }),
        documentLoader: loader,
      }),
  };
}

describe('verification core', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite();
  });
  after(() => site.close());

  test('a valid credential verifies, step by step, reading only this site', async () => {
    const result = await check(site, { kind: 'url', url: site.urls.url(sitePaths.ob3Credential(ID.valid)) });
    assert.equal(result.outcome, 'verified', JSON.stringify(result.steps, null, 2));
    assert.equal(result.authentic, true);
    assert.deepEqual(
      result.steps.map((s) => [s.id, s.status]),
      [
        ['format', 'passed'],
        ['signature', 'passed'],
        ['issuer', 'passed'],
        ['status', 'passed'],
        ['validity', 'passed'],
      ],
    );
    assert.deepEqual(result.announced, result.steps, 'every step is announced as it finishes, in order');
    assert.equal(result.summary?.recipientName, '김민지');
    assert.equal(result.summary?.badgeName, 'Cloud Fundamentals');
    assert.equal(result.summary?.issuerName, 'Test Issuer');
    assert.equal(result.summary?.awardPage, site.urls.url(sitePaths.awardPage(ID.valid)));
    assert.ok(result.requested.length >= 3, 'credential, DID document and status list were fetched');
    for (const url of result.requested) assert.ok(url.startsWith(site.urls.site), `${url} is on the site`);
  });

  test('an award page address means its credential', async () => {
    const page = site.urls.url(sitePaths.awardPage(ID.valid)) + '#en';
    assert.equal(
      credentialAddress(page, verifierSite(site.urls.site)),
      site.urls.url(sitePaths.ob3Credential(ID.valid)),
    );
    const result = await check(site, { kind: 'url', url: page });
    assert.equal(result.outcome, 'verified');
  });

  test('pasted credential JSON verifies the same way', async () => {
    const result = await check(site, json(site.credentials.get(ID.valid)));
    assert.equal(result.outcome, 'verified');
  });

  test('one changed character in the name fails the signature, and later steps are not trusted', async () => {
    const tampered = JSON.parse(JSON.stringify(site.credentials.get(ID.valid)).replace('김민지', '김민자'));
    const result = await check(site, json(tampered));
    assert.equal(result.outcome, 'not-verified');
    assert.equal(result.authentic, false);
    const signature = result.steps.find((s) => s.id === 'signature')!;
    assert.equal(signature.status, 'failed');
    assert.equal(signature.reason, 'invalid-signature');
    for (const id of ['issuer', 'status', 'validity'] as const) assert.equal(statusOf(result, id), 'skipped');
  });

  test('a revoked credential reports revoked', async () => {
    const result = await check(site, { kind: 'url', url: site.urls.url(sitePaths.ob3Credential(ID.revoked)) });
    assert.equal(result.outcome, 'not-verified');
    assert.equal(result.authentic, true, 'revoked, but genuine');
    const status = result.steps.find((s) => s.id === 'status')!;
    assert.equal(status.status, 'failed');
    assert.equal(status.reason, 'revoked');
    assert.equal(statusOf(result, 'signature'), 'passed');
  });

  test('an expired credential reports expired; a future one is not yet valid', async () => {
    const expired = await check(site, { kind: 'url', url: site.urls.url(sitePaths.ob3Credential(ID.expired)) });
    assert.equal(expired.outcome, 'not-verified');
    assert.equal(expired.steps.find((s) => s.id === 'validity')?.reason, 'expired');
    assert.match(expired.steps.find((s) => s.id === 'validity')!.message.en, /Expired on 20 May 2025/);
    assert.match(expired.steps.find((s) => s.id === 'validity')!.message.ko, /2025년 5월 20일/);
    const beforeExpiry = await check(
      site,
      { kind: 'url', url: site.urls.url(sitePaths.ob3Credential(ID.expired)) },
      new Date('2025-01-01T00:00:00Z'),
    );
    assert.equal(beforeExpiry.outcome, 'verified', 'the same credential was valid before its end date');
    const future = await check(site, { kind: 'url', url: site.urls.url(sitePaths.ob3Credential(ID.future)) });
    assert.equal(future.steps.find((s) => s.id === 'validity')?.reason, 'not-yet-valid');
  });

  test('a credential without a status entry is only a warning', async () => {
    const result = await check(site, { kind: 'url', url: site.urls.url(sitePaths.ob3Credential(ID.nostatus)) });
    assert.equal(result.outcome, 'warning');
    assert.equal(statusOf(result, 'status'), 'warning');
  });

  test('a valid signature by another key fails the issuer step', async () => {
    const other = await otherKeySigner();
    const { proof: _proof, ...unsigned } = site.credentials.get(ID.valid)!;
    // Claims this site's issuer, signed with someone else's key.
    const impostor = await check(site, json(await other.sign(unsigned)));
    assert.equal(statusOf(impostor, 'signature'), 'passed', 'the signature itself is fine');
    assert.equal(impostor.steps.find((s) => s.id === 'issuer')?.reason, 'other-issuer');
    assert.equal(impostor.outcome, 'not-verified');
    // Honestly names its own issuer.
    const foreign = await check(
      site,
      json(await other.sign({ ...unsigned, issuer: { id: other.did, type: ['Profile'], name: 'Someone else' } })),
    );
    assert.equal(statusOf(foreign, 'signature'), 'passed');
    assert.equal(statusOf(foreign, 'issuer'), 'failed');
    assert.match(foreign.steps.find((s) => s.id === 'issuer')!.message.en, /did:key:/);
    for (const url of [...impostor.requested, ...foreign.requested])
      assert.ok(url.startsWith(site.urls.site), `${url} is on the site`);
  });

  test('a key on another did:web is never fetched, and the message names that DID', async () => {
    const { proof, ...unsigned } = site.credentials.get(ID.valid)!;
    const siteProof = (proof as Json[])[0]!;
    const elsewhere = {
      ...unsigned,
      issuer: { id: 'did:web:evil.example', type: ['Profile'] },
      proof: [{ ...siteProof, verificationMethod: 'did:web:evil.example#key-1' }],
    };
    const result = await check(site, json(elsewhere));
    assert.equal(result.steps.find((s) => s.id === 'signature')?.reason, 'key-elsewhere');
    assert.equal(statusOf(result, 'issuer'), 'failed');
    for (const url of result.requested) assert.ok(url.startsWith(site.urls.site), `${url} is on the site`);
    // Claims this site as issuer, signed under another did:web: the message names both DIDs, each once.
    const claimed = await check(
      site,
      json({ ...unsigned, proof: [{ ...siteProof, verificationMethod: 'did:web:evil.example#key-1' }] }),
    );
    assert.equal(claimed.outcome, 'not-verified');
    const issuer = claimed.steps.find((s) => s.id === 'issuer')!;
    assert.equal(issuer.status, 'failed');
    for (const locale of LOCALES) {
      assert.ok(issuer.message[locale].includes('did:web:evil.example'), issuer.message[locale]);
      assert.equal(
        issuer.message[locale].split(site.did).length - 1,
        1,
        `names the site DID once: ${issuer.message[locale]}`,
      );
    }
  });

  test('a forged proof set: the site’s proof plus an attacker’s proof over a changed credential is not verified', async () => {
    const genuine = site.credentials.get(ID.valid)!;
    const [siteProof] = genuine.proof as Json[];
    const { proof: _proof, ...unsigned } = genuine;
    const changed = { ...unsigned, credentialSubject: { ...(unsigned.credentialSubject as Json), name: 'Mallory' } };
    const attacker = await otherKeySigner();
    const attackerProof = (await attacker.sign(changed)).proof as Json;
    for (const [proofs, failing] of [
      [[siteProof, attackerProof], 1],
      [[attackerProof, siteProof], 2],
    ] as const) {
      const result = await check(site, json({ ...changed, proof: proofs }));
      assert.equal(result.outcome, 'not-verified', JSON.stringify(result.steps.map((s) => [s.id, s.status])));
      assert.equal(result.authentic, false);
      const signature = result.steps.find((s) => s.id === 'signature')!;
      assert.equal(signature.status, 'failed');
      assert.equal(signature.reason, 'invalid-signature');
      assert.equal(signature.proof, failing, 'the step says which proof failed');
      assert.match(signature.message.en, new RegExp(`proof ${failing} of 2`));
      assert.match(signature.message.ko, new RegExp(`증명 2개 중 ${failing}번째`));
      for (const id of ['issuer', 'status', 'validity'] as const) assert.equal(statusOf(result, id), 'skipped');
    }
    // Baked into an SVG, the same forgery fails the same way.
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';
    const baked = bakeSvgCredential(svg, JSON.stringify({ ...changed, proof: [siteProof, attackerProof] }));
    const fromSvg = await check(site, { kind: 'bytes', bytes: new TextEncoder().encode(baked), name: 'forged.svg' });
    assert.equal(fromSvg.outcome, 'not-verified');
    assert.equal(fromSvg.steps.find((s) => s.id === 'signature')?.proof, 1);
  });

  test('every proof must be the site’s: an extra valid signature by another key fails the issuer step, naming that proof', async () => {
    const genuine = site.credentials.get(ID.valid)!;
    const { proof, ...unsigned } = genuine;
    const attacker = await otherKeySigner();
    const extra = (await attacker.sign(unsigned)).proof as Json;
    const result = await check(site, json({ ...unsigned, proof: [...(proof as Json[]), extra] }));
    assert.equal(statusOf(result, 'signature'), 'passed', 'both signatures are mathematically valid');
    const issuer = result.steps.find((s) => s.id === 'issuer')!;
    assert.equal(issuer.status, 'failed');
    assert.equal(issuer.proof, 2);
    assert.match(issuer.message.en, /^Proof 2 of 2 is signed by did:key:/);
    assert.equal(result.outcome, 'not-verified');
    assert.equal(result.authentic, false);
  });

  test('a key claimed under the site’s DID that its DID document does not list is not verified', async () => {
    const genuine = site.credentials.get(ID.valid)!;
    const [siteProof] = genuine.proof as Json[];
    const unknownKey = `${site.did}#unknown`;
    const result = await check(site, json({ ...genuine, proof: [{ ...siteProof, verificationMethod: unknownKey }] }));
    const signature = result.steps.find((s) => s.id === 'signature')!;
    assert.equal(signature.status, 'failed');
    assert.equal(signature.reason, 'unknown-key');
    assert.ok(signature.message.en.includes(unknownKey), signature.message.en);
    assert.ok(signature.message.ko.includes(unknownKey), signature.message.ko);
    assert.equal(result.outcome, 'not-verified');
    // A real signature by a key that calls itself the site's, but is not in the DID document.
    const rogue = await Ed25519Multikey.generate();
    const rogueId = `${site.did}#${rogue.publicKeyMultibase}`;
    const roguePair = await Ed25519Multikey.from({
      ...(await rogue.export({ publicKey: true, secretKey: true })),
      id: rogueId,
      controller: site.did,
    });
    const rogueDoc = { ...didDocument(site.did, rogue.publicKeyMultibase) };
    const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
    const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
    const vc = await import('@digitalbazaar/vc');
    const { proof: _proof, ...unsigned } = genuine;
    const signed = await vc.issue({
      credential: structuredClone(unsigned),
      suite: new DataIntegrityProof({ signer: roguePair.signer(), cryptosuite }),
      documentLoader: createDocumentLoader({ resolveDid: async () => rogueDoc }),
    });
    const rogueResult = await check(site, json(signed));
    assert.equal(rogueResult.steps.find((s) => s.id === 'signature')?.reason, 'unknown-key');
    assert.equal(rogueResult.outcome, 'not-verified');
  });

  test('when the DID document cannot be read, no signature is checked and the message says so', async () => {
    const didFile = path.join(site.root, sitePaths.didDocument(site.urls.base));
    renameSync(didFile, `${didFile}.away`);
    try {
      const result = await check(site, json(site.credentials.get(ID.valid)));
      const signature = result.steps.find((s) => s.id === 'signature')!;
      assert.equal(signature.reason, 'did-unavailable');
      assert.match(signature.message.en, /DID document could not be read, .*\(http:.*did\.json: HTTP 404\)/);
      assert.equal(result.outcome, 'not-verified');
    } finally {
      renameSync(`${didFile}.away`, didFile);
    }
  });

  test('a proof set with something that is not a proof, or an unsupported proof, is not verified', async () => {
    const genuine = site.credentials.get(ID.valid)!;
    const proofs = genuine.proof as Json[];
    const junk = await check(site, json({ ...genuine, proof: [...proofs, 'not a proof'] }));
    assert.equal(junk.steps.find((s) => s.id === 'signature')?.reason, 'malformed');
    assert.equal(junk.steps.find((s) => s.id === 'signature')?.proof, 2);
    const other = await check(
      site,
      json({ ...genuine, proof: [...proofs, { ...proofs[0]!, type: 'Ed25519Signature2020' }] }),
    );
    assert.equal(other.steps.find((s) => s.id === 'signature')?.reason, 'unsupported');
    const purpose = await check(
      site,
      json({ ...genuine, proof: [...proofs, { ...proofs[0]!, proofPurpose: 'authentication' }] }),
    );
    assert.equal(
      purpose.steps.find((s) => s.id === 'signature')?.status,
      'failed',
      'a proof for another purpose is not skipped',
    );
    assert.equal(purpose.outcome, 'not-verified');
  });

  test('the status list gets the same rule: a forged proof set on it makes the status uncheckable', async () => {
    const listPath = 'status/forged.json';
    const listUrl = site.urls.url(listPath);
    const list = await statusListCredential({
      listUrl,
      issuer: site.did,
      revokedIndexes: [],
      validFrom: '2025-01-01T00:00:00Z',
      length: 131_072,
    });
    const signedList = await site.signer.sign(list);
    // Change the list after signing (a later validUntil), and add an attacker's signature over the change.
    const { proof: listProofs, ...unsignedList } = signedList;
    const changedList = { ...unsignedList, validUntil: '2099-01-01T00:00:00Z' };
    const attacker = await otherKeySigner();
    const attackerProof = (await attacker.sign(changedList)).proof as Json;
    write(site.root, listPath, JSON.stringify({ ...changedList, proof: [...(listProofs as Json[]), attackerProof] }));
    const credential = await site.signer.sign(
      unsignedCredential(site.urls, site.did, ID.valid, {
        credentialStatus: statusEntry(listUrl, 7),
        id: site.urls.url('badges/forged-list/credential.json'),
      }),
    );
    const result = await check(site, json(credential));
    assert.equal(statusOf(result, 'signature'), 'passed');
    const status = result.steps.find((s) => s.id === 'status')!;
    assert.equal(status.status, 'failed');
    assert.equal(status.reason, 'status-unavailable');
    assert.match(status.detail ?? '', /proof 1 of 2/);
    // Only the site's own signature on the list, but an extra valid one by someone else: refused too.
    write(
      site.root,
      listPath,
      JSON.stringify({
        ...unsignedList,
        proof: [...(listProofs as Json[]), (await attacker.sign(unsignedList)).proof],
      }),
    );
    const extra = await check(site, json(credential));
    assert.match(extra.steps.find((s) => s.id === 'status')?.detail ?? '', /proof 2 of 2 is signed by did:key:/);
  });

  test('JSON nested thousands of levels deep is refused with a clear message, not a stack overflow', async () => {
    const genuine = site.credentials.get(ID.valid)!;
    const depth = 5000;
    const deep = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const text = JSON.stringify(genuine).replace(/^\{/, `{"extra":${deep},`);
    const result = await check(site, { kind: 'text', text });
    assert.equal(result.outcome, 'not-verified');
    assert.equal(result.steps.length, 1);
    assert.equal(result.steps[0]!.reason, 'too-deep');
    assert.match(result.steps[0]!.message.en, /nested more than 64 levels/);
    const shallow = JSON.stringify(genuine).replace(/^\{/, `{"extra":${'{"a":'.repeat(30)}1${'}'.repeat(30)},`);
    assert.notEqual(
      (await check(site, { kind: 'text', text: shallow })).steps[0]!.reason,
      'too-deep',
      'ordinary nesting is fine',
    );
  });

  test('an address on another site is refused without fetching it', async () => {
    const result = await check(site, { kind: 'url', url: 'https://elsewhere.example/badges/x/credential.json' });
    assert.equal(result.outcome, 'not-verified');
    assert.equal(result.steps[0]?.reason, 'off-site');
    assert.deepEqual(result.requested, []);
  });

  test('things that are not badges get a clear message', async () => {
    const cases: VerifyInput[] = [
      { kind: 'text', text: 'hello there' },
      { kind: 'text', text: '{"not": "a badge"}' },
      { kind: 'bytes', bytes: await plainPng(), name: 'photo.png' },
      {
        kind: 'bytes',
        bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        name: 'logo.svg',
      },
      { kind: 'bytes', bytes: new Uint8Array([0, 159, 146, 150, 1, 2]), name: 'blob.bin' },
      { kind: 'url', url: site.urls.url('index.html') },
    ];
    for (const input of cases) {
      const result = await check(site, input);
      assert.equal(result.outcome, 'not-verified');
      assert.equal(result.steps.length, 1);
      assert.equal(result.steps[0]!.reason, 'not-a-badge', JSON.stringify(input).slice(0, 80));
      assert.match(result.steps[0]!.message.en, /not a badge/);
    }
    const broken = await check(site, { kind: 'text', text: '{"@context": ' });
    assert.match(broken.steps[0]!.message.en, /not JSON/);
  });

  test('baked PNG and SVG images verify (OB 3.0 and OB 2.0)', async () => {
    const png = await plainPng();
    const credential = JSON.stringify(site.credentials.get(ID.valid));
    const assertion = site.assertions.get(ID.valid)!;
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';
    const inputs: [string, Uint8Array, string][] = [
      ['ob3 png', bakePng(png, OB3_PNG_KEYWORD, credential), 'signature'],
      ['ob3 svg', new TextEncoder().encode(bakeSvgCredential(svg, credential)), 'signature'],
      ['ob2 png (JSON)', bakePng(png, OB2_PNG_KEYWORD, JSON.stringify(assertion)), 'hosted'],
      ['ob2 png (URL)', bakePng(png, OB2_PNG_KEYWORD, assertion.id as string), 'hosted'],
      [
        'ob2 svg',
        new TextEncoder().encode(bakeSvgAssertion(svg, assertion.id as string, JSON.stringify(assertion))),
        'hosted',
      ],
    ];
    for (const [name, bytes, proofStep] of inputs) {
      const result = await check(site, { kind: 'bytes', bytes, name });
      assert.equal(
        result.outcome,
        'verified',
        `${name}: ${JSON.stringify(result.steps.map((s) => [s.id, s.status, s.detail]))}`,
      );
      assert.equal(statusOf(result, proofStep as StepId), 'passed', name);
    }
  });

  test('OB 2.0: the hosted copy decides (matches, changed, revoked, expired)', async () => {
    const assertion = site.assertions.get(ID.valid)!;
    const valid = await check(site, json(assertion));
    assert.equal(valid.outcome, 'verified', JSON.stringify(valid.steps));
    assert.deepEqual(
      valid.steps.map((s) => s.id),
      ['format', 'hosted', 'issuer', 'status', 'validity'],
    );
    assert.equal(valid.summary?.badgeName, 'Cloud Fundamentals');
    const changed = await check(site, json({ ...assertion, issuedOn: '2025-03-15T10:20:00+09:00' }));
    assert.equal(changed.steps.find((s) => s.id === 'hosted')?.reason, 'tampered');
    assert.equal(changed.outcome, 'not-verified');
    const revoked = await check(site, { kind: 'url', url: site.assertions.get(ID.revoked)!.id as string });
    assert.equal(revoked.steps.find((s) => s.id === 'status')?.reason, 'revoked');
    assert.match(revoked.steps.find((s) => s.id === 'status')!.message.en, /Result withdrawn/);
    const expired = await check(site, json(site.assertions.get(ID.expired)));
    assert.equal(expired.steps.find((s) => s.id === 'validity')?.reason, 'expired');
    const offSite = await check(site, json({ ...assertion, id: 'https://elsewhere.example/a.json' }));
    assert.equal(offSite.outcome, 'not-verified');
    assert.deepEqual(offSite.requested, []);
  });

  test('every message is written in every locale', async () => {
    const results = await Promise.all([
      check(site, { kind: 'url', url: site.urls.url(sitePaths.ob3Credential(ID.valid)) }),
      check(site, { kind: 'url', url: site.urls.url(sitePaths.ob3Credential(ID.revoked)) }),
      check(site, json(site.assertions.get(ID.valid))),
      check(site, { kind: 'text', text: 'nope' }),
    ]);
    for (const step of results.flatMap((r) => r.steps)) {
      for (const locale of LOCALES)
        assert.ok(
          step.message[locale] && !/\{\w+\}/.test(step.message[locale]),
          `${step.id} ${locale}: ${step.message[locale]}`,
        );
      assert.notEqual(step.message.ko, step.message.en);
    }
  });
});

describe('verification core on a site under a base path', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite('/program/');
  });
  after(() => site.close());

  test('did:web with a path resolves to the site’s own did.json', async () => {
    assert.match(site.did, /^did:web:127\.0\.0\.1%3A\d+:program$/);
    const result = await check(site, { kind: 'url', url: site.urls.url(sitePaths.awardPage(ID.valid)) });
    assert.equal(result.outcome, 'verified', JSON.stringify(result.steps));
    assert.ok(result.requested.includes(site.urls.url('did.json')));
  });
});

test('outcome: any failure is not verified, any warning is a warning', () => {
  const s = (id: StepId, status: Step['status']): Step => ({ id, status, message: { ko: 'x', en: 'x', ja: 'x' } });
  assert.equal(outcomeOf([]), 'not-verified');
  assert.equal(outcomeOf([s('format', 'passed'), s('signature', 'passed')]), 'verified');
  assert.equal(outcomeOf([s('format', 'passed'), s('status', 'warning')]), 'warning');
  assert.equal(outcomeOf([s('format', 'passed'), s('status', 'warning'), s('validity', 'failed')]), 'not-verified');
  assert.equal(
    isAuthentic([s('format', 'passed'), s('signature', 'passed'), s('issuer', 'passed'), s('status', 'failed')]),
    true,
  );
  assert.equal(isAuthentic([s('format', 'passed'), s('signature', 'passed'), s('issuer', 'failed')]), false);
});
