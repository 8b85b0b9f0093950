/**
 * Claim tokens: a keyed hash (HMAC-SHA256) of an award's id and badge under
 * the issuer's claim secret. Only someone with the secret can make one, so a
 * token in a submission proves the link came from the issuer's own email;
 * changing the award id or badge in a link breaks it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Version prefix of what is hashed: lets the format change without old tokens
 * silently meaning something else. */
const DOMAIN = 'emblem-claim-v1';

/** Shortest accepted secret (characters): a short secret could be guessed offline from one token. */
export const MIN_SECRET_LENGTH = 32;

export function claimToken(secret: string, awardId: string, badgeId: string): string {
  return createHmac('sha256', secret).update(`${DOMAIN}\n${awardId.toLowerCase()}\n${badgeId}`).digest('base64url');
}

/** Constant-time comparison of a presented token with the expected one. */
export function isValidClaimToken(secret: string, awardId: string, badgeId: string, presented: string): boolean {
  const expected = Buffer.from(claimToken(secret, awardId, badgeId));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
