/**
 * Credentials with real clients: the fixture site is built for
 * https://localhost:<port>/, served over HTTPS with a self-signed certificate,
 * and checked by @digitalcredentials/verifier-core (in a child process that
 * trusts the certificate through NODE_EXTRA_CA_CERTS), by Open Badges 2.0
 * rules fetched over HTTPS like a hosted verifier, and by reading baked files.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { bakedBadgesFromSite } from '../../src/steps/credentials/baked-badges.ts';
import { DEV_KEY_FILE } from '../../src/steps/credentials/signing-key.ts';
import { OB2_PNG_KEYWORD, OB3_PNG_KEYWORD, readBakedPng, readBakedSvg } from '../../src/lib/credentials/baking.ts';
import { buildInto, fixtureContent, projectRoot, runBuild } from '../helpers/site-build.ts';
import { fileCertificate, freePort, httpsGet } from '../helpers/tls.ts';
import { filesUnder, verifierStep, verifyWithVerifierCore } from '../helpers/verifier-core.ts';
import { lcwRequestLink } from '../../src/lib/award-page/wallet-link.ts';
import { credentialsFrom, credentialsFromRequestLink } from '../helpers/lcw-parse.ts';
import { decodeQrImage, walletQrSvg } from '../helpers/qr-decode.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const PUBLISHED = [1, 2, 3, 4, 5, 11, 12, 13].map(id);
const VALID = [1, 2, 5, 11, 12, 13].map(id);
const EXPIRED = id(3);
const REVOKED = id(4);
const WITHHELD = [6, 7, 8, 9, 10].map(id);
const fixtureEmails = new Map<string, string>(
  (
    parseYaml(readFileSync(path.join(fixtureContent, 'awards/fixture-awards.yaml'), 'utf8')) as {
      awards: { id: string; recipient: { email: string } }[];
    }
  ).awards.map((a) => [a.id, a.recipient.email]),
);

type Json = Record<string, any>;

const tempDir = mkdtempSync(path.join(tmpdir(), 'emblem-credentials-'));
const { certFile, tls } = fileCertificate();

const get = (url: string) => httpsGet(url, tls.cert);
async function getJson(url: string): Promise<Json> {
  const response = await get(url);
  assert.equal(response.status, 200, `${url} answered ${response.status}`);
  assert.match(String(response.headers['content-type']), /^application\/json/, `${url} content type`);
  assert.equal(response.headers['access-control-allow-origin'], '*', `${url} CORS`);
  return JSON.parse(response.body) as Json;
}

/**
 * 1EdTech's JSON schema for OB 3.0 AchievementCredential (draft 2019-09), bundled as a fixture:
 * docs/schema/achievementcredential.json of github.com/1EdTech/openbadges-specification at commit
 * c73e966 (2024-07-30), $id https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential-jsonschema1.json.
 */
function achievementCredentialSchema() {
  const schema = JSON.parse(
    readFileSync(path.join(projectRoot, 'tests/fixtures/schemas/ob_v3p0_achievementcredential.json'), 'utf8'),
  ) as object;
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

after(() => rmSync(tempDir, { recursive: true, force: true }));

describe('credentials of the fixture site, served over HTTPS', () => {
  let port: number;
  let origin: string;
  let dist: string;
  let server: StaticServer;
  const credentialUrl = (awardId: string) => `${origin}/badges/${awardId}/credential.json`;
  /** This describe's own proof and card caches, so the rebuild tests below can inspect and spoil them. */
  const buildCache = path.join(tempDir, 'build-cache');

  before(async () => {
    port = await freePort();
    origin = `https://localhost:${port}`;
    dist = buildInto(tempDir, 'site', {
      siteUrl: `${origin}/`,
      env: { EMBLEM_BUILD_CACHE: buildCache },
      seedCache: true,
    });
    server = await serveStatic({ root: dist, tls, port });
  });
  after(() => server?.close());

  test('verifier-core accepts every valid credential, and reports the expired and the revoked one', async () => {
    const credentials = await Promise.all(PUBLISHED.map((a) => getJson(credentialUrl(a))));
    const results = await verifyWithVerifierCore(credentials, certFile);
    PUBLISHED.forEach((awardId, i) => {
      const result = results[i]!;
      assert.equal(result.errors, undefined, `${awardId}: ${JSON.stringify(result.errors)}`);
      assert.equal(verifierStep(result, 'valid_signature'), true, `${awardId} signature`);
      assert.equal(
        verifierStep(result, 'revocation_status'),
        awardId !== REVOKED,
        `${awardId} revocation status (status list resolved)`,
      );
      assert.equal(verifierStep(result, 'expiration'), awardId !== EXPIRED, `${awardId} expiration`);
    });
    assert.equal(VALID.length + 2, PUBLISHED.length);
  });

  test('the wallet hand-off (issue 27): the QR code is the credential URL, LCW reads it and the request link, verifier-core accepts both', async () => {
    // The code as the award page draws it, rasterized and read from pixels.
    const page = readFileSync(path.join(dist, `badges/${id(1)}/index.html`), 'utf8');
    const scanned = await decodeQrImage(walletQrSvg(page));
    assert.equal(scanned, credentialUrl(id(1)));
    const served = await getJson(credentialUrl(id(1)));
    // LCW's "Add credential" with the scanned text: a plain GET of the URL (tests/helpers/lcw-parse.ts).
    const fromQr = await credentialsFrom(scanned, async (url) => (await get(url)).body);
    assert.deepEqual(fromQr, [served]);
    // The request link the page's script makes from the same credential, as LCW's deep-link handler reads it.
    const link = lcwRequestLink(served);
    assert.ok(link?.startsWith('https://lcw.app/request?request='), String(link));
    assert.ok(link);
    const fromLink = credentialsFromRequestLink(link);
    assert.deepEqual(fromLink, [served]);
    for (const result of await verifyWithVerifierCore([fromQr[0]!, fromLink[0]!], certFile)) {
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.equal(verifierStep(result, 'valid_signature'), true);
      assert.equal(verifierStep(result, 'revocation_status'), true);
    }
  });

  test('a tampered copy fails its signature', async () => {
    const credential = await getJson(credentialUrl(id(1)));
    const renamed = structuredClone(credential);
    renamed.credentialSubject.name = 'Mallory';
    const extended = structuredClone(credential);
    extended.validUntil = '2099-01-01T00:00:00Z';
    for (const result of await verifyWithVerifierCore([renamed, extended], certFile)) {
      assert.equal(result.errors?.[0]?.name, 'invalid_signature', JSON.stringify(result));
    }
  });

  test('the DID document is where did:web says, with the key, as JSON; the status list resolves', async () => {
    const credential = await getJson(credentialUrl(id(1)));
    assert.equal(credential.issuer.id, `did:web:localhost%3A${port}`);
    const did = await getJson(`${origin}/.well-known/did.json`);
    assert.equal(did.id, credential.issuer.id);
    assert.ok(Array.isArray(credential.proof) && credential.proof.length === 1, 'proof is an array');
    assert.ok(did.assertionMethod.includes(credential.proof[0].verificationMethod));
    // Next to it, what a known-issuer registry lists: this DID, named as in the credential.
    const entry = await getJson(`${origin}/.well-known/emblem-registry-entry.json`);
    assert.deepEqual(Object.keys(entry.registry), [did.id]);
    assert.equal(entry.registry[did.id].name, credential.issuer.name);
    const status = credential.credentialStatus;
    assert.equal(status.type, 'BitstringStatusListEntry');
    assert.equal(status.statusListCredential, `${origin}/status/revocation.json`);
    const list = await getJson(status.statusListCredential);
    assert.equal(list.issuer, credential.issuer.id);
    assert.ok(
      Array.isArray(list.proof) && list.proof.length === 1,
      'the status list is signed; its proof is an array too',
    );
    assert.ok(did.assertionMethod.includes(list.proof[0].verificationMethod));
  });

  test('every credential passes 1EdTech’s OB 3.0 AchievementCredential JSON schema', async () => {
    const validate = achievementCredentialSchema();
    for (const awardId of PUBLISHED) {
      const credential = await getJson(credentialUrl(awardId));
      assert.equal(validate(credential), true, `${awardId}: ${JSON.stringify(validate.errors)}`);
    }
    // awardedDate is where the schema defines it: on the credential, a date-time with its zone.
    const awarded = await getJson(credentialUrl(id(1)));
    assert.equal(awarded.awardedDate, awarded.validFrom);
    awarded.awardedDate = '2025-03-14';
    assert.equal(validate(awarded), false, 'the schema checks awardedDate at the top level');
    // The schema check means something: the compacted single-proof form is what it refuses.
    const single = await getJson(credentialUrl(id(1)));
    single.proof = single.proof[0];
    assert.equal(validate(single), false);
    assert.ok(
      validate.errors?.some((e) => e.instancePath === '/proof' && /array/.test(e.message ?? '')),
      JSON.stringify(validate.errors),
    );
  });

  test('the status list has one set bit, the revoked award’s, and no slot for withheld awards', async () => {
    const list = await getJson(`${origin}/status/revocation.json`);
    const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
    const set: number[] = [];
    for (let i = 0; i < bits.length; i++) if (bits.getStatus(i)) set.push(i);
    const revoked = await getJson(credentialUrl(REVOKED));
    assert.deepEqual(set, [Number(revoked.credentialStatus.statusListIndex)]);
    const indexes = await Promise.all(
      PUBLISHED.map(async (a) => (await getJson(credentialUrl(a))).credentialStatus.statusListIndex),
    );
    assert.equal(new Set(indexes).size, PUBLISHED.length, 'one slot per published award');
  });

  test('Open Badges 2.0: hosted documents follow the 2.0 rules when fetched like a verifier', async () => {
    const issuerUrl = `${origin}/issuer.json`;
    const issuer = await getJson(issuerUrl);
    assert.equal(issuer['@context'], 'https://w3id.org/openbadges/v2');
    assert.equal(issuer.id, issuerUrl, 'issuer id is its URL');
    for (const field of ['type', 'name', 'url', 'email']) assert.ok(issuer[field], `Issuer.${field}`);
    const revocations = await getJson(issuer.revocationList);
    assert.equal(revocations.id, issuer.revocationList);
    assert.deepEqual(
      revocations.revokedAssertions.map((r: Json) => r.id),
      [`${origin}/badges/${REVOKED}/assertion.json`],
    );
    for (const awardId of PUBLISHED) {
      const url = `${origin}/badges/${awardId}/assertion.json`;
      const assertion = await getJson(url);
      assert.equal(assertion.id, url, 'assertion id is exactly its URL');
      assert.equal(assertion['@context'], 'https://w3id.org/openbadges/v2');
      if (awardId === REVOKED) {
        assert.equal(assertion.revoked, true);
        assert.ok(assertion.revocationReason);
        continue;
      }
      for (const field of ['type', 'recipient', 'badge', 'verification', 'issuedOn'])
        assert.ok(assertion[field], `${awardId}: Assertion.${field}`);
      assert.deepEqual(assertion.verification, { type: 'hosted' });
      assert.match(assertion.issuedOn, /(Z|[+-]\d\d:\d\d)$/, 'issuedOn has a time zone');
      // Hosted verification: the assertion lives on the issuer's host, under its policy.
      assert.equal(new URL(url).host, new URL(issuer.id).host);
      assert.ok(url.startsWith(issuer.verification.startsWith));
      const { recipient } = assertion;
      assert.equal(recipient.type, 'email');
      assert.equal(recipient.hashed, true);
      const email = fixtureEmails.get(awardId)!;
      assert.equal(
        recipient.identity,
        'sha256$' +
          createHash('sha256')
            .update(email + recipient.salt)
            .digest('hex'),
      );
      const badge = await getJson(assertion.badge);
      assert.equal(badge.id, assertion.badge, 'badge class id is its URL');
      for (const field of ['type', 'name', 'description', 'image', 'criteria', 'issuer'])
        assert.ok(badge[field], `BadgeClass.${field}`);
      assert.equal(badge.issuer, issuer.id);
      assert.equal((await get(badge.image)).status, 200, 'badge image is served');
      if (awardId === EXPIRED) assert.ok(Date.parse(assertion.expires) < Date.now());
    }
  });

  test('baked images read back to the published credential and assertion', async () => {
    for (const awardId of PUBLISHED.filter((a) => a !== REVOKED)) {
      const credential = readFileSync(path.join(dist, `badges/${awardId}/credential.json`), 'utf8');
      const assertion = readFileSync(path.join(dist, `badges/${awardId}/assertion.json`), 'utf8');
      const baked = await bakedBadgesFromSite(dist, awardId);
      const ob3Png = readBakedPng(baked['ob3-png'], OB3_PNG_KEYWORD);
      const ob3Svg = readBakedSvg(new TextDecoder().decode(baked['ob3-svg']));
      const ob2Png = readBakedPng(baked['ob2-png'], OB2_PNG_KEYWORD);
      assert.deepEqual(JSON.parse(ob3Png!), JSON.parse(credential), `${awardId} OB 3.0 PNG`);
      assert.deepEqual(JSON.parse(ob3Svg!), JSON.parse(credential), `${awardId} OB 3.0 SVG`);
      assert.deepEqual(JSON.parse(ob2Png!), JSON.parse(assertion), `${awardId} OB 2.0 PNG`);
    }
    const svg = new TextDecoder().decode((await bakedBadgesFromSite(dist, id(1)))['ob3-svg']);
    const [baked] = await verifyWithVerifierCore([JSON.parse(readBakedSvg(svg)!)], certFile);
    assert.equal(verifierStep(baked!, 'valid_signature'), true, 'the credential taken out of the SVG verifies');
    await assert.rejects(bakedBadgesFromSite(dist, REVOKED), /revoked/, 'a revoked award has nothing to bake');
  });

  test('award pages offer the downloads, baked in the browser; no baked file per award; a revoked award says so', () => {
    const page = readFileSync(path.join(dist, `badges/${id(1)}/index.html`), 'utf8');
    for (const file of ['credential.json', 'assertion.json'])
      assert.ok(page.includes(`/badges/${id(1)}/${file}"`), `link to ${file}`);
    // The bake buttons work only with JavaScript: the page's script makes them (tests/e2e/baked-downloads.test.ts).
    assert.ok(
      page.includes('<ul class="download-links">') && !page.includes('data-bake'),
      'the downloads list, without bake buttons',
    );
    assert.ok(page.includes('<noscript>'), 'without JavaScript the page says where the credential is');
    // The artwork the page bakes from is published once per badge class, in both formats.
    for (const format of ['png', 'svg']) {
      const artwork = page.match(new RegExp(`data-artwork-${format}="([^"]+)"`))?.[1];
      assert.ok(artwork && existsSync(path.join(dist, artwork)), `${format} artwork ${artwork} is published`);
    }
    for (const awardId of PUBLISHED) {
      const files = readdirSync(path.join(dist, 'badges', awardId)).sort();
      assert.deepEqual(
        files,
        ['assertion.json', 'card.png', 'credential.json', 'index.html'],
        `${awardId}: four files, no baked image`,
      );
    }
    const revoked = readFileSync(path.join(dist, `badges/${REVOKED}/index.html`), 'utf8');
    assert.ok(revoked.includes('data-credential-revoked'));
    assert.ok(!revoked.includes('data-bake'), 'no download offered for a revoked award');
    assert.ok(
      existsSync(path.join(dist, `badges/${REVOKED}/credential.json`)),
      'the revoked credential stays published',
    );
  });

  test('withheld awards have no credential, no file, no line anywhere', () => {
    for (const awardId of WITHHELD) assert.ok(!existsSync(path.join(dist, 'badges', awardId)), awardId);
    for (const file of filesUnder(dist).filter((f) => /\.(json|svg|html|txt)$|_headers$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      for (const awardId of WITHHELD) assert.ok(!text.includes(awardId), `${awardId} in ${file}`);
    }
  });

  test('the signing key never reaches the site; .nojekyll and _headers do', () => {
    const key = JSON.parse(readFileSync(path.join(projectRoot, DEV_KEY_FILE), 'utf8')) as {
      secretKeyMultibase: string;
    };
    for (const file of filesUnder(dist)) {
      assert.ok(!readFileSync(file).includes(key.secretKeyMultibase), `secret key in ${file}`);
    }
    assert.ok(existsSync(path.join(dist, '.nojekyll')));
    assert.match(
      readFileSync(path.join(dist, '_headers'), 'utf8'),
      /\/\.well-known\/did\.json\n {2}Content-Type: application\/json/,
    );
  });

  test('rebuilding unchanged content re-signs and re-renders nothing and writes the same site, byte for byte', () => {
    const again = runBuild({
      siteUrl: `${origin}/`,
      outDir: path.join(tempDir, 'rebuild'),
      env: { EMBLEM_BUILD_CACHE: buildCache },
    });
    assert.equal(again.status, 0, again.stderr);
    // Every award's files are kept under their key; only the status list's proof is looked up.
    assert.match(again.stdout, /8 unchanged \(their files kept\), 0 signed, 1 proof\(s\) reused;/);
    assert.match(again.stdout, /award pages: 8 \(0 rendered in process, 8 unchanged from the cache\)/);
    assert.match(again.stdout, /verify: every published credential\(s\) verified against the output/);
    // Every file of the warm build is the cold build's (issue 14): pages, credentials, cards, lists, scripts.
    const files = (dir: string) =>
      filesUnder(dir)
        .map((f) => path.relative(dir, f))
        .sort();
    assert.deepEqual(files(again.outDir), files(dist));
    for (const relative of files(dist)) {
      assert.ok(
        readFileSync(path.join(again.outDir, relative)).equals(readFileSync(path.join(dist, relative))),
        `${relative} changed`,
      );
    }
  });

  test('a corrupted proof in the cache is caught and signed again: the published credential verifies', async () => {
    const proofs = path.join(buildCache, 'proofs');
    const published = JSON.parse(readFileSync(path.join(dist, `badges/${id(1)}/credential.json`), 'utf8')) as Json;
    const cachedFile = filesUnder(proofs).find((f) => readFileSync(f, 'utf8').includes(published.proof[0].proofValue));
    assert.ok(cachedFile, 'the proof of award 1 is in the cache');
    const entry = JSON.parse(readFileSync(cachedFile, 'utf8')) as Json;
    const value = entry.proof.proofValue as string;
    entry.proof.proofValue = value.slice(0, 30) + (value[30] === 'A' ? 'B' : 'A') + value.slice(31);
    writeFileSync(cachedFile, JSON.stringify(entry));
    // The award files kept from the last build would be used as they are: without them, proofs are checked.
    const keptFiles = path.join(buildCache, 'credentials');
    const keptAside = `${keptFiles}-aside`;
    renameSync(keptFiles, keptAside);
    const rebuilt = runBuild({
      siteUrl: `${origin}/`,
      outDir: path.join(tempDir, 'poisoned-cache'),
      env: { EMBLEM_BUILD_CACHE: buildCache },
    });
    rmSync(keptFiles, { recursive: true, force: true });
    renameSync(keptAside, keptFiles);
    assert.equal(rebuilt.status, 0, rebuilt.stdout + rebuilt.stderr);
    assert.match(
      rebuilt.stdout,
      /1 signed, 8 proof\(s\) reused \(1 cached proof\(s\) did not verify and were signed again\)/,
    );
    const credential = JSON.parse(
      readFileSync(path.join(rebuilt.outDir, `badges/${id(1)}/credential.json`), 'utf8'),
    ) as Json;
    assert.notEqual(credential.proof[0].proofValue, entry.proof.proofValue);
    const [result] = await verifyWithVerifierCore([credential], certFile);
    assert.equal(verifierStep(result!, 'valid_signature'), true, JSON.stringify(result));
  });

  test('an award file kept in the cache and edited there is made again: the published credential is the signed one', async () => {
    const keptFiles = path.join(buildCache, 'credentials');
    const published = readFileSync(path.join(dist, `badges/${id(1)}/credential.json`));
    const keptFile = filesUnder(keptFiles).find((f) => readFileSync(f).equals(published));
    assert.ok(keptFile, 'the credential of award 1 is kept in the cache');
    const edited = published.toString('utf8').replace('"name":', '"name": "Forged",  "x":');
    assert.notEqual(edited, published.toString('utf8'));
    rmSync(keptFile);
    writeFileSync(keptFile, edited);
    const rebuilt = runBuild({
      siteUrl: `${origin}/`,
      outDir: path.join(tempDir, 'edited-kept-file'),
      env: { EMBLEM_BUILD_CACHE: buildCache },
    });
    assert.equal(rebuilt.status, 0, rebuilt.stdout + rebuilt.stderr);
    assert.match(rebuilt.stdout, /7 unchanged \(their files kept\), 0 signed, 2 proof\(s\) reused;/);
    const credential = readFileSync(path.join(rebuilt.outDir, `badges/${id(1)}/credential.json`));
    assert.ok(credential.equals(published), 'the credential published is the one signed before');
    const [result] = await verifyWithVerifierCore([JSON.parse(credential.toString('utf8')) as Json], certFile);
    assert.equal(verifierStep(result!, 'valid_signature'), true, JSON.stringify(result));
  });

  test('revoking an award in content flips its bit and keeps its index; new awards move nobody', async () => {
    const content = path.join(tempDir, 'content');
    cpSync(fixtureContent, content, { recursive: true });
    const awardsFile = path.join(content, 'awards/fixture-awards.yaml');
    const yaml = readFileSync(awardsFile, 'utf8').replace(
      `badge: cloud-fundamentals\n    issuedOn: "2025-03-14T10:20:00+09:00"\n`,
      `badge: cloud-fundamentals\n    issuedOn: "2025-03-14T10:20:00+09:00"\n    revoked: { on: "2026-01-01T00:00:00+09:00", reason: Duplicate record. }\n`,
    );
    assert.notEqual(yaml, readFileSync(awardsFile, 'utf8'));
    writeFileSync(
      awardsFile,
      yaml +
        `  - id: 00000000-0000-4000-8000-000000000099\n    recipient: { name: New Person, email: fixture.new@mail.example.com }\n    badge: cloud-fundamentals\n    issuedOn: "2026-11-01T10:00:00+09:00"\n`,
    );
    const changed = runBuild({
      siteUrl: `${origin}/`,
      contentDir: content,
      outDir: path.join(tempDir, 'revoked-build'),
    });
    assert.equal(changed.status, 0, changed.stderr);
    const before = await Promise.all(
      PUBLISHED.map(async (a) => (await getJson(credentialUrl(a))).credentialStatus.statusListIndex),
    );
    const read = (a: string) =>
      JSON.parse(readFileSync(path.join(changed.outDir, `badges/${a}/credential.json`), 'utf8')) as Json;
    assert.deepEqual(
      PUBLISHED.map((a) => read(a).credentialStatus.statusListIndex),
      before,
      'indexes unchanged',
    );
    const list = JSON.parse(readFileSync(path.join(changed.outDir, 'status/revocation.json'), 'utf8')) as Json;
    const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
    assert.equal(bits.getStatus(Number(before[0])), true, 'award 1 is now revoked');
    assert.equal(bits.getStatus(Number(before[PUBLISHED.indexOf(REVOKED)])), true);
    assert.equal(
      JSON.parse(readFileSync(path.join(changed.outDir, `badges/${id(1)}/assertion.json`), 'utf8')).revoked,
      true,
    );
  });
});
