/**
 * The issuer's signing key and its did:web identity. Pure: reading the key from
 * the environment or a file is done by the build (src/steps/credentials/signing-key.ts).
 *
 * A key is an Ed25519 Multikey, stored as JSON
 * `{"publicKeyMultibase":"z6Mk…","secretKeyMultibase":"zrv…"}`. Its
 * verification method id is `<did>#<publicKeyMultibase>`, so every key has its
 * own id and earlier keys can stay in the DID document after a rotation.
 */
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { SiteUrls } from '../site-urls.ts';

export interface SigningKey {
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

const PUBLIC_KEY = /^z6Mk[1-9A-HJ-NP-Za-km-z]{40,}$/;

/** did:web of the site: host (port as %3A) plus base path segments. */
export function siteDid(urls: SiteUrls): string {
  const { host } = new URL(urls.origin);
  const segments = urls.base.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', encodeURIComponent(host), ...segments].join(':');
}

export function verificationMethodId(did: string, publicKeyMultibase: string): string {
  return `${did}#${publicKeyMultibase}`;
}

export async function generateSigningKey(): Promise<SigningKey> {
  const pair = await Ed25519Multikey.generate();
  return { publicKeyMultibase: pair.publicKeyMultibase, secretKeyMultibase: pair.secretKeyMultibase! };
}

/** Parses and checks a stored key (the two halves must belong together). */
export async function parseSigningKey(text: string, source: string): Promise<SigningKey> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(
      `Signing key from ${source} is not JSON (expected {"publicKeyMultibase":"z6Mk…","secretKeyMultibase":"zrv…"}; run npm run keygen)`,
    );
  }
  const { publicKeyMultibase, secretKeyMultibase } = (data ?? {}) as Partial<SigningKey>;
  if (
    typeof publicKeyMultibase !== 'string' ||
    !PUBLIC_KEY.test(publicKeyMultibase) ||
    typeof secretKeyMultibase !== 'string'
  ) {
    throw new Error(
      `Signing key from ${source} needs publicKeyMultibase (z6Mk…) and secretKeyMultibase (run npm run keygen)`,
    );
  }
  const key = { publicKeyMultibase, secretKeyMultibase };
  const pair = await keyPair(key, 'did:example:check');
  const probe = new TextEncoder().encode('emblem key check');
  const signature = await pair.signer().sign({ data: probe });
  const verifier = (
    pair as unknown as { verifier(): { verify(o: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> } }
  ).verifier();
  if (!(await verifier.verify({ data: probe, signature }))) {
    throw new Error(`Signing key from ${source}: the secret key does not belong to the public key`);
  }
  return key;
}

export function keyPair(key: SigningKey, did: string): Promise<Ed25519Multikey.Ed25519KeyPair> {
  return Ed25519Multikey.from({
    type: 'Multikey',
    id: verificationMethodId(did, key.publicKeyMultibase),
    controller: did,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
}

/** Earlier public keys, separated by commas or white space (EMBLEM_PREVIOUS_KEYS). */
export function parsePreviousKeys(text: string | undefined): string[] {
  const keys = (text ?? '').split(/[\s,]+/).filter(Boolean);
  for (const key of keys)
    if (!PUBLIC_KEY.test(key)) throw new Error(`Previous key "${key}" is not an Ed25519 public Multikey (z6Mk…)`);
  return [...new Set(keys)];
}

/**
 * The DID document: the current key first, then earlier ones, all allowed to
 * assert credentials (so credentials signed before a rotation still verify).
 * Drop a key from the list to make its credentials fail, e.g. after a leak.
 */
export function didDocument(
  did: string,
  currentPublicKey: string,
  previousPublicKeys: readonly string[] = [],
): Record<string, unknown> {
  const keys = [currentPublicKey, ...previousPublicKeys.filter((k) => k !== currentPublicKey)];
  const ids = keys.map((k) => verificationMethodId(did, k));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: keys.map((k, i) => ({ id: ids[i], type: 'Multikey', controller: did, publicKeyMultibase: k })),
    assertionMethod: ids,
    authentication: [ids[0]],
  };
}
