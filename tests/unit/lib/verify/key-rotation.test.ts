/**
 * Rotated, retired, compromised and removed keys, offline bundles and
 * registry facts: a site signed with the project's credential modules and a
 * key history (content/keys.yaml as the build publishes it), served over
 * HTTPS on loopback for verifier-core (did:web needs HTTPS). The project's
 * verifier reads the same files (a fetch over the site folder: the HTTP
 * transport is the CLI and e2e tests' business) and both must agree on every
 * case but one, the retired key used after its retirement, where only the
 * project's verifier knows the key's window (see the test).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import YAML from 'yaml';
import { serveStatic, type StaticServer } from '../../../../scripts/lib/static-server.ts';
import { issuerSchema } from '../../../../src/lib/content/schema.ts';
import { createDocumentLoader } from '../../../../src/lib/credentials/document-loader.ts';
import {
  historyDidDocument,
  type KeyHistory,
  keyHistoryDocument,
} from '../../../../src/lib/credentials/key-history.ts';
import { generateSigningKey, siteDid, type SigningKey } from '../../../../src/lib/credentials/keys.ts';
import { createCredentialSigner } from '../../../../src/lib/credentials/ob3.ts';
import { registryEntry } from '../../../../src/lib/credentials/registry-entry.ts';
import { statusEntry, statusListCredential } from '../../../../src/lib/credentials/status-list.ts';
import { sitePaths, siteUrls, type SiteUrls } from '../../../../src/lib/site-urls.ts';
import { verifyBadge, type VerifyResult } from '../../../../src/lib/verify/index.ts';
import {
  bundleFetch,
  makeOfflineBundle,
  type OfflineBundle,
  readOfflineBundle,
  siteOfCredentialUrl,
} from '../../../../src/lib/verify/offline-bundle.ts';
import { freePort, selfSignedCertificate, type TestCertificate } from '../../../helpers/tls.ts';
import { type VerifierResult, verifyWithVerifierCore } from '../../../helpers/verifier-core.ts';
import { projectRoot } from '../../../helpers/site-build.ts';

type Json = Record<string, unknown>;

/** What a verifier concluded: verified, or the first reason it gave for not. */
type Verdict = 'verified' | `not verified (${string})`;

const LIST_INDEX = { valid: 11, revoked: 22 };
const REVOKED = 'revoked (status list)';

/** The corpus: which key signed, when the proof says it was made, and what each verifier must say. */
const CASES: {
  name: string;
  key: 'old' | 'current' | 'leaked' | 'removed';
  created: string;
  index?: number;
  validUntil?: string;
  ours: string;
  core: 'verified' | 'not verified';
}[] = [
  {
    name: 'old key, within its window',
    key: 'old',
    created: '2024-05-01T00:00:00Z',
    ours: 'verified',
    core: 'verified',
  },
  { name: 'current key', key: 'current', created: '2025-07-01T00:00:00Z', ours: 'verified', core: 'verified' },
  {
    name: 'current key, revoked',
    key: 'current',
    created: '2025-07-01T00:00:00Z',
    index: LIST_INDEX.revoked,
    ours: REVOKED,
    core: 'not verified',
  },
  {
    name: 'compromised key, proof dated before the leak',
    key: 'leaked',
    created: '2023-06-01T00:00:00Z',
    ours: 'key-compromised-earlier',
    core: 'not verified',
  },
  {
    name: 'compromised key, proof dated after the leak',
    key: 'leaked',
    created: '2024-07-01T00:00:00Z',
    ours: 'key-compromised',
    core: 'not verified',
  },
  { name: 'removed key', key: 'removed', created: '2025-07-01T00:00:00Z', ours: 'unknown-key', core: 'not verified' },
  // The one difference: only the key's holder (the issuer) can make this proof, so it is an issuer's mistake,
  // not a forgery; did.json carries no window (CID 1.0's `expires` would stop what the key signed before),
  // so a verifier that reads did.json alone accepts it. A leak is what `compromised` is for.
  {
    name: 'current key, expired since',
    key: 'current',
    created: '2025-07-01T00:00:00Z',
    validUntil: '2026-01-01T00:00:00Z',
    ours: 'validity: expired',
    core: 'not verified',
  },
  {
    name: 'old key, proof dated after its retirement',
    key: 'old',
    created: '2025-07-01T00:00:00Z',
    ours: 'key-retired',
    core: 'verified',
  },
];

interface Site {
  root: string;
  urls: SiteUrls;
  did: string;
  credentials: Json[];
  certificate: TestCertificate;
  server: StaticServer;
  closed?: boolean;
}

let site: Site;

/** The project's verifier over the site's files (no network). */
const siteFetch = (root: string, urls: SiteUrls) =>
  (async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith(urls.site)) return new Response('', { status: 404 });
    try {
      return new Response(readFileSync(path.join(root, url.slice(urls.site.length))), {
        headers: { 'content-type': 'application/json' },
      });
    } catch {
      return new Response('', { status: 404 });
    }
  }) as typeof fetch;

function write(root: string, relative: string, value: unknown) {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value));
}

function unsignedCredential(urls: SiteUrls, did: string, n: number, index: number, validUntil?: string): Json {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: urls.url(sitePaths.ob3Credential(`bbbbbbbb-0000-4000-8000-${String(n).padStart(12, '0')}`)),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Cloud Fundamentals',
    issuer: { id: did, type: ['Profile'], name: 'NuriTech' },
    validFrom: '2023-01-15T00:00:00Z',
    ...(validUntil ? { validUntil } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
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
    credentialStatus: statusEntry(urls.url(sitePaths.statusList()), index),
  };
}

before(async () => {
  const port = await freePort();
  const urls = siteUrls(`https://localhost:${port}/`);
  const did = siteDid(urls);
  const keys: Record<'old' | 'current' | 'leaked' | 'removed', SigningKey> = {
    old: await generateSigningKey(),
    current: await generateSigningKey(),
    leaked: await generateSigningKey(),
    removed: await generateSigningKey(),
  };
  // The leaked key signed in 2023, was replaced by the old key, and leaked from 2024-06; the old key gave way
  // to the current one in 2025-06. The removed key was never in the history.
  const history: KeyHistory = {
    keys: [
      {
        publicKeyMultibase: keys.leaked.publicKeyMultibase,
        validFrom: '2023-01-01T00:00:00Z',
        retiredOn: '2024-01-01T00:00:00Z',
        compromisedFrom: '2024-06-01T00:00:00Z',
      },
      {
        publicKeyMultibase: keys.old.publicKeyMultibase,
        validFrom: '2024-01-01T00:00:00Z',
        retiredOn: '2025-06-01T00:00:00Z',
      },
      { publicKeyMultibase: keys.current.publicKeyMultibase, validFrom: '2025-06-01T00:00:00Z' },
    ],
  };
  const root = mkdtempSync(path.join(tmpdir(), 'emblem-key-rotation-'));
  const didDoc = historyDidDocument(did, keys.current.publicKeyMultibase, history);
  write(root, sitePaths.didDocument(urls.base), didDoc);
  write(root, sitePaths.keyHistory(urls.base), keyHistoryDocument(did, history));
  const issuer = issuerSchema.parse({
    ...(YAML.parse(readFileSync(path.join(projectRoot, 'content/issuer.yaml'), 'utf8')) as Json),
    location: 'Seoul, South Korea',
  });
  write(root, sitePaths.registryEntry(urls.base), registryEntry(issuer, did));
  const documentLoader = createDocumentLoader({ resolveDid: async () => didDoc });
  const signerFor = (key: SigningKey, created: string) =>
    createCredentialSigner({ key, did, documentLoader, now: () => new Date(created) });
  const list = await statusListCredential({
    listUrl: urls.url(sitePaths.statusList()),
    issuer: did,
    revokedIndexes: [LIST_INDEX.revoked],
    validFrom: '2025-07-01T00:00:00Z',
    length: 131_072,
  });
  write(root, sitePaths.statusList(), await (await signerFor(keys.current, '2025-07-01T00:00:00Z')).sign(list));
  const credentials: Json[] = [];
  for (const [n, c] of CASES.entries()) {
    const signer = await signerFor(keys[c.key], c.created);
    credentials.push(await signer.sign(unsignedCredential(urls, did, n, c.index ?? LIST_INDEX.valid, c.validUntil)));
  }
  const certificate = selfSignedCertificate();
  const server = await serveStatic({ root, port, tls: { key: certificate.key, cert: certificate.cert } });
  site = { root, urls, did, credentials, certificate, server };
});

after(async () => {
  if (site && !site.closed) await site.server.close();
  if (site) for (const dir of [site.root, site.certificate.dir]) rmSync(dir, { recursive: true, force: true });
});

/** Ours: verified, the reason of the signature step, or the status step's failure. */
function ourVerdict(result: VerifyResult): string {
  if (result.outcome === 'verified') return 'verified';
  const signature = result.steps.find((s) => s.id === 'signature');
  if (signature?.status === 'failed') return signature.reason ?? 'signature';
  const failed = result.steps.find((s) => s.status === 'failed');
  return failed?.id === 'status' ? REVOKED : `${failed?.id}: ${failed?.reason}`;
}

function coreVerdict(result: VerifierResult): Verdict {
  if (result.errors?.length) return `not verified (${result.errors.map((e) => e.name).join(', ')})`;
  const failed = (result.log ?? []).filter(
    (s) => ['valid_signature', 'revocation_status', 'expiration'].includes(s.id) && s.valid !== true,
  );
  return failed.length ? `not verified (${failed.map((s) => s.id).join(', ')})` : 'verified';
}

describe('rotated, retired, compromised and removed keys', () => {
  test('the project verifier and verifier-core agree on every case but the retired key after retirement', {
    timeout: 60_000,
  }, async () => {
    const fetchFiles = siteFetch(site.root, site.urls);
    const ours = await Promise.all(
      site.credentials.map((c) =>
        verifyBadge({ kind: 'text', text: JSON.stringify(c) }, { siteUrl: site.urls.site, fetch: fetchFiles }),
      ),
    );
    const core = await verifyWithVerifierCore(site.credentials, site.certificate.certFile);
    const rows = CASES.map((c, i) => ({ name: c.name, ours: ourVerdict(ours[i]!), core: coreVerdict(core[i]!) }));
    const agree = rows.filter((r) => (r.ours === 'verified') === (r.core === 'verified')).length;
    console.log(
      `key history corpus: ${agree}/${rows.length} agree\n${rows.map((r) => `  ${r.name}: ours ${r.ours}; verifier-core ${r.core}`).join('\n')}`,
    );
    CASES.forEach((c, i) => {
      assert.equal(rows[i]!.ours, c.ours, `${c.name}: ours`);
      assert.equal(rows[i]!.core === 'verified' ? 'verified' : 'not verified', c.core, `${c.name}: ${rows[i]!.core}`);
    });
    // A compromised key's proof is refused by verifier-core because did.json no longer lists it for assertions.
    for (const i of [3, 4]) assert.match(rows[i]!.core, /invalid_signature|signature/i, CASES[i]!.name);
  });

  test('the messages name the key, the proof date and the date of the key history', async () => {
    const fetchFiles = siteFetch(site.root, site.urls);
    const verify = (i: number) =>
      verifyBadge(
        { kind: 'text', text: JSON.stringify(site.credentials[i]) },
        { siteUrl: site.urls.site, fetch: fetchFiles },
      );
    const earlier = (await verify(3)).steps.find((s) => s.id === 'signature')!;
    assert.match(earlier.message.en, /made on .*2023.* leaked from .*2024.*get the current copy from the award page/);
    assert.match(earlier.message.ko, /유출/);
    const retired = (await verify(7)).steps.find((s) => s.id === 'signature')!;
    assert.match(retired.message.en, /retired on .*2025/);
    assert.match(retired.message.en, /the key did:web:localhost%3A\d+#z6Mk/);
  });
});

describe('offline verification bundle', () => {
  const retrieved = new Date('2025-12-01T00:00:00Z');
  const bundleOf = async (credential: Json): Promise<OfflineBundle> => {
    const fetchFiles = siteFetch(site.root, site.urls);
    return makeOfflineBundle({
      credential,
      site: site.urls.site,
      now: retrieved,
      instructions: { en: 'test' },
      fetchJson: async (url) => {
        const response = await fetchFiles(url);
        return response.ok ? ((await response.json()) as Json) : undefined;
      },
    });
  };

  test('holds the credential, the DID document, the key history, the status list and the registry entry', async () => {
    const bundle = await bundleOf(site.credentials[1]!);
    assert.deepEqual(
      Object.keys(bundle.documents).sort(),
      [
        site.urls.url(sitePaths.keyHistory('/')),
        site.urls.url(sitePaths.registryEntry('/')),
        site.urls.url(sitePaths.didDocument('/')),
        site.urls.url(sitePaths.statusList()),
      ].sort(),
    );
    assert.equal(bundle.retrieved, retrieved.toISOString());
  });

  test('the site of a credential address, with or without a base path', () => {
    for (const site of ['https://badges.example.org/', 'https://example.org/program/', 'http://127.0.0.1:4321/a/b/']) {
      const credentialUrl = siteUrls(site).url(sitePaths.ob3Credential('00000000-0000-4000-8000-000000000001'));
      assert.equal(siteOfCredentialUrl(credentialUrl), site);
    }
    assert.equal(siteOfCredentialUrl('https://example.org/badges/x/assertion.json'), undefined);
  });

  test('its fetch answers only from the bundle; anything else is not a bundle', async () => {
    const bundle = await bundleOf(site.credentials[1]!);
    const fetchBundle = bundleFetch(bundle);
    assert.equal((await fetchBundle(site.urls.url(sitePaths.statusList()))).status, 200);
    assert.equal((await fetchBundle(site.urls.url(sitePaths.ob3Credential('x')))).status, 404);
    assert.equal((await fetchBundle('https://example.org/anything')).status, 404);
    assert.deepEqual(readOfflineBundle(JSON.parse(JSON.stringify(bundle))), { bundle });
    assert.deepEqual(readOfflineBundle(site.credentials[1]), { problem: 'type' });
    assert.deepEqual(readOfflineBundle({ ...bundle, retrieved: 'later' }), { problem: 'retrieved' });
    // A missing required document (the status list) stops the bundle rather than make one that cannot verify.
    await assert.rejects(
      makeOfflineBundle({
        credential: site.credentials[1]!,
        site: site.urls.site,
        now: retrieved,
        instructions: {},
        fetchJson: async (url) => (url.includes('status/') ? undefined : {}),
      }),
      /status\/revocation\.json could not be read for the offline bundle/,
    );
  });

  test('ours and verifier-core give the same verdict from the bundle alone, with the site down', {
    timeout: 60_000,
  }, async () => {
    // The expired one (index 6) expired after the bundle was made: both take the bundle's date for now.
    const bundles = await Promise.all([0, 1, 2, 4, 6].map((i) => bundleOf(site.credentials[i]!)));
    // Nothing but the bundles: the site's server is gone from here on (the later tests read the folder).
    await site.server.close();
    site.closed = true;
    const ours = await Promise.all(
      bundles.map((b) =>
        verifyBadge(
          { kind: 'text', text: JSON.stringify(b.credential) },
          { siteUrl: b.site, fetch: bundleFetch(b), now: new Date(b.retrieved), registry: true },
        ),
      ),
    );
    // Made together, the bundles hold the same documents and date: one verifier-core run answers from all of them.
    const documents = Object.assign({}, ...bundles.map((b) => b.documents)) as Record<string, unknown>;
    const core = await verifyWithVerifierCore(
      bundles.map((b) => b.credential),
      undefined,
      documents,
      retrieved.toISOString(),
    );
    const verdicts = bundles.map((_, i) => [ourVerdict(ours[i]!), coreVerdict(core[i]!)] as const);
    console.log(`offline bundles: ${verdicts.map(([o, c]) => `ours ${o}; verifier-core ${c}`).join(' | ')}`);
    assert.deepEqual(
      verdicts.map(([o]) => o),
      ['verified', 'verified', REVOKED, 'key-compromised', 'verified'],
    );
    assert.deepEqual(
      verdicts.map(([, c]) => c === 'verified'),
      [true, true, false, false, true],
    );
    assert.equal(ours[0]!.registry?.did, site.did, 'the registry facts come from the bundle too');
  });
});

describe('registry facts in the outcome', () => {
  test('an authentic credential of the site carries what the site’s registry entry lists', async () => {
    const result = await verifyBadge(
      { kind: 'text', text: JSON.stringify(site.credentials[1]) },
      { siteUrl: site.urls.site, fetch: siteFetch(site.root, site.urls), registry: true },
    );
    assert.equal(result.outcome, 'verified');
    const entry = JSON.parse(readFileSync(path.join(site.root, sitePaths.registryEntry('/')), 'utf8'));
    const listing = entry.registry[site.did];
    assert.deepEqual(result.registry, {
      did: site.did,
      name: listing.name,
      // Every language the entry names the issuer in.
      names: Object.fromEntries(
        Object.keys(listing)
          .filter((key) => key.startsWith('name#'))
          .map((key) => [key.slice('name#'.length), listing[key]]),
      ),
      url: listing.url,
      location: 'Seoul, South Korea',
      entryUrl: site.urls.url(sitePaths.registryEntry('/')),
    });
  });

  test('no facts unless asked, for a credential that is not authentic, or when the entry lists another DID', async () => {
    const fetchFiles = siteFetch(site.root, site.urls);
    const verify = (credential: Json, fetchImpl = fetchFiles, registry = true) =>
      verifyBadge(
        { kind: 'text', text: JSON.stringify(credential) },
        { siteUrl: site.urls.site, fetch: fetchImpl, registry },
      );
    assert.equal((await verify(site.credentials[1]!, fetchFiles, false)).registry, undefined);
    assert.equal((await verify(site.credentials[5]!)).registry, undefined, 'removed key: not authentic');
    const otherEntry = (async (input: string | URL | Request) => {
      const url = String(input);
      if (url.endsWith('emblem-registry-entry.json'))
        return Response.json({
          registry: { 'did:web:elsewhere.example': { name: 'Other', url: 'https://elsewhere.example/' } },
        });
      return fetchFiles(url);
    }) as typeof fetch;
    const other = await verify(site.credentials[1]!, otherEntry);
    assert.equal(other.outcome, 'verified');
    assert.equal(other.registry, undefined);
  });
});
