/**
 * The known-issuer registry entry: made from the issuer file, read back by
 * the registry client verifier-core and the Learner Credential Wallet use
 * (@digitalcredentials/issuer-registry-client, "dcc-legacy" registries),
 * served from a folder on loopback as a site would serve it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { RegistryClient } from '@digitalcredentials/issuer-registry-client';
import YAML from 'yaml';
import { serveStatic } from '../../../../scripts/lib/static-server.ts';
import { siteDid } from '../../../../src/lib/credentials/keys.ts';
import { registryEntry } from '../../../../src/lib/credentials/registry-entry.ts';
import { issuerSchema } from '../../../../src/lib/content/schema.ts';
import { sitePaths, siteUrls } from '../../../../src/lib/site-urls.ts';
import { projectRoot } from '../../../helpers/site-build.ts';

const sampleIssuer = () =>
  YAML.parse(readFileSync(path.join(projectRoot, 'content/issuer.yaml'), 'utf8')) as Record<string, unknown>;

describe('known-issuer registry entry', () => {
  const urls = siteUrls('https://badges.nuritech.example.org/');
  const did = siteDid(urls);

  test('lists the DID with the name in every language, the URL and the location', () => {
    const issuer = issuerSchema.parse({ ...sampleIssuer(), location: 'Seoul, South Korea' });
    const entry = registryEntry(issuer, did);
    assert.deepEqual(Object.keys(entry.registry), ['did:web:badges.nuritech.example.org']);
    assert.deepEqual(entry.registry[did], {
      name: issuer.name.ko,
      url: 'https://nuritech.example.org/',
      location: 'Seoul, South Korea',
      'name#ko': issuer.name.ko,
      'name#en': issuer.name.en,
      'name#ja': issuer.name.ja,
    });
    assert.equal(entry.federation_entity['organization_name#en'], 'NuriTech Certification Program');
    assert.equal(entry.federation_entity.homepage_uri, 'https://nuritech.example.org/');
  });

  test('without a location the entry has none (never an empty string)', () => {
    const entry = registryEntry(issuerSchema.parse(sampleIssuer()), did);
    assert.ok(!('location' in entry.registry[did]!));
    assert.ok(!('location' in entry.federation_entity));
  });

  test('the issuer file refuses an empty, multi-line or overlong location', () => {
    for (const location of ['  ', 'Seoul\nKorea', 'x'.repeat(201), 42]) {
      const result = issuerSchema.safeParse({ ...sampleIssuer(), location });
      assert.equal(result.success, false, JSON.stringify(location));
      assert.deepEqual(result.error?.issues[0]?.path, ['location']);
    }
  });

  test('a DCC registry client finds the issuer in the served file', async () => {
    const issuer = issuerSchema.parse({ ...sampleIssuer(), location: 'Seoul, South Korea' });
    const root = mkdtempSync(path.join(tmpdir(), 'emblem-registry-'));
    const server = await serveStatic({ root });
    try {
      const local = siteUrls(`${server.origin}/`);
      const localDid = siteDid(local);
      const file = path.join(root, sitePaths.registryEntry(local.base));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(registryEntry(issuer, localDid)));
      const client = new RegistryClient();
      client.use({
        registries: [
          { type: 'dcc-legacy', name: 'Test registry', url: local.url(sitePaths.registryEntry(local.base)) },
        ],
      });
      const { matchingIssuers, uncheckedRegistries } = await client.lookupIssuersFor(localDid);
      assert.deepEqual(uncheckedRegistries, []);
      // The client's typings still describe its older shape ({name, url, location}); it returns federation_entity.
      const found = matchingIssuers[0]?.issuer as unknown as { federation_entity?: unknown } | undefined;
      assert.deepEqual(found?.federation_entity, {
        organization_name: issuer.name.ko,
        homepage_uri: 'https://nuritech.example.org/',
        location: 'Seoul, South Korea',
      });
      assert.deepEqual((await client.lookupIssuersFor('did:web:someone.else.example')).matchingIssuers, []);
    } finally {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
