/**
 * The fixture site built for an HTTPS origin on loopback and served with a
 * self-signed certificate, as did:web requires: for the verify CLI, the
 * verify page and the verifier-core cross-check. The port is chosen once per
 * test run (kept in .tmp/builds, which npm test clears), so every test file
 * reuses the same build. Only Node processes (the CLI test) listen on that
 * port; browser tests serve on a port of their own and map the site's
 * host:port to it in Chromium (`hosts`), so files running at once never
 * compete for the one port.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { serveStatic } from '../../scripts/lib/static-server.ts';
import { createDocumentLoader } from '../../src/lib/credentials/document-loader.ts';
import { buildSite, projectRoot } from './site-build.ts';
import { serveForBrowser } from './site-server.ts';
import { freePort, selfSignedCertificate } from './tls.ts';

export interface HttpsFixtureSite {
  origin: string;
  siteUrl: string;
  outDir: string;
  /** PEM certificate to trust (NODE_EXTRA_CA_CERTS); empty when served for a browser, which ignores certificate errors. */
  certFile: string;
  /** For launchBrowser({ hosts }) when served for a browser; empty otherwise. */
  hosts: Record<string, string>;
  close(): Promise<void>;
}

async function runPort(): Promise<number> {
  const file = path.join(projectRoot, '.tmp/builds/verify-https-port');
  if (existsSync(file)) return Number(readFileSync(file, 'utf8'));
  const port = await freePort();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, String(port));
  return port;
}

export async function startHttpsFixtureSite(options: { forBrowser?: boolean } = {}): Promise<HttpsFixtureSite> {
  const port = await runPort();
  const siteUrl = `https://localhost:${port}/`;
  const outDir = buildSite({ siteUrl });
  const origin = new URL(siteUrl).origin;
  if (options.forBrowser) {
    const site = await serveForBrowser(outDir, siteUrl);
    return { origin, siteUrl, outDir, certFile: '', hosts: site.hosts, close: site.close };
  }
  const { key, cert, certFile, dir } = selfSignedCertificate();
  const server = await serveStatic({ root: outDir, port, tls: { key, cert } });
  return {
    origin,
    siteUrl,
    outDir,
    certFile,
    hosts: {},
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const awardId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const AWARD = { valid: awardId(1), expired: awardId(3), revoked: awardId(4), expiring: awardId(13) } as const;

/** The credential with one character of the recipient's name changed. */
export function tamperedCredential(credential: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(credential) as { credentialSubject: { name: string } };
  const name = copy.credentialSubject.name;
  copy.credentialSubject.name = name.slice(0, -1) + (name.at(-1) === 'a' ? 'b' : 'a');
  return copy as unknown as Record<string, unknown>;
}

/** The same credential re-signed by a key of its own (did:key), naming itself as issuer. */
export async function signedByAnotherKey(credential: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { proof: _proof, ...unsigned } = credential;
  return signWithFreshDidKey((did) => ({
    ...unsigned,
    issuer: { ...(unsigned.issuer as Record<string, unknown>), id: did },
  }));
}

/**
 * The forgery a proof set allows: the recipient's name changed, signed by a
 * fresh did:key, with the site's original proof kept first:
 * `proof: [originalSiteProof, attackerProof]`.
 */
export async function forgedProofSet(credential: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { proof, ...unsigned } = tamperedCredential(credential);
  const attacker = await signWithFreshDidKey(() => unsigned);
  return { ...unsigned, proof: [...(Array.isArray(proof) ? proof : [proof]), attacker.proof] };
}

/** Signs the document (which may name the new key's DID) with a fresh did:key. */
async function signWithFreshDidKey(
  document: (did: string) => Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const generated = await Ed25519Multikey.generate();
  const did = `did:key:${generated.publicKeyMultibase}`;
  const pair = await Ed25519Multikey.from({
    type: 'Multikey',
    id: `${did}#${generated.publicKeyMultibase}`,
    controller: did,
    publicKeyMultibase: generated.publicKeyMultibase,
    secretKeyMultibase: generated.secretKeyMultibase,
  });
  return vc.issue({
    credential: structuredClone(document(did)),
    suite: new DataIntegrityProof({ signer: pair.signer(), cryptosuite }),
    documentLoader: createDocumentLoader(),
  });
}
