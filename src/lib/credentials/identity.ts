/**
 * Recipient identity as published in credentials: a salted SHA-256 hash of
 * the email, never the email itself.
 *
 * The salt is derived from the award id, so it is different for every award
 * (no shared rainbow table) yet identical on every build (credentials, proofs
 * and CDN caches stay stable). It is public anyway: a verifier needs it.
 *
 * Uses Web Crypto so the verify page can check "is this my email?" in the browser.
 */
const SALT_LABEL = 'emblem recipient salt v1:';

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const SALT_LENGTH = 32;
const saltInput = (awardId: string) => SALT_LABEL + awardId.toLowerCase();
const hashInput = (email: string, salt: string) => normalizeEmail(email) + salt;

export async function recipientSalt(awardId: string): Promise<string> {
  return (await sha256Hex(saltInput(awardId))).slice(0, SALT_LENGTH);
}

/** Emails are compared case-insensitively wherever people type them, so the
 * address is trimmed and lower-cased before hashing (as Badgr does). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Open Badges form: "sha256$" + hex(sha256(email + salt)), salt appended. */
export async function identityHash(email: string, salt: string): Promise<string> {
  return 'sha256$' + (await sha256Hex(hashInput(email, salt)));
}

export interface RecipientIdentity {
  salt: string;
  hash: string;
}

export async function recipientIdentity(awardId: string, email: string): Promise<RecipientIdentity> {
  const salt = await recipientSalt(awardId);
  return { salt, hash: await identityHash(email, salt) };
}

/**
 * The same identity with a synchronous SHA-256 (hex) the caller supplies: the
 * build passes node:crypto's, since Web Crypto costs a thread-pool round trip
 * per digest, two per award on every build.
 */
export function recipientIdentityWith(
  sha256: (text: string) => string,
  awardId: string,
  email: string,
): RecipientIdentity {
  const salt = sha256(saltInput(awardId)).slice(0, SALT_LENGTH);
  return { salt, hash: 'sha256$' + sha256(hashInput(email, salt)) };
}

/** True if this email is the one behind the hash (what a wallet or verifier checks). */
export async function identityMatches(email: string, salt: string, hash: string): Promise<boolean> {
  return (await identityHash(email, salt)) === hash;
}
