/**
 * did:web for a site under a base path: the fixture site built for
 * https://localhost:<port>/program/nt/, served over HTTPS with a self-signed
 * certificate, and one credential checked by @digitalcredentials/verifier-core.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { serveStatic } from '../../scripts/lib/static-server.ts';
import { buildInto } from '../helpers/site-build.ts';
import { fileCertificate, freePort, httpsJson } from '../helpers/tls.ts';
import { verifierStep, verifyWithVerifierCore } from '../helpers/verifier-core.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const tempDir = mkdtempSync(path.join(tmpdir(), 'emblem-credentials-base-'));
after(() => rmSync(tempDir, { recursive: true, force: true }));
const { certFile, tls } = fileCertificate();

const getJson = (url: string) => httpsJson(url, tls.cert);

describe('credentials of a site under a base path', () => {
  test('did:web gets the path; the DID document is at <base>/did.json and verifies', async () => {
    const port = await freePort();
    const origin = `https://localhost:${port}`;
    const dist = buildInto(tempDir, 'base-path-site', { siteUrl: `${origin}/program/nt/` });
    const server = await serveStatic({ root: dist, tls, port, base: '/program/nt/' });
    try {
      const credential = await getJson(`${origin}/program/nt/badges/${id(1)}/credential.json`);
      assert.equal(credential.issuer.id, `did:web:localhost%3A${port}:program:nt`);
      assert.equal((await getJson(`${origin}/program/nt/did.json`)).id, credential.issuer.id);
      assert.ok(!existsSync(path.join(dist, '.well-known/did.json')));
      const [result] = await verifyWithVerifierCore([credential], certFile);
      assert.equal(result!.errors, undefined, JSON.stringify(result));
      assert.equal(verifierStep(result!, 'valid_signature'), true);
      assert.equal(verifierStep(result!, 'revocation_status'), true);
    } finally {
      await server.close();
    }
  });
});
