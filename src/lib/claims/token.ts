/**
 * Claim and manage tokens: a keyed hash (HMAC-SHA256) of an award's id and
 * badge under the issuer's claim secret, with a purpose string. Only someone
 * with the secret can make one, so a token in a submission proves the link
 * came from the issuer's own email; changing the award id or badge breaks it.
 *
 * The purpose keeps the two links apart: a claim link (accept once) cannot be
 * used as a manage link (change later) and the other way round.
 *
 * No Node APIs (@noble/hashes, synchronous): the same code runs in
 * notify/claims:apply under Node and in the host functions on workerd.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

/** Version-prefixed purpose of what is hashed: lets the format change without old tokens silently meaning something else. */
export const TOKEN_PURPOSES = { claim: 'emblem-claim-v1', manage: 'emblem-manage-v1' } as const;
export type TokenPurpose = keyof typeof TOKEN_PURPOSES;

/** Shortest accepted secret (characters): a short secret could be guessed offline from one token. */
export const MIN_SECRET_LENGTH = 32;

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function purposeToken(purpose: TokenPurpose, secret: string, awardId: string, badgeId: string): string {
  const message = `${TOKEN_PURPOSES[purpose]}\n${awardId.toLowerCase()}\n${badgeId}`;
  return base64url(hmac(sha256, encoder.encode(secret), encoder.encode(message)));
}

export function claimToken(secret: string, awardId: string, badgeId: string): string {
  return purposeToken('claim', secret, awardId, badgeId);
}

export function manageToken(secret: string, awardId: string, badgeId: string): string {
  return purposeToken('manage', secret, awardId, badgeId);
}

/** Constant-time comparison of a presented token with the expected one for that purpose. */
export function isValidToken(
  purpose: TokenPurpose,
  secret: string,
  awardId: string,
  badgeId: string,
  presented: string,
): boolean {
  const expected = purposeToken(purpose, secret, awardId, badgeId);
  if (presented.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ presented.charCodeAt(i);
  return difference === 0;
}

export function isValidClaimToken(secret: string, awardId: string, badgeId: string, presented: string): boolean {
  return isValidToken('claim', secret, awardId, badgeId, presented);
}
